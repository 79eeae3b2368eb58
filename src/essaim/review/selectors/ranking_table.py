"""The ranking as the staff read it: each dossier's line with its reference, title,
organisation, theme and state, filtered and sorted like the page asks.

`ranking_table` runs a fixed number of queries (the ranking's three, plus the dossiers);
filtering and sorting then happen in memory, over a few thousand rows at most.
"""

from dataclasses import dataclass

from django.db.models import QuerySet

from essaim.applications.enums import ApplicationState
from essaim.applications.models import Application
from essaim.applications.selectors import call_application_list
from essaim.funds.models import Call

from ..models import Assignment, ReviewStage
from ..ranking import RankedApplication, rank_stage


@dataclass(frozen=True)
class RankingRow:
    line: RankedApplication
    application: Application

    @property
    def theme_title(self) -> str:
        return self.application.theme.title if self.application.theme_id else ""


def _rows(
    applications: QuerySet[Application], ranking: list[RankedApplication]
) -> list[RankingRow]:
    by_pk = {application.pk: application for application in applications}
    return [
        RankingRow(line, by_pk[line.application_id])
        for line in ranking
        if line.application_id in by_pk
    ]


def ranking_table(stage: ReviewStage) -> list[RankingRow]:
    """Every dossier assigned at `stage`, in ranking order. Four queries."""
    ranking = rank_stage(stage)
    applications = call_application_list(stage.call).filter(
        pk__in=Assignment.objects.filter(stage=stage).values("application_id")
    )
    return _rows(applications, ranking)


def first_selection_table(call: Call, stage: ReviewStage | None) -> list[RankingRow]:
    """The call's dossiers awaiting or having had the first selection (eligible, shortlisted
    or not), with their line of `stage`'s ranking when there is one (else an empty line):
    ranked first, in ranking order, then by reference."""
    ranking = rank_stage(stage) if stage is not None else []
    applications = list(
        call_application_list(call).filter(
            state__in=[
                ApplicationState.ELIGIBLE,
                ApplicationState.SHORTLISTED,
                ApplicationState.NOT_SHORTLISTED,
                ApplicationState.IN_SUPPORT,
            ]
        )
    )
    lines = {line.application_id: line for line in ranking}
    rows = [RankingRow(lines.get(a.pk) or _empty_line(a.pk), a) for a in applications]
    order = {line.application_id: position for position, line in enumerate(ranking)}
    rows.sort(
        key=lambda row: (order.get(row.application.pk, len(order)), row.application.reference or "")
    )
    return rows


def _empty_line(application_id: int) -> RankedApplication:
    return RankedApplication(application_id, 0, None, None, None, None, False, None)


# --- filters and sort -------------------------------------------------------------------------


def filter_rows(
    rows: list[RankingRow],
    *,
    theme_id: int | None = None,
    state: str | None = None,
    disagreement_only: bool = False,
    min_reviews: int | None = None,
) -> list[RankingRow]:
    return [
        row
        for row in rows
        if (theme_id is None or row.application.theme_id == theme_id)
        and (not state or row.application.state == state)
        and (not disagreement_only or row.line.disagreement)
        and (min_reviews is None or row.line.reviews_count >= min_reviews)
    ]


_SORT_VALUES = {
    "rang": lambda row: row.line.rank,
    "reference": lambda row: row.application.reference,
    "titre": lambda row: row.application.title.casefold(),
    "organisme": lambda row: row.application.organisation_name.casefold() or None,
    "theme": lambda row: (
        (row.application.theme.position, row.theme_title) if row.application.theme_id else None
    ),
    "etat": lambda row: row.application.state,
    "avis": lambda row: row.line.reviews_count,
    "moyenne": lambda row: row.line.mean,
    "mediane": lambda row: row.line.median,
    "ecart": lambda row: row.line.spread,
    "normalise": lambda row: row.line.normalised,
    "desaccord": lambda row: row.line.disagreement,
}


def sort_rows(rows: list[RankingRow], sort: str) -> list[RankingRow]:
    """Sort by `sort` ("moyenne", "-moyenne"…). Rows without a value come last whichever
    the direction; ties keep the ranking's order (the sort is stable)."""
    key = sort.lstrip("-")
    value = _SORT_VALUES[key]
    descending = sort.startswith("-")
    with_value = [row for row in rows if value(row) is not None]
    without = [row for row in rows if value(row) is None]
    with_value.sort(key=value, reverse=descending)  # reverse=True keeps ties in order too
    return with_value + without
