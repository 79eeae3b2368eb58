"""The daily task: late milestones and reminders, with frozen time; nothing is sent twice,
whether the task runs twice, through the management command or the django-tasks task."""

import datetime as dt
import io

import pytest
from django.core.management import call_command

from essaim.accompaniment.enums import MilestoneStatus
from essaim.accompaniment.models import MilestoneReminder
from essaim.accompaniment.services import reminders
from essaim.accompaniment.services.setup import finish_accompaniment, start_accompaniment
from essaim.accompaniment.tasks import accompaniment_daily
from essaim.core.models import AuditEvent

from ..factories import FundMembershipFactory, MilestoneFactory, UserFactory

pytestmark = pytest.mark.django_db

MORNING = dt.timezone(dt.timedelta(hours=2))  # Paris summer time


def at(day: dt.date):
    return dt.datetime(day.year, day.month, day.day, 6, 0, tzinfo=MORNING)


@pytest.fixture
def accompaniment(staff, coach, laureate_application, default_template, spring):
    return start_accompaniment(
        application=laureate_application, cohort=spring, coach=coach, evaluator=None, actor=staff
    )


@pytest.fixture
def owner(applicant):
    return applicant


@pytest.fixture
def milestone(accompaniment, owner):
    return MilestoneFactory(
        accompaniment=accompaniment,
        title="Synthèse des entretiens",
        due_on=dt.date(2026, 4, 15),
        owner=owner,
        status=MilestoneStatus.IN_PROGRESS,
    )


def run(time_machine, committed, day: dt.date) -> reminders.DailyReport:
    time_machine.move_to(at(day))
    with committed():
        return reminders.run_daily()


def test_due_soon_reminder_seven_days_before_once(
    milestone, owner, mailoutbox, time_machine, committed
):
    report = run(time_machine, committed, dt.date(2026, 4, 7))  # 8 days before: nothing
    assert report.due_soon_reminders == 0 and mailoutbox == []
    report = run(time_machine, committed, dt.date(2026, 4, 8))
    assert report.due_soon_reminders == 1
    assert [m.to for m in mailoutbox] == [[owner.email]]
    assert "15 avril 2026" in mailoutbox[0].subject
    assert "dans 7 jours" in mailoutbox[0].body
    # the same day again, and the next days: nothing more
    for day in (dt.date(2026, 4, 8), dt.date(2026, 4, 9), dt.date(2026, 4, 15)):
        assert run(time_machine, committed, day).due_soon_reminders == 0
    assert len(mailoutbox) == 1
    milestone.refresh_from_db()
    assert milestone.status == MilestoneStatus.IN_PROGRESS


def test_late_the_day_after_the_due_date_once(
    milestone, owner, staff, mailoutbox, time_machine, committed
):
    FundMembershipFactory(
        fund=staff.fund_memberships.first().fund, user=UserFactory(email="b@fonds.fr")
    )
    report = run(time_machine, committed, dt.date(2026, 4, 15))  # due today: not late
    assert report.marked_late == 0
    mailoutbox.clear()
    report = run(time_machine, committed, dt.date(2026, 4, 16))
    assert (report.marked_late, report.late_reminders) == (1, 1)
    milestone.refresh_from_db()
    assert milestone.status == MilestoneStatus.LATE
    assert [m.to for m in mailoutbox] == [[owner.email, "b@fonds.fr", staff.email]]
    assert "Jalon en retard" in mailoutbox[0].subject
    event = AuditEvent.objects.get(action="milestone.late")
    assert (event.from_value, event.to_value, event.actor) == ("in_progress", "late", None)
    # run twice, then days later: nothing more
    for day in (dt.date(2026, 4, 16), dt.date(2026, 4, 17), dt.date(2026, 5, 1)):
        report = run(time_machine, committed, day)
        assert (report.marked_late, report.late_reminders) == (0, 0)
    assert len(mailoutbox) == 1
    assert MilestoneReminder.objects.filter(kind="late").count() == 1


def test_postponed_milestone_gets_new_reminders(milestone, mailoutbox, time_machine, committed):
    run(time_machine, committed, dt.date(2026, 4, 16))
    assert len(mailoutbox) == 1
    milestone.due_on = dt.date(2026, 4, 30)
    milestone.status = MilestoneStatus.IN_PROGRESS
    milestone.save()
    run(time_machine, committed, dt.date(2026, 4, 23))  # due soon for the new date
    run(time_machine, committed, dt.date(2026, 5, 1))  # late again, for the new date
    assert len(mailoutbox) == 3
    assert MilestoneReminder.objects.filter(milestone=milestone).count() == 3


@pytest.mark.parametrize("status", [MilestoneStatus.ACHIEVED, MilestoneStatus.ABANDONED])
def test_closed_milestones_are_left_alone(milestone, status, mailoutbox, time_machine, committed):
    milestone.status = status
    milestone.save()
    run(time_machine, committed, dt.date(2026, 4, 10))
    run(time_machine, committed, dt.date(2026, 4, 20))
    milestone.refresh_from_db()
    assert milestone.status == status
    assert mailoutbox == []


def test_finished_accompaniments_are_left_alone(
    accompaniment, milestone, staff, mailoutbox, time_machine, committed
):
    finish_accompaniment(accompaniment=accompaniment, actor=staff, reason="Arrêt.")
    run(time_machine, committed, dt.date(2026, 4, 20))
    milestone.refresh_from_db()
    assert milestone.status == MilestoneStatus.IN_PROGRESS
    assert mailoutbox == []


def test_without_owner_the_coach_is_reminded(
    accompaniment, coach, mailoutbox, time_machine, committed
):
    MilestoneFactory(accompaniment=accompaniment, due_on=dt.date(2026, 4, 15), owner=None)
    run(time_machine, committed, dt.date(2026, 4, 10))
    assert [m.to for m in mailoutbox] == [[coach.email]]


def test_marked_late_by_hand_still_gets_its_reminder(
    milestone, owner, mailoutbox, time_machine, committed
):
    milestone.status = MilestoneStatus.LATE
    milestone.save()
    report = run(time_machine, committed, dt.date(2026, 4, 16))
    assert (report.marked_late, report.late_reminders) == (0, 1)
    assert owner.email in mailoutbox[0].to


def test_a_reminder_row_decided_elsewhere_stops_the_send(
    milestone, mailoutbox, time_machine, committed
):
    """A concurrent run that decided first (its row exists): this one sends nothing."""
    MilestoneReminder.objects.create(milestone=milestone, kind="late", due_on=milestone.due_on)
    report = run(time_machine, committed, dt.date(2026, 4, 16))
    assert report.late_reminders == 0
    assert mailoutbox == []


def test_query_count_does_not_grow_with_milestones(
    accompaniment, time_machine, committed, django_assert_max_num_queries
):
    for n in range(5):
        MilestoneFactory(accompaniment=accompaniment, due_on=dt.date(2026, 5, 20 + n))
    time_machine.move_to(at(dt.date(2026, 4, 1)))
    with django_assert_max_num_queries(4):  # two selects, staff e-mails, nothing to decide
        reminders.run_daily()


def test_management_command_and_task_are_idempotent(milestone, mailoutbox, time_machine, committed):
    time_machine.move_to(at(dt.date(2026, 4, 16)))
    out = io.StringIO()
    with committed():
        call_command("accompaniment_daily", stdout=out)
    assert "1 marked late, 1 late reminders" in out.getvalue()
    with committed():
        result = accompaniment_daily.enqueue()
    assert result.return_value == {
        "today": "2026-04-16",
        "marked_late": 0,
        "late_reminders": 0,
        "due_soon_reminders": 0,
    }
    assert len(mailoutbox) == 1
