"""The public page of a call's results: its laureates, once staff publish them.

Until then, and for an unpublished call or fund, the page answers 404 as if it did not
exist. Only laureates are named; the page adds how many dossiers the call received.
"""

from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from essaim.catalogue.models import Innovation
from essaim.review.selectors.results import first_sentences, public_laureates, received_count

from . import selectors


@require_safe
def call_results(request, fund_slug: str, call_slug: str):
    call = get_object_or_404(selectors.published_calls(), fund__slug=fund_slug, slug=call_slug)
    if call.results_published_at is None:
        raise Http404
    laureates = list(public_laureates(call))
    # the published sheet of each laureate, where one tells how to reproduce it (one query)
    sheets = dict(
        Innovation.objects.filter(
            application__in=[laureate.pk for laureate in laureates], is_published=True
        ).values_list("application_id", "slug")
    )
    for laureate in laureates:
        laureate.summary = first_sentences(laureate.idea)
        laureate.sheet_slug = sheets.get(laureate.pk)
    return render(
        request,
        "public/call_results.html",
        {
            "fund": call.fund,
            "call": call,
            "laureates": laureates,
            "received": received_count(call),
        },
    )
