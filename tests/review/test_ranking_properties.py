"""Properties of the ranking maths, checked by hypothesis on generated stages.

A stage is a set of reviews (dossier, reviewer, score on 0–1); scores are fractions with
small denominators, as the weighted mean of integer notes produces.
"""

from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from essaim.review.ranking import (
    CriterionScale,
    ReviewScore,
    ReviewScorer,
    rank_reviews,
    reviewer_z_scores,
)

SETTINGS = settings(max_examples=150, deadline=None)

scores = st.builds(
    Fraction, st.integers(0, 24), st.sampled_from([1, 2, 3, 4, 6, 8, 12, 24])
).filter(lambda f: 0 <= f <= 1)


@st.composite
def stages(draw, min_reviews=1):
    """A list of reviews: each (dossier, reviewer) pair at most once."""
    dossiers = draw(st.integers(min_reviews, 7))
    reviewers = draw(st.integers(1, 5))
    pairs = draw(
        st.lists(
            st.tuples(st.integers(1, dossiers), st.integers(1, reviewers)),
            min_size=min_reviews,
            max_size=dossiers * reviewers,
            unique=True,
        )
    )
    return [ReviewScore(app, reviewer, draw(scores)) for app, reviewer in pairs]


positive = st.builds(Fraction, st.integers(1, 50), st.integers(1, 20))
shifts = st.builds(Fraction, st.integers(-50, 50), st.integers(1, 20))


def normalised_of(ranking) -> dict[int, float | None]:
    return {line.application_id: line.normalised for line in ranking}


def key(line):
    return (line.normalised, line.mean)


# --- invariance -----------------------------------------------------------------------------


@SETTINGS
@given(reviews=stages(), data=st.data(), scale=positive, shift=shifts)
def test_a_reviewers_shift_and_scale_leave_normalised_scores_unchanged(reviews, data, scale, shift):
    reviewer = data.draw(st.sampled_from(sorted({r.reviewer_id for r in reviews})))
    moved = [
        ReviewScore(r.application_id, r.reviewer_id, r.score * scale + shift)
        if r.reviewer_id == reviewer
        else r
        for r in reviews
    ]
    before, after = rank_reviews(reviews), rank_reviews(moved)
    # exactly equal, not approximately: the maths is exact up to a correctly rounded root
    assert normalised_of(before) == normalised_of(after)

    def order(ranking):
        return sorted(
            (line.application_id for line in ranking),
            key=lambda pk: (-normalised_of(ranking)[pk], pk),
        )

    assert order(before) == order(after)


@SETTINGS
@given(reviews=stages(), seed=st.randoms(use_true_random=False))
def test_input_order_changes_nothing(reviews, seed):
    shuffled = list(reviews)
    seed.shuffle(shuffled)
    assert rank_reviews(shuffled) == rank_reviews(reviews)


@SETTINGS
@given(scale=positive)
def test_scaling_every_weight_changes_no_review_score(scale):
    criteria = [CriterionScale(1, Fraction(2), 0, 4), CriterionScale(2, Fraction(1, 2), 1, 5)]
    scaled = [
        CriterionScale(c.criterion_id, c.weight * scale, c.scale_min, c.scale_max) for c in criteria
    ]
    for values in ({1: 3, 2: 5}, {1: 0, 2: None}, {1: None, 2: 2}):
        assert ReviewScorer(criteria)(values) == ReviewScorer(scaled)(values)


# --- ranks and ties ---------------------------------------------------------------------------


@SETTINGS
@given(reviews=stages())
def test_rank_is_one_plus_the_number_of_strictly_better_dossiers(reviews):
    ranking = rank_reviews(reviews)
    for line in ranking:
        better = sum(1 for other in ranking if key(other) > key(line))
        assert line.rank == 1 + better
    ranks = [line.rank for line in ranking]
    assert ranks == sorted(ranks)


@SETTINGS
@given(reviews=stages(), data=st.data())
def test_dossiers_with_the_same_reviews_share_a_rank(reviews, data):
    original = data.draw(st.sampled_from(sorted({r.application_id for r in reviews})))
    twin = 1000
    copy = [
        ReviewScore(twin, r.reviewer_id, r.score) for r in reviews if r.application_id == original
    ]
    ranking = {line.application_id: line for line in rank_reviews(reviews + copy)}
    assert ranking[twin].rank == ranking[original].rank
    assert key(ranking[twin]) == key(ranking[original])
    # the rank after a tie skips: nobody sits at rank + 1 when two share it
    assert not any(line.rank == ranking[original].rank + 1 for line in ranking.values())


@SETTINGS
@given(reviews=stages(), value=scores)
def test_all_equal_scores_tie_everyone_at_rank_one(reviews, value):
    same = [ReviewScore(r.application_id, r.reviewer_id, value) for r in reviews]
    ranking = rank_reviews(same)
    assert {line.rank for line in ranking} == {1}
    assert {line.normalised for line in ranking} == {0.0}
    assert not any(line.disagreement for line in ranking)


# --- missing scores ---------------------------------------------------------------------------


@SETTINGS
@given(
    values=st.dictionaries(st.integers(1, 4), st.integers(0, 4), min_size=1),
    missing=st.sets(st.integers(5, 9)),
)
def test_missing_scores_are_skipped_not_counted_as_zero(values, missing):
    criteria = [CriterionScale(pk, Fraction(pk, 2), 0, 4) for pk in range(1, 10)]
    scorer = ReviewScorer(criteria)
    with_missing = {**values, **dict.fromkeys(missing)}
    assert scorer(with_missing) == scorer(values)
    assert scorer(dict.fromkeys(missing)) is None
    assert 0 <= scorer(values) <= 1


@SETTINGS
@given(reviews=stages(), extra=st.sets(st.integers(100, 110), min_size=1))
def test_dossiers_without_reviews_come_last_and_change_nothing(reviews, extra):
    ranked = rank_reviews(reviews)
    with_extra = rank_reviews(reviews, application_ids=sorted(extra))
    assert with_extra[: len(ranked)] == ranked
    tail = with_extra[len(ranked) :]
    assert {line.application_id for line in tail} == extra
    assert all(line.rank is None and line.reviews_count == 0 for line in tail)


# --- what the z-scores mean -------------------------------------------------------------------


@SETTINGS
@given(reviews=stages(min_reviews=2))
def test_each_reviewers_z_scores_average_zero_with_unit_spread(reviews):
    z = reviewer_z_scores(reviews)
    by_reviewer: dict[int, list[float]] = {}
    for (_application_id, reviewer_id), value in z.items():
        by_reviewer.setdefault(reviewer_id, []).append(float(value))
    for values in by_reviewer.values():
        n = len(values)
        assert abs(sum(values) / n) < 1e-9
        if any(values):  # a reviewer without spread gets zeros only
            assert abs(sum(v * v for v in values) / n - 1) < 1e-9
