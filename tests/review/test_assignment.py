"""Assigning dossiers to reviewers: the rules of one assignment, and automatic assignment
(k per dossier, balanced, never conflicted, existing kept, shortfalls explained)."""

import time
from collections import Counter

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from essaim.accounts.models import User
from essaim.applications.enums import ApplicationState
from essaim.applications.models import Application
from essaim.core.models import AuditEvent
from essaim.funds.enums import StageKind
from essaim.funds.models import CallMembership
from essaim.review.enums import ConflictStatus
from essaim.review.models import Assignment
from essaim.review.services.assignment import (
    AssignmentError,
    assign,
    auto_assign,
    reviewable_states,
    unassign,
)

from ..factories import (
    ApplicationFactory,
    AssignmentFactory,
    CallFactory,
    CallMembershipFactory,
    ConflictFactory,
    ReviewStageFactory,
    UserFactory,
    scored,
    submitted,
)

pytestmark = pytest.mark.django_db


def pool(call, n, *, role="reviewer", prefix="expert"):
    """n people in the call's pool, each from their own organisation."""
    people = []
    for i in range(n):
        user = UserFactory(email=f"{prefix}{i}@cabinet-{prefix}{i}.fr", full_name=f"{prefix} {i}")
        CallMembershipFactory(call=call, user=user, role=role, organisation_name=f"Cabinet {i}")
        people.append(user)
    return people


def dossiers(call, n, state=ApplicationState.ELIGIBLE):
    return [submitted(ApplicationFactory(call=call), state=state) for _ in range(n)]


def loads(stage) -> Counter:
    return Counter(Assignment.objects.filter(stage=stage).values_list("reviewer_id", flat=True))


# --- which dossiers a stage reviews ---------------------------------------------------------


def test_reviewable_states_per_stage_kind(call):
    assert reviewable_states(ReviewStageFactory(call=call)) == ["eligible"]
    assert set(reviewable_states(ReviewStageFactory(call=call, kind="expert_review"))) == {
        "eligible",
        "shortlisted",
        "in_support",
    }
    assert reviewable_states(ReviewStageFactory(call=call, kind="jury")) == ["shortlisted"]


def test_jury_reviews_eligible_dossiers_when_the_call_has_no_first_selection(db):
    call = CallFactory(stages=[StageKind.APPLICATION, StageKind.ELIGIBILITY, StageKind.JURY])
    assert "eligible" in reviewable_states(ReviewStageFactory(call=call, kind="jury"))


# --- by hand --------------------------------------------------------------------------------


def test_assign_creates_the_assignment_and_audit_row(call, staff, reviewer):
    stage = ReviewStageFactory(call=call)
    [application] = dossiers(call, 1)
    assignment = assign(stage=stage, application=application, reviewer=reviewer, actor=staff)
    assert (assignment.reviewer, assignment.assigned_by, assignment.is_automatic) == (
        reviewer,
        staff,
        False,
    )
    event = AuditEvent.objects.get(action="assignment.added", object_id=str(application.pk))
    assert event.actor == staff


def test_assign_mails_the_reviewer(
    call, staff, reviewer, mailoutbox, django_capture_on_commit_callbacks
):
    stage = ReviewStageFactory(call=call)
    [application] = dossiers(call, 1)
    with django_capture_on_commit_callbacks(execute=True):
        assign(stage=stage, application=application, reviewer=reviewer, actor=staff)
    [message] = mailoutbox
    assert message.to == [reviewer.email]
    assert "/expertise/" in message.body


def test_assign_refuses_a_conflicted_reviewer(call, staff, reviewer):
    stage = ReviewStageFactory(call=call)
    [application] = dossiers(call, 1)
    ConflictFactory(application=application, person=reviewer, status=ConflictStatus.SUSPECTED)
    with pytest.raises(AssignmentError, match="conflit d'intérêts"):
        assign(stage=stage, application=application, reviewer=reviewer, actor=staff)
    assert not Assignment.objects.exists()


def test_assign_refuses_someone_outside_the_pool_or_with_the_wrong_role(
    call, staff, reviewer, juror, outsider
):
    first = ReviewStageFactory(call=call)
    jury = ReviewStageFactory(call=call, kind="jury")
    [eligible] = dossiers(call, 1)
    [shortlisted] = dossiers(call, 1, state=ApplicationState.SHORTLISTED)
    with pytest.raises(AssignmentError, match="experts"):
        assign(stage=first, application=eligible, reviewer=outsider, actor=staff)
    with pytest.raises(AssignmentError, match="experts"):
        assign(stage=first, application=eligible, reviewer=juror, actor=staff)
    with pytest.raises(AssignmentError, match="jury"):
        assign(stage=jury, application=shortlisted, reviewer=reviewer, actor=staff)
    assert assign(stage=jury, application=shortlisted, reviewer=juror, actor=staff)


def test_assign_refuses_a_dossier_the_stage_does_not_review(call, staff, reviewer):
    stage = ReviewStageFactory(call=call)
    [application] = dossiers(call, 1, state=ApplicationState.SUBMITTED)
    with pytest.raises(AssignmentError, match="Déposé"):
        assign(stage=stage, application=application, reviewer=reviewer, actor=staff)


def test_assign_twice_is_refused(call, staff, reviewer):
    stage = ReviewStageFactory(call=call)
    [application] = dossiers(call, 1)
    assign(stage=stage, application=application, reviewer=reviewer, actor=staff)
    with pytest.raises(AssignmentError, match="déjà confié"):
        assign(stage=stage, application=application, reviewer=reviewer, actor=staff)


def test_unassign_removes_a_draft_review_too(call, staff, reviewer):
    assignment = AssignmentFactory(stage=ReviewStageFactory(call=call), reviewer=reviewer)
    scored(assignment, [2, None], submit=False)
    unassign(assignment=assignment, actor=staff)
    assert not Assignment.objects.exists()
    assert AuditEvent.objects.filter(action="assignment.removed").exists()


def test_unassign_is_refused_once_the_review_is_submitted(call, staff, reviewer):
    assignment = AssignmentFactory(stage=ReviewStageFactory(call=call), reviewer=reviewer)
    scored(assignment, [2, 3])
    with pytest.raises(AssignmentError, match="déjà rendu"):
        unassign(assignment=assignment, actor=staff)
    assert Assignment.objects.filter(pk=assignment.pk).exists()


# --- automatic ------------------------------------------------------------------------------


def test_auto_assign_gives_k_reviewers_with_balanced_load(call, staff):
    stage = ReviewStageFactory(call=call, reviews_per_application=3)
    people = pool(call, 7)
    applications = dossiers(call, 10)
    dossiers(call, 2, state=ApplicationState.SUBMITTED)  # not yet screened: left out

    summary = auto_assign(stage=stage, actor=staff, notify=False)

    assert summary.created == 30
    assert summary.shortfalls == []
    per_dossier = Counter(
        Assignment.objects.filter(stage=stage).values_list("application_id", flat=True)
    )
    assert per_dossier == {application.pk: 3 for application in applications}
    load = loads(stage)
    assert set(load) == {person.pk for person in people}
    assert max(load.values()) - min(load.values()) <= 1
    assert (
        Assignment.objects.filter(stage=stage, is_automatic=True, assigned_by=staff).count() == 30
    )


@pytest.mark.parametrize(("n_people", "n_dossiers", "k"), [(5, 13, 2), (4, 9, 3), (6, 1, 1)])
def test_auto_assign_balance_property(call, staff, n_people, n_dossiers, k):
    stage = ReviewStageFactory(call=call, reviews_per_application=k)
    people = pool(call, n_people)
    dossiers(call, n_dossiers)
    auto_assign(stage=stage, actor=staff, notify=False)
    load = loads(stage)
    values = [load.get(person.pk, 0) for person in people]
    assert sum(values) == n_dossiers * k
    assert max(values) - min(values) <= 1


def test_auto_assign_never_gives_a_dossier_to_a_conflicted_reviewer(call, staff):
    stage = ReviewStageFactory(call=call, reviews_per_application=2)
    people = pool(call, 3)
    applications = dossiers(call, 4)
    # a standing conflict and a detectable one (same organisation)
    ConflictFactory(application=applications[0], person=people[0])
    Application.objects.filter(pk=applications[1].pk).update(organisation_name="Cabinet 1")

    summary = auto_assign(stage=stage, actor=staff, notify=False)

    assert summary.conflicts_detected == 1
    pairs = set(Assignment.objects.filter(stage=stage).values_list("application_id", "reviewer_id"))
    assert (applications[0].pk, people[0].pk) not in pairs
    assert (applications[1].pk, people[1].pk) not in pairs
    assert summary.created == 8


def test_auto_assign_keeps_existing_assignments_and_tops_up(call, staff):
    stage = ReviewStageFactory(call=call, reviews_per_application=2)
    people = pool(call, 4)
    applications = dossiers(call, 2)
    kept = AssignmentFactory(stage=stage, application=applications[0], reviewer=people[3])

    summary = auto_assign(stage=stage, actor=staff, notify=False)

    assert Assignment.objects.filter(pk=kept.pk, is_automatic=False).exists()
    assert summary.created == 3
    assert Assignment.objects.filter(stage=stage).count() == 4
    # running again changes nothing
    assert auto_assign(stage=stage, actor=staff, notify=False).created == 0


def test_auto_assign_reports_dossiers_short_of_reviewers_and_why(call, staff):
    stage = ReviewStageFactory(call=call, reviews_per_application=3)
    people = pool(call, 3)
    applications = dossiers(call, 2)
    ConflictFactory(application=applications[1], person=people[2])

    summary = auto_assign(stage=stage, actor=staff, notify=False)

    [shortfall] = summary.shortfalls
    assert shortfall.application_id == applications[1].pk
    assert shortfall.assigned == 2
    assert "conflit d'intérêts" in shortfall.reason
    assert summary.complete == 1


def test_auto_assign_with_a_pool_smaller_than_k_says_so(call, staff):
    stage = ReviewStageFactory(call=call, reviews_per_application=3)
    pool(call, 2)
    dossiers(call, 1)
    [shortfall] = auto_assign(stage=stage, actor=staff, notify=False).shortfalls
    assert "moins que les 3" in shortfall.reason


def test_auto_assign_at_the_jury_uses_jurors_only(call, staff, reviewer):
    stage = ReviewStageFactory(call=call, kind="jury", reviews_per_application=2)
    jurors = pool(call, 2, role="juror", prefix="jure")
    dossiers(call, 3, state=ApplicationState.SHORTLISTED)
    dossiers(call, 2)  # eligible: the call has a first selection, so not for the jury
    auto_assign(stage=stage, actor=staff, notify=False)
    assert set(loads(stage)) == {juror.pk for juror in jurors}
    assert Assignment.objects.filter(stage=stage).count() == 6


def test_auto_assign_mails_each_reviewer_once_with_their_count(
    call, staff, mailoutbox, django_capture_on_commit_callbacks
):
    stage = ReviewStageFactory(call=call, reviews_per_application=1)
    people = pool(call, 2)
    dossiers(call, 3)
    with django_capture_on_commit_callbacks(execute=True):
        auto_assign(stage=stage, actor=staff)
    assert sorted(message.to[0] for message in mailoutbox) == sorted(p.email for p in people)
    counts = sorted(message.subject.split()[0] for message in mailoutbox)
    assert counts == ["1", "2"] or counts == ["2", "Un"]
    assert all("/expertise/" in message.body for message in mailoutbox)


def test_auto_assign_runs_in_a_few_queries(call, staff):
    stage = ReviewStageFactory(call=call, reviews_per_application=2)
    pool(call, 5)
    dossiers(call, 20)
    with CaptureQueriesContext(connection) as small:
        auto_assign(stage=stage, actor=staff, notify=False)
    stage2 = ReviewStageFactory(call=call, kind="expert_review", reviews_per_application=2)
    dossiers(call, 20)
    with CaptureQueriesContext(connection) as bigger:
        auto_assign(stage=stage2, actor=staff, notify=False)
    assert len(bigger) == len(small) < 30


def test_auto_assign_perf_smoke_2000_dossiers_30_reviewers(call, staff):
    """Timing printed, not asserted strictly: the balancing is in memory, writes in bulk."""
    stage = ReviewStageFactory(call=call, reviews_per_application=3)
    people = User.objects.bulk_create(
        User(email=f"expert{i}@cabinet{i}.fr", full_name=f"Expert {i}") for i in range(30)
    )
    CallMembership.objects.bulk_create(
        CallMembership(call=call, user=user, role="reviewer") for user in people
    )
    now = timezone.now()
    Application.objects.bulk_create(
        Application(
            call=call,
            title=f"Projet {i}",
            state=ApplicationState.ELIGIBLE,
            reference=f"MNT-2024-06-{i:05d}",
            submitted_at=now,
            organisation_name=f"Commune {i}",
        )
        for i in range(2000)
    )
    started = time.perf_counter()
    summary = auto_assign(stage=stage, actor=staff, notify=False)
    elapsed = time.perf_counter() - started
    print(f"\nauto_assign 2000 dossiers × 30 reviewers, k=3: {elapsed:.2f} s")
    assert summary.created == 6000
    load = loads(stage)
    assert max(load.values()) - min(load.values()) <= 1
    assert elapsed < 30
