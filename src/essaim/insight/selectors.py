"""The dashboards' reads across apps, for one call or all the calls of a fund.

Each function is one or two aggregate queries (GROUP BY) over the calls it is given, never a
query per dossier, review or laureate: a dashboard costs the same number of queries with 3
dossiers as with 10,000. Counts follow the rules the other staff pages already use, so that
a number here is the number there:

- "déposés" are the dossiers in any state but draft (the home page, the statistics page);
- type of body, size band and département come as in `applications.statistics`;
- weighted review scores as in `review.ranking` (submitted reviews, no blocking conflict,
  no withdrawn dossier), on its 0–20 scale;
- late milestones as on the portfolio (`accompaniment.selectors.portfolio`); what a laureate
  commits and what is paid as on the envelope page (`accompaniment.selectors.engagements`).
"""

import datetime as dt
import math
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import (
    Case,
    CharField,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Cast, Substr

from essaim.accompaniment.enums import EngagementStatus, MilestoneStatus
from essaim.accompaniment.models import Engagement, Milestone
from essaim.accompaniment.selectors.portfolio import EXPECTED_MILESTONE_STATUSES, late_milestones
from essaim.applications.enums import ApplicationState
from essaim.applications.models import Application
from essaim.applications.selectors import state_counts_by_call
from essaim.catalogue.enums import ReuseStatus
from essaim.catalogue.models import Innovation, Reuse
from essaim.funds.enums import StageKind
from essaim.funds.models import Call, CallStage
from essaim.review.enums import ReviewStatus
from essaim.review.models import Assignment, Conflict, Criterion, ReviewStage, Score
from essaim.review.ranking import BLOCKING_CONFLICTS, DISPLAY_SCALE

ZERO = Decimal("0")

# The funnel: the states in which a dossier has passed each step (withdrawn dossiers are
# left out of every step after the deposit: where they stopped is not recorded in the state).
_AFTER_SHORTLIST = [
    ApplicationState.SHORTLISTED,
    ApplicationState.IN_SUPPORT,
    ApplicationState.LAUREATE,
    ApplicationState.WAITLISTED,
    ApplicationState.NOT_SELECTED,
    ApplicationState.IN_ACCOMPANIMENT,
    ApplicationState.ACCOMPANIED,
]
REACHED_ELIGIBLE = frozenset(ApplicationState.declared_eligible())
REACHED_SHORTLIST = frozenset(_AFTER_SHORTLIST)
SELECTED = frozenset(ApplicationState.selected())


# --- the funnel and the calls side by side ----------------------------------------------


@dataclass
class CallCounts:
    """One call's steps, from the drafts to the reused innovations."""

    call: Call
    drafts: int = 0
    submitted: int = 0
    eligible: int = 0
    shortlisted: int | None = None  # None: the call has no first selection
    laureates: int = 0
    published: int = 0
    reused: int = 0
    reviewers: int = 0


def call_counts(calls: list[Call]) -> list[CallCounts]:
    """Each call's funnel and number of reviewers, in four queries whatever the number of
    calls: states, stages, innovations, reviewers."""
    ids = [call.pk for call in calls]
    by_state = state_counts_by_call(ids)
    first_selection = set(
        CallStage.objects.filter(call_id__in=ids, kind=StageKind.FIRST_SELECTION).values_list(
            "call_id", flat=True
        )
    )
    live_reuse = Reuse.objects.filter(innovation=OuterRef("pk")).exclude(
        status=ReuseStatus.ABANDONED
    )
    innovations = {
        call_id: (published, reused)
        for call_id, published, reused in Innovation.objects.filter(
            call_id__in=ids, is_published=True
        )
        .annotate(is_reused=Exists(live_reuse))
        .order_by()
        .values_list("call_id")
        .annotate(published=Count("id"), reused=Count("id", filter=Q(is_reused=True)))
    }
    reviewers = dict(
        Assignment.objects.filter(stage__call_id__in=ids)
        .order_by()
        .values_list("stage__call_id")
        .annotate(n=Count("reviewer_id", distinct=True))
    )
    result = []
    for call in calls:
        states = by_state.get(call.pk, {})
        published, reused = innovations.get(call.pk, (0, 0))
        result.append(
            CallCounts(
                call=call,
                drafts=states.get(ApplicationState.DRAFT, 0),
                submitted=sum(n for s, n in states.items() if s != ApplicationState.DRAFT),
                eligible=sum(n for s, n in states.items() if s in REACHED_ELIGIBLE),
                shortlisted=(
                    sum(n for s, n in states.items() if s in REACHED_SHORTLIST)
                    if call.pk in first_selection
                    else None
                ),
                laureates=sum(n for s, n in states.items() if s in SELECTED),
                published=published,
                reused=reused,
                reviewers=reviewers.get(call.pk, 0),
            )
        )
    return result


# --- who applied -------------------------------------------------------------------------


@dataclass
class Profile:
    """The submitted dossiers counted four ways; "" is the key of "non renseigné"."""

    total: int = 0
    by_theme: Counter = field(default_factory=Counter)
    by_type: Counter = field(default_factory=Counter)
    by_size_band: Counter = field(default_factory=Counter)
    by_departement: Counter = field(default_factory=Counter)


def applicant_profile(calls: list[Call]) -> Profile:
    """The calls' submitted dossiers by theme (its title: a fund's calls that share a theme
    add up), type of body, size band and département, in one grouped query."""
    rows = (
        Application.objects.filter(call__in=[call.pk for call in calls])
        .exclude(state=ApplicationState.DRAFT)
        .order_by()
        .values_list(
            "theme__title",
            "organisation_type",
            "organisation__size_band",
            "organisation_departement",
        )
        .annotate(n=Count("*"))
    )
    profile = Profile()
    for theme, kind, size_band, departement, n in rows:
        profile.total += n
        profile.by_theme[theme or ""] += n
        profile.by_type[kind or ""] += n
        profile.by_size_band[size_band or ""] += n
        profile.by_departement[departement or ""] += n
    return profile


# --- when they applied -------------------------------------------------------------------


def submissions_by_day(calls: list[Call]) -> dict[int, Counter]:
    """{call_id: Counter({day in Paris: dossiers submitted that day})}, one query. Every
    dossier with a submission time counts, including those withdrawn since.

    The database groups by hour in UTC (the first 13 characters of the stored time, as
    SQLite stores it and as PostgreSQL writes it in the UTC of Django's connections), and
    Python turns each hour into its day in Paris: exact, as Paris is a whole number of hours
    from UTC, and without converting every row on SQLite (where a time-zone truncation is a
    Python function called per row)."""
    paris = ZoneInfo(settings.TIME_ZONE)
    rows = (
        Application.objects.filter(call__in=[call.pk for call in calls], submitted_at__isnull=False)
        .annotate(hour=Substr(Cast("submitted_at", CharField()), 1, 13))
        .order_by()
        .values_list("call_id", "hour")
        .annotate(n=Count("*"))
    )
    days: dict[int, Counter] = defaultdict(Counter)
    for call_id, hour, n in rows:
        moment = dt.datetime.strptime(hour, "%Y-%m-%d %H").replace(tzinfo=dt.UTC)
        days[call_id][moment.astimezone(paris).date()] += n
    return days


# --- reviews -----------------------------------------------------------------------------


@dataclass
class ReviewerProgress:
    reviewer_id: int
    name: str
    assigned: int = 0
    submitted: int = 0


@dataclass
class StageProgress:
    kind: str  # ReviewStageKind
    title: str
    reviewers: list[ReviewerProgress]

    @property
    def assigned(self) -> int:
        return sum(row.assigned for row in self.reviewers)

    @property
    def submitted(self) -> int:
        return sum(row.submitted for row in self.reviewers)


def review_stages(calls: list[Call]) -> list[ReviewStage]:
    """The calls' review stages with their criteria, in stage order (two queries)."""
    return list(
        ReviewStage.objects.filter(call__in=[call.pk for call in calls])
        .order_by("position", "kind", "call_id")
        .prefetch_related("criteria")
    )


def review_progress(calls: list[Call], stages: list[ReviewStage]) -> list[StageProgress]:
    """Per stage kind, per reviewer: dossiers assigned and reviews submitted, in one grouped
    query. A fund's calls add up per kind of stage (its first selections, its juries)."""
    rows = (
        Assignment.objects.filter(stage__call__in=[call.pk for call in calls])
        .order_by()
        .values_list(
            "stage__kind", "reviewer_id", "reviewer__full_name", "reviewer__email", "review__status"
        )
        .annotate(n=Count("id"))
    )
    by_kind: dict[str, dict[int, ReviewerProgress]] = defaultdict(dict)
    for kind, reviewer_id, full_name, email, status, n in rows:
        row = by_kind[kind].setdefault(
            reviewer_id, ReviewerProgress(reviewer_id, full_name or email)
        )
        row.assigned += n
        if status == ReviewStatus.SUBMITTED:
            row.submitted += n
    result = []
    for kind, title in _stage_titles(stages, single_call=len(calls) == 1):
        reviewers = sorted(
            by_kind.get(kind, {}).values(), key=lambda r: (r.name.lower(), r.reviewer_id)
        )
        result.append(StageProgress(kind=kind, title=title, reviewers=reviewers))
    return result


def _stage_titles(stages: list[ReviewStage], *, single_call: bool) -> list[tuple[str, str]]:
    """(kind, title) of each kind of stage once, in stage order: the call's own title of a
    single call's stage, the standard one across a fund's calls."""
    seen: dict[str, str] = {}
    for stage in stages:
        if stage.kind not in seen:
            seen[stage.kind] = stage.display_title if single_call else str(stage.get_kind_display())
    return list(seen.items())


@dataclass
class CriterionMarks:
    criterion: Criterion
    marks: Counter  # {value: count}

    @property
    def count(self) -> int:
        return sum(self.marks.values())

    @property
    def mean(self) -> float | None:
        if not self.count:
            return None
        return sum(value * n for value, n in self.marks.items()) / self.count


@dataclass
class StageScores:
    kind: str
    title: str
    scores: list[float]  # each counted review's weighted score, 0–20
    criteria: list[CriterionMarks]  # a single call's stage only


def _counted_scores(calls: list[Call]):
    """The scores the ranking counts (review.ranking.load_stage_reviews): of submitted
    reviews, on dossiers not withdrawn, by people without a blocking conflict on them."""
    conflict = Conflict.objects.filter(
        application_id=OuterRef("review__assignment__application_id"),
        person_id=OuterRef("review__assignment__reviewer_id"),
        status__in=BLOCKING_CONFLICTS,
    )
    return (
        Score.objects.filter(
            review__assignment__stage__call__in=[call.pk for call in calls],
            review__status=ReviewStatus.SUBMITTED,
            value__isnull=False,
        )
        .exclude(review__assignment__application__state=ApplicationState.WITHDRAWN)
        .filter(~Exists(conflict))
        .order_by()
    )


def _weighted_terms(criteria: list[Criterion]) -> tuple[Case, Case, int]:
    """The ranking's weighted score (review.ranking.ReviewScorer) as two integer sums the
    database adds up per review: with weights in hundredths W and L the common multiple of
    the criteria's spans, score (0–1) = Σ W × (value − min) × L / span ÷ (L × Σ W)."""
    common = math.lcm(*(c.scale_max - c.scale_min for c in criteria)) if criteria else 1
    points = Case(
        *(
            When(
                criterion_id=c.pk,
                then=(F("value") - c.scale_min)
                * (int(c.weight * 100) * common // (c.scale_max - c.scale_min)),
            )
            for c in criteria
        ),
        default=Value(0),
        output_field=IntegerField(),
    )
    weights = Case(
        *(When(criterion_id=c.pk, then=Value(int(c.weight * 100))) for c in criteria),
        default=Value(0),
        output_field=IntegerField(),
    )
    return points, weights, common


def score_distributions(calls: list[Call], stages: list[ReviewStage]) -> list[StageScores]:
    """Per stage kind, the weighted score (0–20) of each review the ranking counts, and for
    a single call the marks given on each criterion: the database sums each review's
    weighted marks (one row per review, two integers), then counts marks per criterion and
    value (a second query, a single call only); the exact score is computed once per
    distinct pair of sums."""
    criteria = [c for stage in stages for c in stage.criteria.all()]
    points, weights, common = _weighted_terms(criteria)
    sums = Counter(
        (stage_id, total, weight)
        for stage_id, total, weight in _counted_scores(calls)
        .values("review_id")
        .annotate(points=Sum(points), weights=Sum(weights))
        .values_list("review__assignment__stage_id", "points", "weights")
    )
    kind_of_stage = {stage.pk: stage.kind for stage in stages}
    scores_by_kind: dict[str, list[float]] = defaultdict(list)
    for (stage_id, total, weight), n in sums.items():
        if not weight or stage_id not in kind_of_stage:
            continue
        score = float(Fraction(total, weight * common) * DISPLAY_SCALE)
        scores_by_kind[kind_of_stage[stage_id]] += [score] * n

    single_call = len(calls) == 1
    marks: dict[int, Counter] = defaultdict(Counter)
    if single_call:
        for criterion_id, value, n in (
            _counted_scores(calls).values_list("criterion_id", "value").annotate(n=Count("id"))
        ):
            marks[criterion_id][value] += n
    result = []
    for kind, title in _stage_titles(stages, single_call=single_call):
        stage_criteria = []
        if single_call:
            stage = next(s for s in stages if s.kind == kind)
            stage_criteria = [CriterionMarks(c, marks[c.pk]) for c in stage.criteria.all()]
        scores = sorted(scores_by_kind[kind])
        result.append(StageScores(kind=kind, title=title, scores=scores, criteria=stage_criteria))
    return result


# --- after the jury ----------------------------------------------------------------------


@dataclass
class AccompanimentStatus:
    laureates: int = 0
    signed: int = 0  # laureates with an engagement in force
    in_preparation: int = 0  # a first engagement in preparation, none signed yet
    milestones: Counter = field(default_factory=Counter)  # achieved, on_time, late, abandoned

    @property
    def without_engagement(self) -> int:
        return self.laureates - self.signed - self.in_preparation


MILESTONE_BUCKETS = ("achieved", "on_time", "late", "abandoned")


def accompaniment_status(calls: list[Call], *, today: dt.date) -> AccompanimentStatus:
    """Engagements of the laureates and the state of their milestones, in two queries.

    A laureate is a dossier in a selected state or with an accompaniment (as on the
    portfolio). A milestone is late as the portfolio counts it (marked late, or still
    expected and past due), on time when still expected and not yet due."""
    ids = [call.pk for call in calls]
    signed = Engagement.objects.filter(application=OuterRef("pk"), status=EngagementStatus.SIGNED)
    draft = Engagement.objects.filter(application=OuterRef("pk"), status=EngagementStatus.DRAFT)
    rows = (
        Application.objects.filter(call__in=ids)
        .filter(Q(accompaniment__isnull=False) | Q(state__in=ApplicationState.selected()))
        .annotate(has_signed=Exists(signed), has_draft=Exists(draft))
        .order_by()
        .values_list("has_signed", "has_draft")
        .annotate(n=Count("id"))
    )
    status = AccompanimentStatus()
    for has_signed, has_draft, n in rows:
        status.laureates += n
        if has_signed:
            status.signed += n
        elif has_draft:
            status.in_preparation += n
    bucket = Case(
        When(status=MilestoneStatus.ACHIEVED, then=Value("achieved")),
        When(status=MilestoneStatus.ABANDONED, then=Value("abandoned")),
        When(late_milestones(today), then=Value("late")),
        When(status__in=EXPECTED_MILESTONE_STATUSES, then=Value("on_time")),
        default=Value("late"),
        output_field=CharField(),
    )
    milestones = (
        Milestone.objects.filter(accompaniment__application__call__in=ids)
        .annotate(bucket=bucket)
        .order_by()
        .values_list("bucket")
        .annotate(n=Count("id"))
    )
    for name, n in milestones:
        status.milestones[name] += n
    return status


@dataclass
class EnvelopeUse:
    call: Call
    committed: Decimal = ZERO
    paid: Decimal = ZERO

    @property
    def total(self) -> Decimal | None:
        return self.call.envelope

    @property
    def remaining(self) -> Decimal | None:
        return None if self.total is None else self.total - self.committed


def envelope_use(calls: list[Call]) -> list[EnvelopeUse]:
    """What each funding call commits and has paid, by the envelope page's rule: per
    dossier, the newest version of its engagement not superseded; paid, the paid tranches
    of the signed version. One query (one row per engagement version in force or in
    preparation, a few per laureate)."""
    funding = [call for call in calls if call.is_funding]
    if not funding:
        return []
    rows = (
        Engagement.objects.filter(
            application__call__in=[call.pk for call in funding],
            status__in=(EngagementStatus.DRAFT, EngagementStatus.SIGNED),
        )
        .values_list(
            "application__call_id", "application_id", "version", "status", "granted_amount"
        )
        .annotate(paid=Sum("tranches__paid_amount"))
        .order_by("application_id", "version")
    )
    committed: dict[int, dict[int, Decimal]] = defaultdict(dict)
    paid: Counter = Counter()
    for call_id, application_id, _version, status, granted, paid_total in rows:
        committed[call_id][application_id] = granted or ZERO  # the newest version wins
        if status == EngagementStatus.SIGNED:
            paid[call_id] += paid_total or ZERO
    return [
        EnvelopeUse(
            call=call,
            committed=sum(committed[call.pk].values(), ZERO),
            paid=paid[call.pk] or ZERO,
        )
        for call in funding
    ]
