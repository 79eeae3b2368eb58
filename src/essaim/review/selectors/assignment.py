"""Reads for setting up the reviews: the pool and its load, the assignment board of a
stage, a call's conflicts, one dossier's assignments. Each runs a fixed number of queries
whatever the number of dossiers or people."""

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import Case, Count, Exists, IntegerField, OuterRef, Q, QuerySet, Value, When

from essaim.accounts.models import User
from essaim.applications.models import Application
from essaim.funds.enums import FundRole, InvitationState
from essaim.funds.models import Call, CallMembership, Invitation

from ..enums import ConflictStatus, ReviewStatus
from ..models import Assignment, Conflict, ReviewStage
from ..services.assignment import pool_role, reviewable_states

BLOCKING = (ConflictStatus.SUSPECTED, ConflictStatus.CONFIRMED)
REVIEWING_ROLES = (FundRole.REVIEWER, FundRole.JUROR)


# --- the pool -----------------------------------------------------------------------------


@dataclass
class PoolMember:
    membership: CallMembership
    assigned: int = 0
    submitted: int = 0

    @property
    def user(self):
        return self.membership.user


def call_invitations(call: Call) -> QuerySet[Invitation]:
    """Invitations still waiting for an answer come first, newest first."""
    return (
        Invitation.objects.filter(call=call)
        .select_related("accepted_by")
        .annotate(
            waiting=Case(
                When(status=InvitationState.PENDING, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        .order_by("waiting", "-created_at", "-id")
    )


def call_pool(call: Call) -> list[PoolMember]:
    """The call's reviewers and jurors with their assignments over all its stages."""
    memberships = list(
        CallMembership.objects.filter(call=call, role__in=REVIEWING_ROLES)
        .select_related("user")
        .order_by("role", "user__full_name", "user_id")
    )
    counts = _assignment_counts(Assignment.objects.filter(stage__call=call))
    return [
        PoolMember(
            membership=membership,
            assigned=counts[membership.user_id]["assigned"],
            submitted=counts[membership.user_id]["submitted"],
        )
        for membership in memberships
    ]


def _assignment_counts(assignments: QuerySet[Assignment]) -> dict[int, Counter]:
    """{reviewer id: Counter(assigned, submitted, draft)} in one grouped query."""
    counts: dict[int, Counter] = defaultdict(Counter)
    rows = (
        assignments.order_by().values_list("reviewer_id", "review__status").annotate(n=Count("id"))
    )
    for reviewer_id, status, n in rows:
        counts[reviewer_id]["assigned"] += n
        if status == ReviewStatus.SUBMITTED:
            counts[reviewer_id]["submitted"] += n
        elif status == ReviewStatus.DRAFT:
            counts[reviewer_id]["draft"] += n
    return counts


# --- the load view ------------------------------------------------------------------------


@dataclass
class LoadRow:
    user: User
    organisation_name: str
    organisation_departement: str
    assigned: int
    submitted: int
    drafts: int
    conflicts: int

    @property
    def not_started(self) -> int:
        return self.assigned - self.submitted - self.drafts


def stage_load(stage: ReviewStage) -> list[LoadRow]:
    """Each member of the stage's pool: dossiers assigned, reviews submitted and in draft,
    standing conflicts in the call. Also lists people who hold assignments but have left
    the pool. Three queries."""
    memberships = {
        membership.user_id: membership
        for membership in CallMembership.objects.filter(
            call_id=stage.call_id, role=pool_role(stage)
        ).select_related("user")
    }
    counts = _assignment_counts(Assignment.objects.filter(stage=stage))
    conflicts = Counter(
        dict(
            Conflict.objects.filter(application__call_id=stage.call_id, status__in=BLOCKING)
            .order_by()
            .values_list("person_id")
            .annotate(n=Count("id"))
        )
    )
    missing = set(counts) - set(memberships)
    users = {m.user_id: m.user for m in memberships.values()}
    if missing:
        users.update({user.pk: user for user in User.objects.filter(pk__in=missing)})
    rows = []
    for user_id, user in users.items():
        membership = memberships.get(user_id)
        count = counts[user_id]
        rows.append(
            LoadRow(
                user=user,
                organisation_name=membership.organisation_name if membership else "",
                organisation_departement=(
                    membership.organisation_departement if membership else ""
                ),
                assigned=count["assigned"],
                submitted=count["submitted"],
                drafts=count["draft"],
                conflicts=conflicts[user_id],
            )
        )
    rows.sort(key=lambda row: (-row.assigned, (row.user.full_name or row.user.email).lower()))
    return rows


# --- the assignment board -----------------------------------------------------------------


def board_applications(stage: ReviewStage, *, incomplete_only: bool = False) -> QuerySet:
    """The dossiers of the board: those the stage reviews, and any already assigned at it
    (a dossier that moved on keeps its reviewers in sight). `n_assigned` counts them."""
    assigned_here = Assignment.objects.filter(stage=stage, application_id=OuterRef("pk"))
    queryset = (
        Application.objects.filter(call_id=stage.call_id)
        .filter(Q(state__in=reviewable_states(stage)) | Exists(assigned_here))
        .annotate(n_assigned=Count("assignments", filter=Q(assignments__stage=stage)))
        .only("id", "reference", "title", "state", "organisation_name", "call_id")
        .order_by("reference", "id")
    )
    if incomplete_only:
        queryset = queryset.filter(n_assigned__lt=stage.reviews_per_application)
    return queryset


@dataclass
class BoardRow:
    application: Application
    assignments: list[Assignment] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)
    options: list[User] = field(default_factory=list)
    reviewable: bool = True

    @property
    def assigned(self) -> int:
        return len(self.assignments)


def board_rows(stage: ReviewStage, applications: list[Application]) -> list[BoardRow]:
    """One page of the board: each dossier's reviewers (with their review's status), its
    standing conflicts, and the pool members who could still be added. Three queries."""
    ids = [application.pk for application in applications]
    assignments: dict[int, list[Assignment]] = defaultdict(list)
    for assignment in (
        Assignment.objects.filter(stage=stage, application_id__in=ids)
        .select_related("reviewer", "review")
        .order_by("reviewer__full_name", "id")
    ):
        assignments[assignment.application_id].append(assignment)
    conflicts: dict[int, list[Conflict]] = defaultdict(list)
    for conflict in (
        Conflict.objects.filter(application_id__in=ids, status__in=BLOCKING)
        .select_related("person")
        .order_by("person__full_name", "id")
    ):
        conflicts[conflict.application_id].append(conflict)
    pool = [
        membership.user
        for membership in CallMembership.objects.filter(
            call_id=stage.call_id, role=pool_role(stage)
        )
        .select_related("user")
        .order_by("user__full_name", "user_id")
    ]
    states = set(reviewable_states(stage))
    rows = []
    for application in applications:
        taken = {a.reviewer_id for a in assignments[application.pk]} | {
            c.person_id for c in conflicts[application.pk]
        }
        rows.append(
            BoardRow(
                application=application,
                assignments=assignments[application.pk],
                conflicts=conflicts[application.pk],
                options=[user for user in pool if user.pk not in taken],
                reviewable=application.state in states,
            )
        )
    return rows


# --- conflicts ----------------------------------------------------------------------------


def call_conflicts(call: Call) -> QuerySet[Conflict]:
    """The call's conflicts: suspected first (they wait for staff), then confirmed, then
    cleared; newest first within each."""
    return (
        Conflict.objects.filter(application__call=call)
        .select_related("application", "person", "decided_by")
        .annotate(
            rank=Case(
                When(status=ConflictStatus.SUSPECTED, then=Value(0)),
                When(status=ConflictStatus.CONFIRMED, then=Value(1)),
                default=Value(2),
                output_field=IntegerField(),
            )
        )
        .order_by("rank", "-created_at", "-id")
    )


def conflict_counts(call: Call) -> dict[str, int]:
    return dict(
        Conflict.objects.filter(application__call=call)
        .order_by()
        .values_list("status")
        .annotate(n=Count("id"))
    )


# --- one dossier --------------------------------------------------------------------------


@dataclass
class StageAssignments:
    stage: ReviewStage
    assignments: list[Assignment]


@dataclass
class ApplicationPanel:
    stages: list[StageAssignments]
    conflicts: list[Conflict]


def application_assignments(application: Application) -> ApplicationPanel:
    """The dossier's assignments at each review stage of its call, and its conflicts."""
    stages = list(
        ReviewStage.objects.filter(call_id=application.call_id).order_by("position", "id")
    )
    by_stage: dict[int, list[Assignment]] = defaultdict(list)
    for assignment in (
        Assignment.objects.filter(application=application)
        .select_related("reviewer", "review")
        .order_by("reviewer__full_name", "id")
    ):
        by_stage[assignment.stage_id].append(assignment)
    conflicts = list(
        Conflict.objects.filter(application=application)
        .select_related("person", "decided_by")
        .order_by("-created_at", "-id")
    )
    return ApplicationPanel(
        stages=[StageAssignments(stage=s, assignments=by_stage[s.pk]) for s in stages],
        conflicts=conflicts,
    )


@dataclass
class AutoAssignPreview:
    dossiers: int
    pool_size: int
    per_application: int
    incomplete: int
    places: int


def auto_assign_preview(stage: ReviewStage) -> AutoAssignPreview:
    """What "assign automatically" would do, in numbers (conflicts not yet counted)."""
    k = stage.reviews_per_application
    counts = list(
        Application.objects.filter(call_id=stage.call_id, state__in=reviewable_states(stage))
        .annotate(n=Count("assignments", filter=Q(assignments__stage=stage)))
        .values_list("n", flat=True)
    )
    pool_size = CallMembership.objects.filter(call_id=stage.call_id, role=pool_role(stage)).count()
    return AutoAssignPreview(
        dossiers=len(counts),
        pool_size=pool_size,
        per_application=k,
        incomplete=sum(1 for n in counts if n < k),
        places=sum(max(0, k - n) for n in counts),
    )
