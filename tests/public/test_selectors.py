"""Which calls the public pages list, in which group and order."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine

from essaim.funds.enums import StageKind
from essaim.funds.models import CallStage
from essaim.public import selectors

from ..factories import CallFactory, FundFactory

pytestmark = pytest.mark.django_db

PARIS = ZoneInfo("Europe/Paris")
NOW = dt.datetime(2024, 5, 12, 10, 0, tzinfo=PARIS)


def _call(fund, slug, opens, closes, **kwargs):
    return CallFactory(fund=fund, slug=slug, opens_at=opens, closes_at=closes, **kwargs)


@pytest.fixture
def calendar_of_calls(fund):
    day = dt.timedelta(days=1)
    return {
        "open_late": _call(fund, "open-late", NOW - 20 * day, NOW + 12 * day),
        "open_soon": _call(fund, "open-soon", NOW - 5 * day, NOW + 2 * day),
        "upcoming": _call(fund, "upcoming", NOW + 30 * day, NOW + 60 * day),
        "closed_old": _call(fund, "closed-old", NOW - 400 * day, NOW - 360 * day),
        "closed_recent": _call(fund, "closed-recent", NOW - 60 * day, NOW - 30 * day),
        "draft": _call(fund, "draft", NOW - 5 * day, NOW + 5 * day, is_published=False),
    }


def _slugs(calls):
    return [c.slug for c in calls]


def test_home_calls_groups_open_upcoming_closed(calendar_of_calls):
    groups = selectors.home_calls(NOW)
    assert _slugs(groups.open) == ["open-soon", "open-late"]  # closest deadline first
    assert _slugs(groups.upcoming) == ["upcoming"]
    assert _slugs(groups.closed) == ["closed-recent", "closed-old"]  # newest first


def test_home_calls_leave_out_drafts_and_hidden_funds(calendar_of_calls):
    hidden = FundFactory(is_published=False)
    CallFactory(
        fund=hidden, opens_at=NOW - dt.timedelta(days=1), closes_at=NOW + dt.timedelta(days=1)
    )
    groups = selectors.home_calls(NOW)
    assert "draft" not in _slugs(groups.open)
    assert all(c.fund.is_published for c in groups.open)


def test_home_calls_show_only_the_latest_closed_calls(fund):
    for n in range(selectors.HOME_RECENTLY_CLOSED + 2):
        closes = NOW - dt.timedelta(days=10 + n)
        _call(fund, f"closed-{n}", closes - dt.timedelta(days=30), closes)
    closed = selectors.home_calls(NOW).closed
    assert _slugs(closed) == [f"closed-{n}" for n in range(selectors.HOME_RECENTLY_CLOSED)]


def test_call_counts_as_open_until_its_closing_second(fund):
    call = _call(fund, "edge", NOW - dt.timedelta(days=3), NOW)
    assert selectors.home_calls(NOW).open == [call]
    assert selectors.home_calls(NOW + dt.timedelta(seconds=1)).closed == [call]


def test_fund_calls_splits_one_fund_calls(calendar_of_calls, fund):
    CallFactory(opens_at=NOW - dt.timedelta(days=1))  # another fund's call
    groups = selectors.fund_calls(fund, NOW)
    assert _slugs(groups.open) == ["open-soon", "open-late"]
    assert _slugs(groups.upcoming) == ["upcoming"]
    assert _slugs(groups.closed) == ["closed-recent", "closed-old"]


def test_past_calls_grouped_by_fund_then_year_newest_first():
    beta = FundFactory(name="Beta")
    alpha = FundFactory(name="Alpha")
    for fund, year, edition in [
        (alpha, 2021, 1),
        (alpha, 2023, 2),
        (alpha, 2023, 3),
        (beta, 2022, 1),
    ]:
        closes = dt.datetime(year, 3 + edition, 1, 12, tzinfo=PARIS)
        CallFactory(
            fund=fund,
            year=year,
            edition=edition,
            slug=f"{year}-{edition}",
            opens_at=closes - dt.timedelta(days=30),
            closes_at=closes,
        )
    CallFactory(
        fund=alpha, opens_at=NOW - dt.timedelta(days=1), closes_at=NOW + dt.timedelta(days=1)
    )

    groups = selectors.past_calls(NOW)

    assert [g.fund.name for g in groups] == ["Alpha", "Beta"]
    assert [y.year for y in groups[0].years] == [2023, 2021]
    assert _slugs(groups[0].years[0].calls) == ["2023-3", "2023-2"]
    assert _slugs(groups[1].years[0].calls) == ["2022-1"]


class TestCallCalendar:
    def _call_with_stages(self, fund):
        call = CallFactory(
            fund=fund,
            opens_at=dt.datetime(2024, 4, 15, 9, tzinfo=PARIS),
            closes_at=dt.datetime(2024, 5, 24, 12, tzinfo=PARIS),
            stages=[],
        )
        stages = [
            (StageKind.APPLICATION, None, None),
            (StageKind.FIRST_SELECTION, dt.date(2024, 5, 27), dt.date(2024, 6, 5)),
            (StageKind.JURY, dt.date(2024, 6, 20), dt.date(2024, 6, 20)),
            (StageKind.ACCOMPANIMENT, dt.date(2024, 9, 1), None),
        ]
        for position, (kind, starts, ends) in enumerate(stages):
            CallStage.objects.create(
                call=call, kind=kind, starts_on=starts, ends_on=ends, position=position
            )
        return call

    def _periods(self, call, moment):
        return [(s.stage.kind, s.period) for s in selectors.call_calendar(call, moment)]

    def test_application_stage_takes_the_call_dates_and_is_current_while_open(self, fund):
        call = self._call_with_stages(fund)
        steps = selectors.call_calendar(call, NOW)
        assert (steps[0].starts_on, steps[0].ends_on) == (
            dt.date(2024, 4, 15),
            dt.date(2024, 5, 24),
        )
        assert [s.period for s in steps] == ["current", "future", "future", "future"]

    def test_application_stage_ends_at_the_closing_time_not_midnight(self, fund):
        call = self._call_with_stages(fund)
        afternoon = dt.datetime(2024, 5, 24, 15, tzinfo=PARIS)
        assert [p for _k, p in self._periods(call, afternoon)] == [
            "past",
            "future",
            "future",
            "future",
        ]

    def test_dated_stage_is_current_between_its_days(self, fund):
        call = self._call_with_stages(fund)
        moment = dt.datetime(2024, 6, 1, 10, tzinfo=PARIS)
        assert [p for _k, p in self._periods(call, moment)] == [
            "past",
            "current",
            "future",
            "future",
        ]

    def test_stage_without_end_stays_current(self, fund):
        call = self._call_with_stages(fund)
        moment = dt.datetime(2025, 1, 10, 10, tzinfo=PARIS)
        assert [p for _k, p in self._periods(call, moment)] == ["past", "past", "past", "current"]

    def test_between_stages_nothing_is_current(self, fund):
        call = self._call_with_stages(fund)
        moment = dt.datetime(2024, 7, 14, 10, tzinfo=PARIS)
        assert [p for _k, p in self._periods(call, moment)] == ["past", "past", "past", "future"]

    @time_machine.travel(NOW, tick=False)
    def test_stages_follow_their_position(self, fund):
        call = CallFactory(fund=fund, stages=[StageKind.JURY, StageKind.APPLICATION])
        assert [s.stage.kind for s in selectors.call_calendar(call, NOW)] == ["jury", "application"]
