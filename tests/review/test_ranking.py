"""The ranking maths on hand-computed examples, and `rank_stage` on the database."""

from decimal import Decimal
from fractions import Fraction

import pytest

from essaim.applications.enums import ApplicationState
from essaim.review.enums import ConflictStatus
from essaim.review.ranking import (
    CriterionScale,
    RankedApplication,
    ReviewScore,
    rank_reviews,
    rank_stage,
    review_score,
    reviewer_z_scores,
)

from ..factories import (
    ApplicationFactory,
    AssignmentFactory,
    ConflictFactory,
    ReviewStageFactory,
    UserFactory,
    scored,
    submitted,
)

F = Fraction
HARSH, LENIENT = 1, 2
A, B, C, D = 10, 20, 30, 40


# --- one review ---------------------------------------------------------------------------------


def test_review_score_weights_each_criterion_on_its_own_scale():
    criteria = [CriterionScale(1, F(2), 0, 4), CriterionScale(2, F(1), 0, 4)]
    # (2 × 4/4 + 1 × 2/4) / 3 = 2.5 / 3
    assert review_score({1: 4, 2: 2}, criteria) == F(5, 6)
    # a 1–5 scale: 3 is the middle
    assert review_score({7: 3}, [CriterionScale(7, F(1), 1, 5)]) == F(1, 2)
    # decimal weights
    weights = [
        CriterionScale(1, F(Decimal("1.5")), 0, 4),
        CriterionScale(2, F(Decimal("0.5")), 0, 2),
    ]
    assert review_score({1: 4, 2: 0}, weights) == F(3, 4)


def test_review_score_skips_missing_values_and_their_weights():
    criteria = [CriterionScale(1, F(2), 0, 4), CriterionScale(2, F(1), 0, 4)]
    assert review_score({1: 4, 2: None}, criteria) == 1
    assert review_score({1: None, 2: 1}, criteria) == F(1, 4)
    assert review_score({1: None, 2: None}, criteria) is None
    assert review_score({}, criteria) is None
    assert review_score({99: 4, 2: 0}, criteria) == 0  # another stage's criterion is ignored


# --- z-scores -------------------------------------------------------------------------------------


def test_z_scores_remove_each_reviewers_offset_and_scale():
    reviews = [
        ReviewScore(A, HARSH, F(1, 4)),
        ReviewScore(B, HARSH, F(3, 4)),  # harsh: mean 1/2, sd 1/4
        ReviewScore(A, LENIENT, F(3, 4)),
        ReviewScore(C, LENIENT, F(1)),  # lenient: mean 7/8, sd 1/8
    ]
    z = reviewer_z_scores(reviews)
    assert z == {(A, HARSH): -1, (B, HARSH): 1, (A, LENIENT): -1, (C, LENIENT): 1}


def test_a_reviewer_with_one_review_or_no_spread_gets_zero():
    reviews = [
        ReviewScore(A, HARSH, F(1, 3)),
        ReviewScore(A, LENIENT, F(1, 2)),
        ReviewScore(B, LENIENT, F(1, 2)),
    ]
    assert set(reviewer_z_scores(reviews).values()) == {0}


# --- the ranking ------------------------------------------------------------------------------------


def test_hand_computed_ranking():
    reviews = [
        ReviewScore(A, HARSH, F(1, 4)),
        ReviewScore(B, HARSH, F(3, 4)),
        ReviewScore(A, LENIENT, F(3, 4)),
        ReviewScore(C, LENIENT, F(1)),
    ]
    ranking = rank_reviews(reviews, application_ids=[D])
    assert ranking == [
        # B and C are each their reviewer's best (z = +1); C has the higher mean
        RankedApplication(C, 1, 20.0, 20.0, 0.0, 1.0, False, 1),
        RankedApplication(B, 1, 15.0, 15.0, 0.0, 1.0, False, 2),
        # A: 5/20 and 15/20 → mean 10, spread 5, and 0.5 apart on 0–1: disagreement
        RankedApplication(A, 2, 10.0, 10.0, 5.0, -1.0, True, 3),
        RankedApplication(D, 0, None, None, None, None, False, None),
    ]


def test_harsh_and_lenient_reviewers_weigh_the_same():
    # Each reviewer puts their two dossiers in the same order, at very different levels;
    # the means disagree with the reviewers, the normalised scores agree with them.
    reviews = [
        ReviewScore(A, HARSH, F(0)),
        ReviewScore(B, HARSH, F(1, 5)),
        ReviewScore(C, LENIENT, F(4, 5)),
        ReviewScore(D, LENIENT, F(1)),
    ]
    ranking = {line.application_id: line for line in rank_reviews(reviews)}
    assert ranking[B].normalised == ranking[D].normalised == 1.0
    assert ranking[A].normalised == ranking[C].normalised == -1.0
    assert [ranking[pk].rank for pk in (D, B, C, A)] == [1, 2, 3, 4]


def test_ties_share_a_rank_and_the_next_is_skipped():
    reviews = [
        ReviewScore(A, HARSH, F(1, 2)),
        ReviewScore(B, HARSH, F(1, 2)),
        ReviewScore(C, HARSH, F(1, 4)),
    ]
    ranks = {line.application_id: line.rank for line in rank_reviews(reviews)}
    assert ranks == {A: 1, B: 1, C: 3}


def test_disagreement_starts_above_eight_points_out_of_twenty():
    at_limit = [ReviewScore(A, HARSH, F(3, 10)), ReviewScore(A, LENIENT, F(7, 10))]
    above = [ReviewScore(A, HARSH, F(3, 10)), ReviewScore(A, LENIENT, F(71, 100))]
    assert rank_reviews(at_limit)[0].disagreement is False
    assert rank_reviews(above)[0].disagreement is True


def test_median_of_an_even_number_of_reviews():
    reviews = [ReviewScore(A, r, F(k, 4)) for r, k in ((1, 1), (2, 2), (3, 4), (4, 4))]
    line = rank_reviews(reviews)[0]
    assert (line.mean, line.median, line.reviews_count) == (13.75, 15.0, 4)


def test_a_reviewer_twice_on_one_dossier_is_refused():
    with pytest.raises(ValueError, match="two reviews"):
        rank_reviews([ReviewScore(A, HARSH, F(1)), ReviewScore(A, HARSH, F(0))])


# --- from the database ----------------------------------------------------------------------------


@pytest.fixture
def stage(call):
    return ReviewStageFactory(call=call)  # two criteria 0–4, weights 2 and 1


def dossier(call, state=ApplicationState.ELIGIBLE):
    return submitted(ApplicationFactory(call=call, complete=True, ready=True), state=state)


@pytest.mark.django_db
def test_rank_stage_reads_submitted_reviews_only(call, stage, django_assert_num_queries):
    first, second, unreviewed = dossier(call), dossier(call), dossier(call)
    harsh, lenient = UserFactory(), UserFactory()
    scored(AssignmentFactory(stage=stage, application=first, reviewer=harsh), [4, 4])
    scored(AssignmentFactory(stage=stage, application=second, reviewer=harsh), [0, 2])
    scored(AssignmentFactory(stage=stage, application=first, reviewer=lenient), [4, 0])
    # a draft does not count
    scored(
        AssignmentFactory(stage=stage, application=second, reviewer=lenient), [4, 4], submit=False
    )
    AssignmentFactory(stage=stage, application=unreviewed, reviewer=lenient)
    # nor does a review at another stage of the call
    other_stage = ReviewStageFactory(call=call, kind="expert_review")
    scored(AssignmentFactory(stage=other_stage, application=second, reviewer=harsh), [4, 4])

    with django_assert_num_queries(3):
        ranking = rank_stage(stage)
    lines = {line.application_id: line for line in ranking}
    assert set(lines) == {first.pk, second.pk, unreviewed.pk}
    # first: 20/20 and (2×4/4 + 0)/3 = 2/3 → 13.33/20
    assert lines[first.pk].reviews_count == 2
    assert lines[first.pk].mean == pytest.approx((20 + 40 / 3) / 2)
    # second: (0 + 1×2/4)/3 = 1/6 → 3.33/20
    assert lines[second.pk].reviews_count == 1
    assert lines[second.pk].mean == pytest.approx(20 / 6)
    assert [line.application_id for line in ranking] == [first.pk, second.pk, unreviewed.pk]
    assert lines[unreviewed.pk].rank is None


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("status", "counted"),
    [
        (ConflictStatus.SUSPECTED, False),
        (ConflictStatus.CONFIRMED, False),
        (ConflictStatus.CLEARED, True),
    ],
)
def test_rank_stage_leaves_out_reviews_under_a_standing_conflict(call, stage, status, counted):
    target = dossier(call)
    kept, conflicted = UserFactory(), UserFactory()
    scored(AssignmentFactory(stage=stage, application=target, reviewer=kept), [4, 4])
    scored(AssignmentFactory(stage=stage, application=target, reviewer=conflicted), [0, 0])
    ConflictFactory(application=target, person=conflicted, status=status)
    (line,) = rank_stage(stage)
    assert line.reviews_count == (2 if counted else 1)
    assert line.mean == (10.0 if counted else 20.0)


@pytest.mark.django_db
def test_rank_stage_leaves_out_withdrawn_dossiers_and_empty_reviews(call, stage):
    kept, withdrawn, empty = dossier(call), dossier(call, ApplicationState.WITHDRAWN), dossier(call)
    scored(AssignmentFactory(stage=stage, application=kept), [2, 2])
    scored(AssignmentFactory(stage=stage, application=withdrawn), [4, 4])
    scored(AssignmentFactory(stage=stage, application=empty), [None, None])
    lines = {line.application_id: line for line in rank_stage(stage)}
    assert set(lines) == {kept.pk, empty.pk}
    assert lines[empty.pk].reviews_count == 0 and lines[empty.pk].rank is None
    assert lines[kept.pk].rank == 1


@pytest.mark.django_db
def test_rank_stage_counts_partly_scored_reviews_on_what_they_scored(call, stage):
    target = dossier(call)
    scored(AssignmentFactory(stage=stage, application=target), [None, 2])
    (line,) = rank_stage(stage)
    assert line.reviews_count == 1 and line.mean == 10.0


@pytest.mark.django_db
def test_rank_stage_query_count_does_not_grow(call, stage, django_assert_num_queries):
    for _ in range(3):
        target = dossier(call)
        for _r in range(3):
            scored(AssignmentFactory(stage=stage, application=target), [1, 3])
    with django_assert_num_queries(3):
        assert len(rank_stage(stage)) == 3
