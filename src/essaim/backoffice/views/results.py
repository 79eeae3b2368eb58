"""Publishing a call's results: the page that restates what publishing does, and the two
actions (publish, withdraw the publication)."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from essaim.review.selectors.results import public_laureates, results_overview
from essaim.review.services.results import ResultsError, publish_results, unpublish_results

from ..access import backoffice_view, get_call

PERM = "review.publish_results"


@backoffice_view
@require_GET
def call_results(request, pk: int):
    call = get_call(request, pk, perm=PERM)
    return render(
        request,
        "backoffice/results/call_results.html",
        {
            "call": call,
            "current_fund": call.fund,
            "overview": results_overview(call),
            "laureates": public_laureates(call),
            "page_title": _("Publication des résultats"),
            "breadcrumbs": [
                (_("Gestion"), reverse("backoffice:home")),
                (call.title, reverse("backoffice:call_detail", args=[call.pk])),
            ],
        },
    )


@backoffice_view
@require_POST
def call_results_publish(request, pk: int):
    call = get_call(request, pk, perm=PERM)
    try:
        publish_results(call=call, actor=request.user)
    except ResultsError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request, _("Les résultats sont publiés : la page des lauréats est en ligne.")
        )
    return redirect("backoffice:call_results", pk=call.pk)


@backoffice_view
@require_POST
def call_results_unpublish(request, pk: int):
    call = get_call(request, pk, perm=PERM)
    try:
        unpublish_results(call=call, actor=request.user)
    except ResultsError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("La publication des résultats est retirée."))
    return redirect("backoffice:call_results", pk=call.pk)
