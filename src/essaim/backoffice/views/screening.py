"""Eligibility screening for staff: a call's screening list with bulk decisions, and one
dossier screened against the call's checklist."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from essaim.applications.enums import ApplicationState
from essaim.applications.models import Application
from essaim.funds.models import Call
from essaim.review.forms.screening import BulkScreeningForm, ScreeningForm
from essaim.review.selectors.screening import (
    DEFAULT_FILTER,
    SCREENING_FILTERS,
    decision_history,
    screening_counts,
    screening_list,
)
from essaim.review.services.decisions import DecisionError
from essaim.review.services.screening import screen_application, screen_many

from ..access import backoffice_view, get_application, get_call
from ..forms import silence

PAGE_SIZE = 50
# Past this many, the refusals of a bulk decision are summed up rather than listed.
LISTED_FAILURES = 10


def _call_crumbs(call: Call) -> list[tuple[str, str]]:
    return [
        (_("Gestion"), reverse("backoffice:home")),
        (call.title, reverse("backoffice:call_detail", args=[call.pk])),
    ]


def _outcome_words(outcome: str, count: int) -> str:
    if outcome == ApplicationState.ELIGIBLE:
        return ngettext(
            "%(count)s dossier déclaré recevable.", "%(count)s dossiers déclarés recevables.", count
        ) % {"count": count}
    return ngettext(
        "%(count)s dossier déclaré non recevable.",
        "%(count)s dossiers déclarés non recevables.",
        count,
    ) % {"count": count}


def _report(request, outcome: str, result) -> None:
    if result.succeeded:
        messages.success(request, _outcome_words(outcome, len(result.succeeded)))
    for failure in result.failed[:LISTED_FAILURES]:
        messages.error(
            request,
            _("%(reference)s n'a pas été modifié : %(why)s")
            % {"reference": failure.application.reference, "why": failure.message},
        )
    hidden = len(result.failed) - LISTED_FAILURES
    if hidden > 0:
        messages.error(
            request,
            ngettext(
                "%(count)s autre dossier n'a pas été modifié.",
                "%(count)s autres dossiers n'ont pas été modifiés.",
                hidden,
            )
            % {"count": hidden},
        )


@backoffice_view
@require_http_methods(["GET", "POST"])
def call_screening(request, pk: int):
    """The call's dossiers to screen (or screened), with boxes for one decision on many.

    A bulk decision takes two steps: the list with the decision, then a page restating what
    will happen before it is done.
    """
    call = get_call(request, pk, perm="review.manage_selection")
    current = request.GET.get("etat", DEFAULT_FILTER)
    if current not in SCREENING_FILTERS:
        current = DEFAULT_FILTER
    paginator = Paginator(screening_list(call, SCREENING_FILTERS[current][1]), PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))

    posted = request.method == "POST"
    form = BulkScreeningForm(
        request.POST if posted else None,
        queryset=Application.objects.filter(call=call)
        .exclude(state=ApplicationState.DRAFT)
        .only("id", "call_id", "state", "reference", "title")
        .order_by("reference", "id"),
    )
    counts = screening_counts(call)
    context = {
        "call": call,
        "current_fund": call.fund,
        "form": form,
        "page": page,
        "paginator": paginator,
        "current": current,
        "filters": [
            {"value": value, "label": label, "count": counts[value]}
            for value, (label, _states) in SCREENING_FILTERS.items()
        ],
        "selected": form.selected_ids(),
        "rules": call.eligibility_rule_list(),
        "page_title": _("Recevabilité"),
        "breadcrumbs": _call_crumbs(call),
    }
    if posted and "edit" in request.POST:
        silence(form)
    elif posted and form.is_valid():
        chosen = list(form.cleaned_data["applications"])
        outcome = form.cleaned_data["outcome"]
        if "confirm" not in request.POST:
            context["chosen"] = chosen
            context["already_screened"] = [
                a for a in chosen if a.state != ApplicationState.SUBMITTED
            ]
            context["outcome_label"] = ApplicationState(outcome).label
            return render(request, "backoffice/screening/bulk_confirm.html", context)
        result = screen_many(
            applications=chosen,
            outcome=outcome,
            reason=form.cleaned_data["reason"],
            internal_note=form.cleaned_data["internal_note"],
            actor=request.user,
        )
        _report(request, outcome, result)
        return redirect(request.get_full_path())
    return render(request, "backoffice/screening/call_screening.html", context)


@backoffice_view
@require_http_methods(["GET", "POST"])
def application_screening(request, pk: int):
    """One dossier against the call's checklist: eligible, or ineligible with a reason."""
    application = get_application(
        request, pk, Application.objects.select_related("call__fund", "theme")
    )
    if not request.user.has_perm("review.manage_selection", application):
        raise PermissionDenied
    call = application.call
    can_screen = application.state == ApplicationState.SUBMITTED
    form = ScreeningForm(
        request.POST if request.method == "POST" else None, rules=call.eligibility_rule_list()
    )
    if request.method == "POST" and can_screen and form.is_valid():
        outcome = form.cleaned_data["outcome"]
        try:
            screen_application(
                application=application,
                outcome=outcome,
                actor=request.user,
                reason=form.cleaned_data["reason"],
                internal_note=form.cleaned_data["internal_note"],
                checklist=form.checklist_answers(),
            )
        except DecisionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _("Le dossier %(reference)s est déclaré %(outcome)s.")
                % {
                    "reference": application.reference,
                    "outcome": str(ApplicationState(outcome).label).lower(),
                },
            )
            return redirect("backoffice:call_screening", pk=call.pk)
    elif request.method == "POST" and not can_screen:
        messages.error(request, _("Ce dossier a déjà été examiné : sa recevabilité est décidée."))
        return redirect("backoffice:application_screening", pk=application.pk)
    return render(
        request,
        "backoffice/screening/application_screening.html",
        {
            "application": application,
            "call": call,
            "current_fund": call.fund,
            "form": form,
            "can_screen": can_screen,
            "decisions": decision_history(application),
            "page_title": _("Recevabilité"),
            "breadcrumbs": [
                *_call_crumbs(call),
                (_("Recevabilité"), reverse("backoffice:call_screening", args=[call.pk])),
                (
                    application.reference or application.title,
                    reverse("backoffice:application_detail", args=[application.pk]),
                ),
            ],
        },
    )
