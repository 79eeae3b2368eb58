"""Reads behind the public pages. Each selector runs a fixed number of queries.

Only published calls of published funds are ever returned: a draft call or a hidden fund
must not leak through a list, a count or a link.
"""

import datetime as dt
from dataclasses import dataclass, field
from itertools import groupby

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from essaim.funds.enums import StageKind
from essaim.funds.models import Call, CallStage, Fund, Theme

# How many closed calls the home page shows before pointing to "Appels passés".
HOME_RECENTLY_CLOSED = 3


@dataclass(frozen=True)
class CallGroups:
    """A set of calls split by where they stand at one moment."""

    open: list[Call] = field(default_factory=list)
    upcoming: list[Call] = field(default_factory=list)
    closed: list[Call] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not (self.open or self.upcoming or self.closed)


@dataclass(frozen=True)
class YearOfCalls:
    year: int
    calls: list[Call]


@dataclass(frozen=True)
class FundPastCalls:
    fund: Fund
    years: list[YearOfCalls]


def published_funds() -> QuerySet[Fund]:
    return Fund.objects.filter(is_published=True)


def published_calls() -> QuerySet[Call]:
    return Call.objects.published().select_related("fund")


def home_calls(now: dt.datetime) -> CallGroups:
    """Open calls (closest deadline first), upcoming ones (soonest first) and the latest
    closed ones. Three queries."""
    calls = published_calls()
    return CallGroups(
        open=list(calls.open_at(now).order_by("closes_at", "pk")),
        upcoming=list(calls.upcoming_at(now).order_by("opens_at", "pk")),
        closed=list(calls.closed_at(now).order_by("-closes_at", "-pk")[:HOME_RECENTLY_CLOSED]),
    )


def fund_calls(fund: Fund, now: dt.datetime) -> CallGroups:
    """All published calls of one fund, split by status. One query."""
    groups = CallGroups()
    for call in Call.objects.filter(fund=fund, is_published=True).order_by("-opens_at", "-pk"):
        call.fund = fund  # the page already holds the fund: no query per call
        if call.opens_at > now:
            groups.upcoming.append(call)
        elif call.closes_at >= now:
            groups.open.append(call)
        else:
            groups.closed.append(call)
    groups.open.sort(key=lambda c: c.closes_at)
    groups.upcoming.sort(key=lambda c: c.opens_at)
    return groups


def call_for_public_page() -> QuerySet[Call]:
    """The call page's queryset: the call and its fund, themes and stages in three queries."""
    return published_calls().prefetch_related(
        Prefetch("themes", queryset=Theme.objects.order_by("position", "pk")),
        Prefetch("stages", queryset=CallStage.objects.order_by("position", "pk")),
    )


def past_calls(now: dt.datetime) -> list[FundPastCalls]:
    """Closed calls grouped by fund (by name), then by edition year, newest first. One query."""
    calls = (
        published_calls().closed_at(now).order_by("fund__name", "fund_id", "-year", "-closes_at")
    )
    result = []
    for _fund_id, fund_rows in groupby(calls, key=lambda c: c.fund_id):
        fund_rows = list(fund_rows)
        years = [
            YearOfCalls(year=year, calls=list(rows))
            for year, rows in groupby(fund_rows, key=lambda c: c.year)
        ]
        result.append(FundPastCalls(fund=fund_rows[0].fund, years=years))
    return result


# --- the call's calendar ---------------------------------------------------------------------


@dataclass(frozen=True)
class CalendarStep:
    """One stage as the calendar shows it. `period` is 'past', 'current' or 'future'."""

    stage: CallStage
    starts_on: dt.date | None
    ends_on: dt.date | None
    period: str

    @property
    def is_current(self) -> bool:
        return self.period == "current"

    @property
    def is_application(self) -> bool:
        return self.stage.kind == StageKind.APPLICATION


def call_calendar(call: Call, now: dt.datetime) -> list[CalendarStep]:
    """The call's stages in order, with their dates and which one is under way.

    The application stage takes the call's opening and closing days when it has no dates
    of its own. The current stage is the last one that has started and has not ended; a
    stage with no end runs until a later stage starts.
    """
    today = timezone.localdate(now)
    rows = []
    for stage in call.stages.all():
        starts_on, ends_on = stage.starts_on, stage.ends_on
        if stage.kind == StageKind.APPLICATION:
            starts_on = starts_on or timezone.localdate(call.opens_at)
            ends_on = ends_on or timezone.localdate(call.closes_at)
        rows.append((stage, starts_on, ends_on))

    current_index = None
    for index, (stage, starts_on, ends_on) in enumerate(rows):
        if stage.kind == StageKind.APPLICATION:
            # to the minute, not the day: the call closes at noon, not at midnight
            if call.is_open_at(now):
                current_index = index
            continue
        if starts_on and starts_on <= today and (ends_on is None or today <= ends_on):
            current_index = index

    steps = []
    for index, (stage, starts_on, ends_on) in enumerate(rows):
        if current_index is not None:
            period = (
                "current"
                if index == current_index
                else "past"
                if index < current_index
                else "future"
            )
        else:
            period = _period_without_current(stage, starts_on, ends_on, call, now, today)
        steps.append(CalendarStep(stage=stage, starts_on=starts_on, ends_on=ends_on, period=period))
    return steps


def _period_without_current(stage, starts_on, ends_on, call, now, today) -> str:
    if stage.kind == StageKind.APPLICATION:
        return "past" if now > call.closes_at else "future"
    end = ends_on or starts_on
    if end and end < today:
        return "past"
    return "future"


def results_date(calendar: list[CalendarStep]) -> dt.date | None:
    """The day the call's results are (or were) announced, when its calendar says so."""
    for step in calendar:
        if step.stage.kind == StageKind.RESULTS:
            return step.starts_on or step.ends_on
    return None
