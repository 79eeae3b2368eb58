"""Reads of the reviewers' space: a person's assigned dossiers per call and stage, one
assignment with everything its page shows, the next dossier to score, others' reviews.

Each runs a fixed number of queries whatever the number of dossiers. A dossier on which the
person has a blocking conflict of interest (suspected or confirmed) is never listed.
"""

from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Prefetch, QuerySet
from django.utils.translation import gettext as _

from essaim.applications.enums import ApplicationState
from essaim.funds.models import Call, CallMembership

from ..enums import OtherReviewsVisibility, ReviewStatus
from ..models import Assignment, Conflict, Review, ReviewStage
from ..ranking import BLOCKING_CONFLICTS
from ..rules import REVIEWING_ROLES

TODO = "todo"  # no review row yet


def dossier_label(stage: ReviewStage, application) -> str:
    """The project's title, or an anonymous label when the stage hides who applied (a title
    often names the town)."""
    if stage.shows_applicant_names:
        return application.title
    return _("Dossier %(reference)s") % {"reference": application.reference or application.pk}


def review_status(assignment: Assignment) -> str:
    review = getattr(assignment, "review", None)
    return review.status if review is not None else TODO


def status_label(status: str) -> str:
    return str(
        {
            TODO: _("À faire"),
            ReviewStatus.DRAFT: _("Brouillon"),
            ReviewStatus.SUBMITTED: _("Rendue"),
        }[status]
    )


def without_blocking_conflict(queryset: QuerySet[Assignment]) -> QuerySet[Assignment]:
    conflict = Conflict.objects.filter(
        application_id=OuterRef("application_id"),
        person_id=OuterRef("reviewer_id"),
        status__in=BLOCKING_CONFLICTS,
    )
    return queryset.filter(~Exists(conflict))


def _listed(queryset: QuerySet[Assignment]) -> QuerySet[Assignment]:
    """Assignments a reviewer's lists show: no blocking conflict, no withdrawn dossier,
    in the order of the list (dossier reference)."""
    return (
        without_blocking_conflict(queryset)
        .exclude(application__state=ApplicationState.WITHDRAWN)
        .order_by("application__reference", "application_id")
    )


@dataclass
class AssignedDossier:
    assignment: Assignment
    label: str
    status: str

    @property
    def status_label(self) -> str:
        return status_label(self.status)


@dataclass
class StageProgress:
    stage: ReviewStage
    dossiers: list[AssignedDossier] = field(default_factory=list)

    @property
    def submitted(self) -> int:
        return sum(1 for d in self.dossiers if d.status == ReviewStatus.SUBMITTED)

    @property
    def total(self) -> int:
        return len(self.dossiers)


@dataclass
class CallWorkspace:
    call: Call
    stages: list[StageProgress] = field(default_factory=list)


def reviewer_workspace(user) -> list[CallWorkspace]:
    """The person's calls (as reviewer or juror, or with any assignment), each with its stages
    and assigned dossiers. Two queries."""
    assignments = (
        _listed(Assignment.objects.filter(reviewer=user))
        .select_related("stage__call__fund", "application", "review")
        .only(
            "id",
            "stage_id",
            "application_id",
            "reviewer_id",
            *(
                f"stage__{name}"
                for name in (
                    "id",
                    "call_id",
                    "kind",
                    "title",
                    "position",
                    "opens_on",
                    "closes_on",
                    "shows_applicant_names",
                )
            ),
            "stage__call__id",
            "stage__call__title",
            "stage__call__opens_at",
            "stage__call__fund__id",
            "stage__call__fund__name",
            "application__id",
            "application__reference",
            "application__title",
            "application__state",
            "review__id",
            "review__status",
            "review__assignment_id",
        )
    )
    calls: dict[int, CallWorkspace] = {}
    stages: dict[int, StageProgress] = {}
    for assignment in assignments:
        stage = assignment.stage
        if stage.pk not in stages:
            stages[stage.pk] = StageProgress(stage)
            calls.setdefault(stage.call_id, CallWorkspace(stage.call)).stages.append(
                stages[stage.pk]
            )
        stages[stage.pk].dossiers.append(
            AssignedDossier(
                assignment, dossier_label(stage, assignment.application), review_status(assignment)
            )
        )
    for membership in CallMembership.objects.filter(
        user=user, role__in=REVIEWING_ROLES
    ).select_related("call__fund"):
        calls.setdefault(membership.call_id, CallWorkspace(membership.call))
    workspaces = sorted(calls.values(), key=lambda w: (-w.call.opens_at.timestamp(), w.call.pk))
    for workspace in workspaces:
        workspace.stages.sort(key=lambda s: (s.stage.position, s.stage.pk))
    return workspaces


def assignment_page_queryset(user) -> QuerySet[Assignment]:
    """The person's assignments with everything the dossier page shows, in a fixed number of
    queries."""
    return (
        Assignment.objects.filter(reviewer=user)
        .select_related(
            "stage__call__fund",
            "application__theme",
            "application__support_request",
            "application__created_by",
            "review",
        )
        .prefetch_related(
            "stage__criteria",
            "application__team",
            "application__attachments",
            "application__budget_lines",
            "review__scores",
        )
    )


def next_assignment(assignment: Assignment) -> int | None:
    """The id of the next assignment of the same stage the reviewer has not submitted yet:
    the first after this one in list order, else the first from the top; None when every
    other one is submitted. One query."""
    rows = (
        _listed(
            Assignment.objects.filter(
                stage_id=assignment.stage_id, reviewer_id=assignment.reviewer_id
            )
        )
        .exclude(review__status=ReviewStatus.SUBMITTED)
        .exclude(pk=assignment.pk)
        .values_list("pk", "application__reference", "application_id")
    )

    def position(row) -> tuple[str, int]:
        return (row[1] or "", row[2])

    candidates = sorted(rows, key=position)
    current = (assignment.application.reference or "", assignment.application_id)
    after = [row for row in candidates if position(row) > current]
    chosen = after or candidates
    return chosen[0][0] if chosen else None


def may_see_other_reviews(stage: ReviewStage, own: Review | None) -> bool:
    visibility = stage.other_reviews_visibility
    if visibility == OtherReviewsVisibility.ALWAYS:
        return True
    if visibility == OtherReviewsVisibility.AFTER_OWN:
        return own is not None and own.status == ReviewStatus.SUBMITTED
    return False


@dataclass
class OtherReview:
    label: str
    review: Review


def other_reviews(assignment: Assignment) -> list[OtherReview]:
    """The other reviewers' submitted reviews of this dossier at this stage, named
    "Évaluateur 1, 2…" in assignment order; reviews of people in conflict are left out.
    Two queries."""
    others = without_blocking_conflict(
        Assignment.objects.filter(
            stage_id=assignment.stage_id, application_id=assignment.application_id
        )
        .exclude(pk=assignment.pk)
        .filter(review__status=ReviewStatus.SUBMITTED)
    ).order_by("id")
    reviews = (
        Review.objects.filter(assignment__in=others)
        .order_by("assignment_id")
        .prefetch_related(Prefetch("scores", to_attr="score_list"))
    )
    return [
        OtherReview(_("Évaluateur %(n)s") % {"n": n}, review)
        for n, review in enumerate(reviews, start=1)
    ]
