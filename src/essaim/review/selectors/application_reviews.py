"""Every review of one dossier, stage by stage, with the dossier's line of each stage's
ranking: what the staff dossier page shows. A fixed number of queries per stage."""

from dataclasses import dataclass, field

from django.db.models import Prefetch

from essaim.applications.models import Application

from ..models import Assignment, Conflict, Criterion, ReviewStage, Score
from ..ranking import BLOCKING_CONFLICTS, RankedApplication, rank_stage


@dataclass
class ReviewCard:
    assignment: Assignment
    rows: list[dict]  # {"criterion": Criterion, "score": Score | None}
    left_out: bool  # a standing conflict keeps it out of the ranking

    @property
    def review(self):
        return getattr(self.assignment, "review", None)


@dataclass
class StageReviews:
    stage: ReviewStage
    cards: list[ReviewCard] = field(default_factory=list)
    line: RankedApplication | None = None
    ranked_count: int = 0


def application_reviews(application: Application) -> list[StageReviews]:
    assignments = (
        Assignment.objects.filter(application=application)
        .select_related("reviewer", "review", "stage")
        .prefetch_related(
            Prefetch("stage__criteria", queryset=Criterion.objects.order_by("position", "id")),
            Prefetch("review__scores", queryset=Score.objects.all()),
        )
        .order_by("stage__position", "stage_id", "id")
    )
    blocked = set(
        Conflict.objects.filter(application=application, status__in=BLOCKING_CONFLICTS).values_list(
            "person_id", flat=True
        )
    )
    stages: dict[int, StageReviews] = {}
    for assignment in assignments:
        block = stages.setdefault(assignment.stage_id, StageReviews(assignment.stage))
        review = getattr(assignment, "review", None)
        scores = {s.criterion_id: s for s in review.scores.all()} if review else {}
        rows = [
            {"criterion": c, "score": scores.get(c.pk)} for c in assignment.stage.criteria.all()
        ]
        block.cards.append(ReviewCard(assignment, rows, assignment.reviewer_id in blocked))
    for block in stages.values():
        ranking = rank_stage(block.stage)
        block.ranked_count = sum(1 for line in ranking if line.rank is not None)
        block.line = next((line for line in ranking if line.application_id == application.pk), None)
    return list(stages.values())
