"""What each person's iCalendar feed holds: milestones, phases and jury sessions of the
laureates and juries they take part in — and nothing of the others'."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from icalendar import Calendar

from essaim.accompaniment.calendar import build_calendar
from essaim.accompaniment.enums import MilestoneStatus, PhaseStatus
from essaim.applications.enums import TeamAccess
from essaim.applications.models import TeamMember

from ..factories import (
    AccompanimentFactory,
    ApplicationFactory,
    CallFactory,
    FundMembershipFactory,
    JuryMemberFactory,
    JurySessionFactory,
    MilestoneFactory,
    PhaseFactory,
    UserFactory,
    laureate,
)

pytestmark = pytest.mark.django_db

PARIS = ZoneInfo("Europe/Paris")
NOW = dt.datetime(2026, 3, 1, 9, 0, tzinfo=PARIS)


def uids(user, *, now=NOW) -> set[str]:
    calendar = Calendar.from_ical(build_calendar(user, now=now))
    return {str(event["uid"]).split("@")[0] for event in calendar.walk("VEVENT")}


@pytest.fixture
def world(call, applicant, co_applicant, staff):
    """Two laureates of the same call with their own coach; a laureate of another fund;
    two jury sessions (one per fund)."""
    coach, other_coach, evaluator, owner = (UserFactory() for _ in range(4))
    mine = AccompanimentFactory(
        application=laureate(ApplicationFactory(call=call, created_by=applicant, complete=True)),
        coach=coach,
        evaluator=evaluator,
    )
    TeamMember.objects.create(
        application=mine.application,
        user=co_applicant,
        full_name="Bob Durand",
        job_title="Agent",
        access=TeamAccess.EDITOR,
    )
    theirs = AccompanimentFactory(
        application=laureate(ApplicationFactory(call=call, complete=True)), coach=other_coach
    )
    elsewhere = AccompanimentFactory()  # another fund's laureate
    juror = UserFactory()
    session = JurySessionFactory(call=call, starts_at=dt.datetime(2026, 3, 20, 14, 0, tzinfo=PARIS))
    JuryMemberFactory(session=session, user=juror)
    other_session = JurySessionFactory(call=elsewhere.application.call)
    return {
        "coach": coach,
        "other_coach": other_coach,
        "evaluator": evaluator,
        "owner": owner,
        "juror": juror,
        "mine": mine,
        "theirs": theirs,
        "elsewhere": elsewhere,
        "m_mine": MilestoneFactory(accompaniment=mine, due_on=dt.date(2026, 4, 15)),
        "m_theirs": MilestoneFactory(accompaniment=theirs, owner=owner),
        "m_elsewhere": MilestoneFactory(accompaniment=elsewhere),
        "p_mine": PhaseFactory(
            accompaniment=mine,
            name="Entretiens usagers",
            planned_start=dt.date(2026, 3, 2),
            planned_end=dt.date(2026, 3, 27),
            status=PhaseStatus.IN_PROGRESS,
        ),
        "p_theirs": PhaseFactory(
            accompaniment=theirs, planned_start=dt.date(2026, 3, 2), planned_end=dt.date(2026, 4, 3)
        ),
        "session": session,
        "other_session": other_session,
    }


def test_coach_gets_their_laureates_dates_only(world):
    w = world
    assert uids(w["coach"]) == {f"jalon-{w['m_mine'].pk}", f"phase-{w['p_mine'].pk}"}


def test_evaluator_and_team_members_get_their_laureates_dates(world, applicant, co_applicant):
    w = world
    expected = {f"jalon-{w['m_mine'].pk}", f"phase-{w['p_mine'].pk}"}
    assert uids(w["evaluator"]) == expected
    assert uids(applicant) == expected
    assert uids(co_applicant) == expected


def test_a_listed_team_member_without_edit_rights_gets_nothing(world, outsider):
    TeamMember.objects.create(
        application=world["mine"].application,
        user=outsider,
        full_name="Charlie Petit",
        job_title="Agent",
        access=TeamAccess.LISTED,
    )
    assert uids(outsider) == set()


def test_milestone_owner_gets_that_milestone_only(world):
    assert uids(world["owner"]) == {f"jalon-{world['m_theirs'].pk}"}


def test_fund_staff_get_every_date_of_their_funds_only(world, staff):
    w = world
    assert uids(staff) == {
        f"jalon-{w['m_mine'].pk}",
        f"jalon-{w['m_theirs'].pk}",
        f"phase-{w['p_mine'].pk}",
        f"phase-{w['p_theirs'].pk}",
        f"jury-{w['session'].pk}",
    }


def test_juror_gets_their_session(world):
    assert uids(world["juror"]) == {f"jury-{world['session'].pk}"}


def test_outsider_gets_an_empty_but_valid_calendar(world, outsider):
    calendar = Calendar.from_ical(build_calendar(outsider, now=NOW))
    assert calendar["version"] == "2.0"
    assert calendar.walk("VEVENT") == []


def test_abandoned_and_old_milestones_are_left_out(world):
    w = world
    MilestoneFactory(accompaniment=w["mine"], status=MilestoneStatus.ABANDONED)
    MilestoneFactory(accompaniment=w["mine"], due_on=dt.date(2025, 11, 25))  # 3 months + 4 days
    recent = MilestoneFactory(accompaniment=w["mine"], due_on=dt.date(2025, 12, 5))
    assert uids(w["coach"]) == {
        f"jalon-{w['m_mine'].pk}",
        f"jalon-{recent.pk}",
        f"phase-{w['p_mine'].pk}",
    }


def test_events_have_stable_uids_all_day_dates_and_paris_times(world, staff):
    w = world
    first = build_calendar(staff, now=NOW)
    second = build_calendar(staff, now=NOW + dt.timedelta(hours=5))
    calendar = Calendar.from_ical(first)
    assert {e["uid"] for e in calendar.walk("VEVENT")} == {
        e["uid"] for e in Calendar.from_ical(second).walk("VEVENT")
    }
    events = {str(e["uid"]).split("@")[0]: e for e in calendar.walk("VEVENT")}
    milestone = events[f"jalon-{w['m_mine'].pk}"]
    assert milestone.decoded("dtstart") == dt.date(2026, 4, 15)
    assert milestone.decoded("dtend") == dt.date(2026, 4, 16)  # exclusive end
    assert str(milestone["summary"]).startswith(f"Jalon : {w['m_mine'].title}")
    phase = events[f"phase-{w['p_mine'].pk}"]
    assert phase.decoded("dtstart") == dt.date(2026, 3, 2)
    assert phase.decoded("dtend") == dt.date(2026, 3, 28)
    assert "Phase : Entretiens usagers" in str(phase["summary"])
    jury = events[f"jury-{w['session'].pk}"]
    assert jury["dtstart"].params["TZID"] == "Europe/Paris"
    assert jury.decoded("dtstart") == dt.datetime(2026, 3, 20, 14, 0, tzinfo=PARIS)
    assert str(jury["location"]) == "Paris, salle du conseil"
    text = first.decode()
    assert "BEGIN:VTIMEZONE\r\nTZID:Europe/Paris" in text
    assert "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3" in text


def test_feed_reads_a_fixed_number_of_queries(world, staff):
    def count(user):
        user = type(user).objects.get(pk=user.pk)  # no cached roles
        with CaptureQueriesContext(connection) as queries:
            build_calendar(user, now=NOW)
        return len(queries)

    few = count(staff)
    for _ in range(5):
        other = AccompanimentFactory(
            application=laureate(
                ApplicationFactory(call=world["mine"].application.call, complete=True)
            )
        )
        MilestoneFactory(accompaniment=other)
        PhaseFactory(
            accompaniment=other, planned_start=dt.date(2026, 5, 4), planned_end=dt.date(2026, 6, 1)
        )
        JurySessionFactory(call=world["mine"].application.call)
    assert count(staff) == few <= 4


def test_staff_of_two_funds_get_both(world, staff):
    w = world
    FundMembershipFactory(fund=w["elsewhere"].application.call.fund, user=staff)
    got = uids(staff)
    assert f"jalon-{w['m_elsewhere'].pk}" in got
    assert f"jury-{w['other_session'].pk}" in got


def test_another_call_of_the_same_fund_counts_for_staff(world, staff, fund):
    other = AccompanimentFactory(
        application=laureate(ApplicationFactory(call=CallFactory(fund=fund), complete=True))
    )
    milestone = MilestoneFactory(accompaniment=other)
    assert f"jalon-{milestone.pk}" in uids(staff)
