"""`save_review`: drafts, submission, and every refusal."""

import datetime as dt

import pytest
from django.utils import timezone

from essaim.applications.enums import ApplicationState
from essaim.core.models import AuditEvent
from essaim.review.enums import ConflictStatus, ReviewStatus
from essaim.review.models import Review
from essaim.review.services.reviews import ReviewError, save_review, scoring_closed_reason

from ..factories import (
    ApplicationFactory,
    AssignmentFactory,
    ConflictFactory,
    ReviewStageFactory,
    scored,
    submitted,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def stage(call):
    return ReviewStageFactory(call=call)


@pytest.fixture
def assignment(call, stage, reviewer):
    dossier = submitted(
        ApplicationFactory(call=call, complete=True, ready=True), state=ApplicationState.ELIGIBLE
    )
    return AssignmentFactory(stage=stage, application=dossier, reviewer=reviewer)


def save(assignment, values, *, submit=False, actor=None, comment="", for_team=""):
    criteria = list(assignment.stage.criteria.all())
    return save_review(
        assignment=assignment,
        scores={c.pk: (v, f"sur {c.label}") for c, v in zip(criteria, values, strict=True)},
        comment=comment,
        comment_for_applicant=for_team,
        submit=submit,
        actor=actor or assignment.reviewer,
    )


def values_of(review):
    return sorted(
        (s.criterion.position, s.value) for s in review.scores.select_related("criterion")
    )


def test_draft_keeps_partial_scores_without_audit(assignment):
    review = save(assignment, [3, None], comment="  À suivre  ")
    assert review.status == ReviewStatus.DRAFT and review.submitted_at is None
    assert review.comment == "À suivre"
    assert values_of(review) == [(0, 3), (1, None)]
    assert not AuditEvent.objects.filter(action="review.submitted").exists()


def test_saving_again_updates_the_same_rows(assignment):
    save(assignment, [3, None])
    review = save(assignment, [2, 4])
    assert Review.objects.count() == 1
    assert values_of(review) == [(0, 2), (1, 4)]
    assert review.scores.count() == 2


def test_criteria_left_out_keep_their_saved_value(assignment):
    save(assignment, [3, 1])
    first = assignment.stage.criteria.first()
    review = save_review(
        assignment=assignment,
        scores={first.pk: (0, "")},
        comment="",
        comment_for_applicant="",
        submit=False,
        actor=assignment.reviewer,
    )
    assert values_of(review) == [(0, 0), (1, 1)]


def test_submit_needs_every_criterion_and_names_the_missing_ones(assignment):
    with pytest.raises(ReviewError) as caught:
        save(assignment, [3, None], submit=True)
    assert [c.position for c in caught.value.missing] == [1]
    assert not Review.objects.filter(status=ReviewStatus.SUBMITTED).exists()


def test_submit_freezes_the_review_and_writes_the_audit_row(assignment):
    review = save(assignment, [4, 2], submit=True)
    assert review.status == ReviewStatus.SUBMITTED and review.submitted_at is not None
    event = AuditEvent.objects.get(action="review.submitted")
    assert event.actor == assignment.reviewer
    assert (event.from_value, event.to_value) == ("draft", "submitted")
    assert sorted(event.data["scores"].values()) == [2, 4]
    assert event.data["application_id"] == assignment.application_id
    with pytest.raises(ReviewError, match="déjà été rendue"):
        save(assignment, [0, 0])
    assert values_of(review) == [(0, 4), (1, 2)]


@pytest.mark.parametrize("value", [-1, 5])
def test_values_outside_the_scale_are_refused(assignment, value):
    with pytest.raises(ReviewError) as caught:
        save(assignment, [value, 1])
    assert [c.position for c in caught.value.invalid] == [0]
    assert not Review.objects.exists()


def test_only_the_assigned_reviewer_may_save(assignment, outsider):
    with pytest.raises(ReviewError, match="pas confié"):
        save(assignment, [1, 1], actor=outsider)
    assert not Review.objects.exists()


@pytest.mark.parametrize("status", [ConflictStatus.SUSPECTED, ConflictStatus.CONFIRMED])
def test_a_standing_conflict_blocks_saving(assignment, status):
    ConflictFactory(application=assignment.application, person=assignment.reviewer, status=status)
    with pytest.raises(ReviewError, match="conflit"):
        save(assignment, [1, 1])


def test_a_cleared_conflict_does_not_block(assignment):
    ConflictFactory(
        application=assignment.application,
        person=assignment.reviewer,
        status=ConflictStatus.CLEARED,
    )
    assert save(assignment, [1, 1]).pk


def test_outside_the_stage_window_saving_is_refused(assignment, stage):
    today = timezone.localdate()
    stage.closes_on = today - dt.timedelta(days=1)
    stage.save()
    with pytest.raises(ReviewError, match="closes depuis"):
        save(assignment, [1, 1])
    stage.closes_on, stage.opens_on = None, today + dt.timedelta(days=2)
    stage.save()
    with pytest.raises(ReviewError, match="ouvrent le"):
        save(assignment, [1, 1])


def test_window_includes_its_first_and_last_days(stage):
    today = dt.date(2025, 3, 10)
    stage.opens_on, stage.closes_on = today, today
    assert scoring_closed_reason(stage, today) == ""
    assert scoring_closed_reason(stage, today + dt.timedelta(days=1))
    assert scoring_closed_reason(stage, today - dt.timedelta(days=1))


def test_comment_for_the_team_is_dropped_when_the_stage_does_not_allow_it(assignment, stage):
    review = save(assignment, [1, 1], for_team="Bravo")
    assert review.comment_for_applicant == ""
    stage.allows_comment_for_applicant = True
    stage.save()
    review = save(assignment, [1, 1], for_team="  Bravo  ")
    assert review.comment_for_applicant == "Bravo"


def test_scored_factory_matches_the_service(assignment):
    # the factory used by ranking tests writes the same shape of rows as the service
    review = scored(assignment, [2, 3])
    assert values_of(review) == [(0, 2), (1, 3)]
