"""Reads behind a call's results: its laureates as the public sees them, and what staff need
to know before publishing. Fixed query counts."""

import re
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from essaim.applications.enums import ApplicationState
from essaim.applications.models import Application
from essaim.applications.visibility import JURY_OUTCOMES, notified_outcomes
from essaim.funds.models import Call

SUMMARY_SENTENCES = 2
SUMMARY_MAX_CHARS = 320

_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+")

# the public columns of a laureate, and nothing else (contacts, budgets stay private)
PUBLIC_FIELDS = (
    "id",
    "call_id",
    "title",
    "idea",
    "organisation_name",
    "organisation_departement",
    "theme__id",
    "theme__title",
)


def first_sentences(
    text: str, count: int = SUMMARY_SENTENCES, max_chars: int = SUMMARY_MAX_CHARS
) -> str:
    """The first sentences of `text`, cut at a word with "…" if still too long."""
    text = " ".join((text or "").split())
    summary = " ".join(_SENTENCE_END.split(text)[:count])
    if len(summary) > max_chars:
        summary = summary[:max_chars].rsplit(" ", 1)[0].rstrip(",;:") + "…"
    return summary


def public_laureates(call: Call) -> QuerySet[Application]:
    """The call's laureates (accompanied ones included) by title, with their theme."""
    return (
        Application.objects.filter(call=call, state__in=ApplicationState.selected())
        .select_related("theme")
        .only(*PUBLIC_FIELDS)
        .order_by("title", "pk")
    )


def received_count(call: Call) -> int:
    """How many dossiers were submitted to the call (drafts never were)."""
    return Application.objects.filter(call=call).exclude(state=ApplicationState.DRAFT).count()


@dataclass(frozen=True)
class ResultsOverview:
    laureates: int
    waitlisted: int
    not_selected: int
    received: int
    # jury outcomes not yet announced by a mailing: publishing shows them in the portal
    unannounced: int


def results_overview(call: Call) -> ResultsOverview:
    """Counts for the staff's publication page. Three queries."""
    counts = Application.objects.filter(call=call).aggregate(
        laureates=Count("id", filter=Q(state__in=ApplicationState.selected())),
        waitlisted=Count("id", filter=Q(state=ApplicationState.WAITLISTED)),
        not_selected=Count("id", filter=Q(state=ApplicationState.NOT_SELECTED)),
        received=Count("id", filter=~Q(state=ApplicationState.DRAFT)),
    )
    decided = list(
        Application.objects.filter(call=call, state__in=JURY_OUTCOMES).values_list("pk", "state")
    )
    told = notified_outcomes(pk for pk, _state in decided)
    unannounced = sum(1 for pk, state in decided if state not in told.get(pk, set()))
    return ResultsOverview(unannounced=unannounced, **counts)
