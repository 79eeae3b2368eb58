"""The portfolio's reads: who is a laureate, each row's figures, the scope of the funds one
manages, and the timeline's placement of phases."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from essaim.accompaniment.enums import (
    EngagementStatus,
    MilestoneStatus,
    PhaseStatus,
    SignatureSide,
)
from essaim.accompaniment.models import Engagement, Signature, Tranche
from essaim.accompaniment.selectors.portfolio import laureates, timeline, with_phases
from essaim.applications.enums import ApplicationState

from ..factories import (
    AccompanimentFactory,
    ApplicationFactory,
    CallFactory,
    MilestoneFactory,
    PhaseFactory,
    UserFactory,
    decided,
    laureate,
    submitted,
)

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 4, 10)


def accompanied(call, **fields):
    return AccompanimentFactory(
        application=laureate(ApplicationFactory(call=call, complete=True)), **fields
    )


def row(user, application):
    return laureates(user, today=TODAY).get(pk=application.pk)


def test_laureates_are_accompanied_or_selected_dossiers_of_managed_calls(call, staff):
    with_accompaniment = accompanied(call).application
    without_yet = laureate(ApplicationFactory(call=call, complete=True))
    accompanied_state = submitted(
        ApplicationFactory(call=call, complete=True), state=ApplicationState.ACCOMPANIED
    )
    decided(ApplicationFactory(call=call, complete=True), ApplicationState.NOT_SELECTED)
    submitted(ApplicationFactory(call=call, complete=True))
    accompanied(CallFactory())  # another fund's
    assert set(laureates(staff, today=TODAY)) == {
        with_accompaniment,
        without_yet,
        accompanied_state,
    }


def test_platform_admin_sees_every_fund(call):
    admin = UserFactory(is_superuser=True)
    mine, theirs = accompanied(call), accompanied(CallFactory())
    assert set(laureates(admin, today=TODAY)) == {mine.application, theirs.application}


def test_outsider_sees_nothing(call, outsider):
    accompanied(call)
    assert not laureates(outsider, today=TODAY).exists()


def test_current_phase_and_next_milestone(call, staff):
    accompaniment = accompanied(call)
    PhaseFactory(
        accompaniment=accompaniment, position=0, name="Entretiens", status=PhaseStatus.DONE
    )
    PhaseFactory(
        accompaniment=accompaniment, position=1, name="Prototype", status=PhaseStatus.IN_PROGRESS
    )
    PhaseFactory(accompaniment=accompaniment, position=2, name="Test")
    MilestoneFactory(
        accompaniment=accompaniment,
        title="Passé",
        due_on=dt.date(2026, 3, 1),
        status=MilestoneStatus.ACHIEVED,
    )
    MilestoneFactory(accompaniment=accompaniment, title="Loin", due_on=dt.date(2026, 6, 1))
    MilestoneFactory(accompaniment=accompaniment, title="Bientôt", due_on=TODAY)
    MilestoneFactory(
        accompaniment=accompaniment,
        title="Abandonné",
        due_on=dt.date(2026, 4, 12),
        status=MilestoneStatus.ABANDONED,
    )
    line = row(staff, accompaniment.application)
    assert line.current_phase == "Prototype"
    assert (line.next_milestone_on, line.next_milestone_title) == (TODAY, "Bientôt")
    assert line.late_count == 0


def test_the_next_milestone_includes_an_overdue_one(call, staff):
    accompaniment = accompanied(call)
    MilestoneFactory(accompaniment=accompaniment, title="Bientôt", due_on=TODAY)
    MilestoneFactory(
        accompaniment=accompaniment,
        title="En retard",
        due_on=dt.date(2026, 3, 29),
        status=MilestoneStatus.LATE,
    )
    line = row(staff, accompaniment.application)
    assert (line.next_milestone_on, line.next_milestone_title) == (
        dt.date(2026, 3, 29),
        "En retard",
    )


def test_an_amendment_in_preparation_does_not_count_payments_twice(call, staff):
    application = accompanied(call).application
    signed = Engagement.objects.create(
        application=application,
        version=1,
        status=EngagementStatus.SIGNED,
        granted_amount=Decimal("120000"),
    )
    amendment = Engagement.objects.create(
        application=application,
        version=2,
        status=EngagementStatus.DRAFT,
        granted_amount=Decimal("120000"),
    )
    for engagement in (signed, amendment):  # the amendment copies the paid tranche
        Tranche.objects.create(
            engagement=engagement,
            planned_on=TODAY,
            amount=Decimal("48000"),
            paid_on=TODAY,
            paid_amount=Decimal("48000"),
        )
    line = row(staff, application)
    assert line.paid == Decimal("48000")
    assert line.engagement_status == EngagementStatus.DRAFT  # the amendment is the current


def test_an_amendment_the_fund_signed_awaits_the_team(call, staff):
    application = accompanied(call).application
    signed = Engagement.objects.create(
        application=application, version=1, status=EngagementStatus.SIGNED
    )
    amendment = Engagement.objects.create(
        application=application, version=2, status=EngagementStatus.DRAFT
    )
    for side in (SignatureSide.FUND, SignatureSide.TEAM):
        Signature.objects.create(
            engagement=signed,
            side=side,
            signed_by=staff,
            signer_name="Une personne",
            signer_function="Sa fonction",
            signed_at=timezone.now(),
        )
    assert row(staff, application).engagement_fund_signed is False  # v2: nobody signed yet
    Signature.objects.create(
        engagement=amendment,
        side=SignatureSide.FUND,
        signed_by=staff,
        signer_name="Claire Martin",
        signer_function="Directrice du fonds",
        signed_at=timezone.now(),
    )
    line = row(staff, application)
    assert (line.engagement_status, line.engagement_fund_signed) == (EngagementStatus.DRAFT, True)
    assert line.engagement_in_force  # the signed version 1 still binds: an amendment awaits


def test_committed_is_the_larger_of_the_version_in_force_and_the_draft(call, staff):
    application = accompanied(call).application
    Engagement.objects.create(
        application=application,
        version=1,
        status=EngagementStatus.SIGNED,
        granted_amount=Decimal("115000"),
    )
    Engagement.objects.create(
        application=application,
        version=2,
        status=EngagementStatus.DRAFT,
        granted_amount=Decimal("40000"),
    )
    assert row(staff, application).committed == Decimal("115000")


def test_late_count_includes_past_due_milestones_not_yet_marked(call, staff):
    accompaniment = accompanied(call)
    MilestoneFactory(
        accompaniment=accompaniment, status=MilestoneStatus.LATE, due_on=dt.date(2026, 4, 1)
    )
    MilestoneFactory(
        accompaniment=accompaniment, status=MilestoneStatus.IN_PROGRESS, due_on=dt.date(2026, 4, 9)
    )
    MilestoneFactory(
        accompaniment=accompaniment, status=MilestoneStatus.ACHIEVED, due_on=dt.date(2026, 4, 2)
    )
    MilestoneFactory(accompaniment=accompaniment, status=MilestoneStatus.UPCOMING, due_on=TODAY)
    assert row(staff, accompaniment.application).late_count == 2


def test_budget_is_the_current_engagement_and_its_paid_tranches(call, staff):
    application = accompanied(call).application
    old = Engagement.objects.create(
        application=application,
        version=1,
        status=EngagementStatus.SUPERSEDED,
        granted_amount=Decimal("50000"),
    )
    Tranche.objects.create(
        engagement=old,
        planned_on=TODAY,
        amount=Decimal("10000"),
        paid_on=TODAY,
        paid_amount=Decimal("10000"),
    )
    current = Engagement.objects.create(
        application=application,
        version=2,
        status=EngagementStatus.SIGNED,
        granted_amount=Decimal("80000.50"),
    )
    Tranche.objects.create(
        engagement=current,
        position=0,
        planned_on=TODAY,
        amount=Decimal("40000"),
        paid_on=TODAY,
        paid_amount=Decimal("40000.25"),
    )
    Tranche.objects.create(
        engagement=current,
        position=1,
        planned_on=TODAY,
        amount=Decimal("20000"),
        paid_on=TODAY,
        paid_amount=Decimal("19999.75"),
    )
    Tranche.objects.create(
        engagement=current, position=2, planned_on=TODAY, amount=Decimal("20000.50")
    )
    line = row(staff, application)
    assert line.committed == Decimal("80000.50")
    assert line.paid == Decimal("60000.00")
    assert isinstance(line.paid, Decimal)
    assert line.engagement_status == EngagementStatus.SIGNED


def test_no_engagement_means_no_budget_and_zero_paid(call, staff):
    line = row(staff, accompanied(call).application)
    assert line.committed is None
    assert line.paid == 0
    assert line.engagement_status is None


# --- the timeline --------------------------------------------------------------------------


def test_timeline_places_phases_by_half_month(call, staff):
    accompaniment = accompanied(call)
    PhaseFactory(
        accompaniment=accompaniment,
        position=0,
        planned_start=dt.date(2026, 3, 2),
        planned_end=dt.date(2026, 3, 27),
    )
    PhaseFactory(
        accompaniment=accompaniment,
        position=1,
        planned_start=dt.date(2026, 3, 30),
        planned_end=dt.date(2026, 5, 8),
    )
    PhaseFactory(accompaniment=accompaniment, position=2, name="Sans dates")
    other = accompanied(call)  # no phase at all
    rows = list(with_phases(laureates(staff, today=TODAY)).order_by("pk"))
    result = timeline(rows, today=TODAY)
    assert [m.first_day for m in result.months] == [
        dt.date(2026, 3, 1),
        dt.date(2026, 4, 1),
        dt.date(2026, 5, 1),
    ]
    assert [m.start for m in result.months] == [1, 3, 5]
    first, second = result.rows
    assert first.application == accompaniment.application
    # March 2–27 covers both halves of March; March 30 would share the second half, so the
    # next bar starts right after it, up to the first half of May.
    assert [(b.start, b.end) for b in first.bars] == [(1, 3), (3, 6)]
    assert len(first.phases) == 3
    assert second.application == other.application and second.bars == []
    assert result.today_slot == 3  # April 10: first half of April
    assert not result.truncated


def test_timeline_without_dated_phases_has_no_months(call, staff):
    PhaseFactory(accompaniment=accompanied(call))
    result = timeline(list(with_phases(laureates(staff, today=TODAY))), today=TODAY)
    assert result.months == [] and result.today_slot is None


def test_timeline_is_cut_after_three_years(call, staff):
    accompaniment = accompanied(call)
    PhaseFactory(
        accompaniment=accompaniment,
        planned_start=dt.date(2026, 1, 5),
        planned_end=dt.date(2030, 6, 30),
    )
    result = timeline(list(with_phases(laureates(staff, today=TODAY))), today=TODAY)
    assert len(result.months) == 36 and result.truncated
    (bar,) = result.rows[0].bars
    assert (bar.start, bar.end) == (1, 73)
