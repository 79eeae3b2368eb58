"""Ranking a review stage's dossiers from their submitted reviews.

Pure functions over plain values, plus `load_stage_reviews` (the only reader of the
database, three queries whatever the size of the call) and `rank_stage`, which joins them.

The maths
---------
1. **A review's score** (0–1): Σ weight × (value − min) / (max − min) over the criteria the
   review scored, divided by the sum of *those* criteria's weights. A missing score is
   skipped (it neither counts as zero nor changes the other criteria's weights); a review
   with no score at all is ignored.
2. **Per dossier**: the number of reviews, their mean, median and spread (population
   standard deviation). They are handed out on a **0–20 scale** (score × 20).
3. **Normalised score**, so that a harsh and a lenient reviewer weigh the same: for each
   reviewer, the z-score of each of their review scores among every dossier they reviewed at
   this stage, (score − their mean) / their standard deviation; then, per dossier, the mean
   of its reviewers' z-scores. A reviewer with a single review, or who gave every dossier
   the same score, tells nothing about the order of dossiers: their z-scores are 0 (only
   their offset is removed). 0 is "as good as this reviewer's average dossier", +1 "one
   standard deviation above it".
4. **Disagreement**: at least two reviews whose scores are more than 0.4 apart on the 0–1
   scale (8 points out of 20) — one reviewer finds the dossier strong, another weak.
5. **Rank**: normalised score, highest first, then mean, highest first. Dossiers equal on
   both share a rank and the next rank is skipped (1, 1, 3). Dossiers without any counted
   review come last, without a rank.

Excluded: reviews not yet submitted, reviews by a person with a blocking conflict of
interest (suspected or confirmed) on the dossier, and withdrawn dossiers.

Numbers
-------
Everything is computed **exactly** with `fractions.Fraction` (the inputs are integers and
decimal weights), so ties are real ties, the input order never matters, and shifting or
scaling one reviewer's scores leaves the normalised scores bit-for-bit unchanged. The one
irrational step, a square root, is taken in `Decimal` at 28 significant digits on an exact
quantity (the z-score's square, the variance), so it too depends only on exact values.
Ranks are decided on these exact values; the results are then handed out as `float`
(correctly rounded), for display and export only.
"""

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Context, Decimal
from fractions import Fraction
from math import lcm
from statistics import median

from django.db.models import Exists, OuterRef

from essaim.applications.enums import ApplicationState

from .enums import ConflictStatus, ReviewStatus
from .models import Assignment, Conflict, Criterion, ReviewStage, Score

DISPLAY_SCALE = 20
DISAGREEMENT_RANGE = Fraction(2, 5)
BLOCKING_CONFLICTS = (ConflictStatus.SUSPECTED, ConflictStatus.CONFIRMED)
_CONTEXT = Context(prec=28)
_ZERO = Decimal(0)


@dataclass(frozen=True)
class CriterionScale:
    criterion_id: int
    weight: Fraction
    scale_min: int
    scale_max: int


@dataclass(frozen=True)
class ReviewScore:
    """One counted review: its dossier, its author, its score on the 0–1 scale."""

    application_id: int
    reviewer_id: int
    score: Fraction


@dataclass(frozen=True)
class RankedApplication:
    """One dossier's line of the ranking. Figures are None when no review counts.

    `mean`, `median` and `spread` are on the 0–20 scale; `normalised` is a mean of z-scores.
    """

    application_id: int
    reviews_count: int
    mean: float | None
    median: float | None
    spread: float | None
    normalised: float | None
    disagreement: bool
    rank: int | None


# --- one review -------------------------------------------------------------------------


class ReviewScorer:
    """Scores reviews against one stage's criteria: integer sums, then one Fraction.

    With D the common denominator of weight / (max − min) over the criteria and Dw that of
    the weights, Σ w (v − min) / (max − min) = Σ coef (v − min) / D and Σ w = Σ W / Dw, where
    coef and W are integers computed once here.
    """

    def __init__(self, criteria: Iterable[CriterionScale]):
        criteria = list(criteria)
        self._weight_den = lcm(*(c.weight.denominator for c in criteria)) if criteria else 1
        self._den = (
            lcm(*(c.weight.denominator * (c.scale_max - c.scale_min) for c in criteria))
            if criteria
            else 1
        )
        self._terms: dict[int, tuple[int, int, int]] = {}
        for c in criteria:
            span = c.scale_max - c.scale_min
            coef = c.weight.numerator * (self._den // (c.weight.denominator * span))
            weight = c.weight.numerator * (self._weight_den // c.weight.denominator)
            self._terms[c.criterion_id] = (c.scale_min, coef, weight)

    def __call__(self, values: Mapping[int, int | None]) -> Fraction | None:
        """The weighted score (0–1) of one review's {criterion_id: value}; None if nothing is
        scored. Values of other criteria are ignored."""
        total = 0
        weights = 0
        for criterion_id, value in values.items():
            term = self._terms.get(criterion_id)
            if value is None or term is None:
                continue
            scale_min, coef, weight = term
            total += coef * (value - scale_min)
            weights += weight
        if not weights:
            return None
        return Fraction(total * self._weight_den, self._den * weights)


def review_score(
    values: Mapping[int, int | None], criteria: Iterable[CriterionScale]
) -> Fraction | None:
    """The weighted score (0–1) of one review; see ReviewScorer."""
    return ReviewScorer(criteria)(values)


# --- square roots on exact values -------------------------------------------------------


def _sqrt(numerator: int, denominator: int = 1) -> Decimal:
    """√(numerator / denominator) ≥ 0 at 28 digits. Division and root are correctly rounded,
    so the result depends only on the value of the ratio, not on how it is written."""
    if not numerator:
        return _ZERO
    quotient = _CONTEXT.divide(Decimal(numerator), Decimal(denominator))
    return quotient.sqrt(_CONTEXT)


def _in_integers(scores: list[Fraction]) -> tuple[list[int], int]:
    """The scores as integers over their common denominator: ([A], L) with score = A / L."""
    common = lcm(*(s.denominator for s in scores))
    return [s.numerator * (common // s.denominator) for s in scores], common


def _mean_and_variance(scores: list[Fraction]) -> tuple[Fraction, Fraction]:
    """Exact mean and population variance, in integers: with S = ΣA, mean = S / (nL) and
    variance = Σ(nA − S)² / (n³L²)."""
    n = len(scores)
    scaled, common = _in_integers(scores)
    total = sum(scaled)
    squares = sum((n * a - total) ** 2 for a in scaled)
    return Fraction(total, n * common), Fraction(squares, n**3 * common**2)


def reviewer_z_scores(reviews: Iterable[ReviewScore]) -> dict[tuple[int, int], Decimal]:
    """{(application_id, reviewer_id): z-score of that review among the reviewer's own}.

    A reviewer with one review or with all scores equal gets 0 everywhere.
    """
    by_reviewer: dict[int, list[ReviewScore]] = defaultdict(list)
    for review in reviews:
        by_reviewer[review.reviewer_id].append(review)
    z_scores: dict[tuple[int, int], Decimal] = {}
    for reviewer_id, own in by_reviewer.items():
        n = len(own)
        # In integers: with A = score × L (L the common denominator) and e = n·A − ΣA,
        # z² = n·e² / Σe². A shift or a positive scale of the reviewer's scores multiplies
        # every e by the same factor, so z² — and its correctly rounded root — is unchanged.
        scaled, _common = _in_integers([r.score for r in own])
        total = sum(scaled)
        deviations = [n * a - total for a in scaled]
        sum_of_squares = sum(e * e for e in deviations)
        for review, e in zip(own, deviations, strict=True):
            key = (review.application_id, reviewer_id)
            if n < 2 or not sum_of_squares:
                z_scores[key] = _ZERO
                continue
            magnitude = _sqrt(n * e * e, sum_of_squares)
            z_scores[key] = magnitude if e >= 0 else -magnitude
    return z_scores


# --- the ranking ------------------------------------------------------------------------


@dataclass(frozen=True)
class _Line:
    """A dossier's exact figures, before they are handed out."""

    application_id: int
    scores: tuple[Fraction, ...]  # sorted
    mean: Fraction | None
    variance: Fraction | None
    normalised: Decimal | None

    @classmethod
    def of(cls, application_id: int, scores: list[Fraction], z_scores: list[Decimal]):
        if not scores:
            return cls(application_id, (), None, None, None)
        mean, variance = _mean_and_variance(scores)
        return cls(application_id, tuple(sorted(scores)), mean, variance, _mean_of(z_scores))

    def sort_key(self):
        if self.normalised is None:
            return (1, 0, 0, self.application_id)
        return (0, -self.normalised, -self.mean, self.application_id)


def _mean_of(values: list[Decimal]) -> Decimal:
    total = _ZERO
    for value in sorted(values):  # a fixed order: the sum's rounding never depends on input
        total = _CONTEXT.add(total, value)
    return _CONTEXT.divide(total, Decimal(len(values)))


def _scaled(value: Fraction) -> float:
    return float(value * DISPLAY_SCALE)


def rank_reviews(
    reviews: Iterable[ReviewScore], application_ids: Iterable[int] = ()
) -> list[RankedApplication]:
    """Rank the dossiers of `reviews`, plus those of `application_ids` that have none.

    Raises ValueError if a reviewer appears twice on one dossier.
    """
    reviews = list(reviews)
    seen: set[tuple[int, int]] = set()
    for review in reviews:
        key = (review.application_id, review.reviewer_id)
        if key in seen:
            raise ValueError(f"two reviews by reviewer {key[1]} on dossier {key[0]}")
        seen.add(key)
    z_scores = reviewer_z_scores(reviews)

    scores: dict[int, list[Fraction]] = {pk: [] for pk in application_ids}
    zs: dict[int, list[Decimal]] = defaultdict(list)
    for review in reviews:
        scores.setdefault(review.application_id, []).append(review.score)
        zs[review.application_id].append(z_scores[(review.application_id, review.reviewer_id)])

    lines = sorted((_Line.of(pk, own, zs[pk]) for pk, own in scores.items()), key=_Line.sort_key)
    ranked: list[RankedApplication] = []
    previous_key, previous_rank = None, None
    for position, line in enumerate(lines, start=1):
        rank = None
        if line.normalised is not None:
            key = (line.normalised, line.mean)
            rank = previous_rank if key == previous_key else position
            previous_key, previous_rank = key, rank
        ranked.append(_ranked(line, rank))
    return ranked


def _ranked(line: _Line, rank: int | None) -> RankedApplication:
    if not line.scores:
        return RankedApplication(line.application_id, 0, None, None, None, None, False, None)
    variance = line.variance
    return RankedApplication(
        application_id=line.application_id,
        reviews_count=len(line.scores),
        mean=_scaled(line.mean),
        median=_scaled(median(line.scores)),
        spread=float(
            _CONTEXT.multiply(
                _sqrt(variance.numerator, variance.denominator), Decimal(DISPLAY_SCALE)
            )
        ),
        normalised=float(line.normalised),
        disagreement=len(line.scores) > 1 and line.scores[-1] - line.scores[0] > DISAGREEMENT_RANGE,
        rank=rank,
    )


# --- from the database ------------------------------------------------------------------


def load_stage_reviews(stage: ReviewStage) -> tuple[list[ReviewScore], list[int]]:
    """The stage's counted reviews and the ids of every dossier assigned at the stage.

    Three queries: the criteria, the scores of submitted reviews without a blocking
    conflict, the assigned dossiers.
    """
    criteria = [
        CriterionScale(pk, Fraction(weight), scale_min, scale_max)
        for pk, weight, scale_min, scale_max in Criterion.objects.filter(stage=stage).values_list(
            "id", "weight", "scale_min", "scale_max"
        )
    ]
    conflict = Conflict.objects.filter(
        application_id=OuterRef("review__assignment__application_id"),
        person_id=OuterRef("review__assignment__reviewer_id"),
        status__in=BLOCKING_CONFLICTS,
    )
    rows = (
        Score.objects.filter(review__assignment__stage=stage, review__status=ReviewStatus.SUBMITTED)
        .exclude(review__assignment__application__state=ApplicationState.WITHDRAWN)
        .filter(~Exists(conflict))
        .order_by()
        .values_list(
            "review_id",
            "review__assignment__application_id",
            "review__assignment__reviewer_id",
            "criterion_id",
            "value",
        )
    )
    values: dict[int, dict[int, int | None]] = defaultdict(dict)
    authors: dict[int, tuple[int, int]] = {}
    for review_id, application_id, reviewer_id, criterion_id, value in rows:
        values[review_id][criterion_id] = value
        authors[review_id] = (application_id, reviewer_id)
    scorer = ReviewScorer(criteria)
    reviews = []
    for review_id, own in values.items():
        score = scorer(own)
        if score is not None:
            application_id, reviewer_id = authors[review_id]
            reviews.append(ReviewScore(application_id, reviewer_id, score))
    application_ids = list(
        Assignment.objects.filter(stage=stage)
        .exclude(application__state=ApplicationState.WITHDRAWN)
        .order_by()
        .values_list("application_id", flat=True)
        .distinct()
    )
    return reviews, application_ids


def rank_stage(stage: ReviewStage) -> list[RankedApplication]:
    """Every dossier assigned at `stage`, ranked (see the module's docstring)."""
    reviews, application_ids = load_stage_reviews(stage)
    return rank_reviews(reviews, application_ids)
