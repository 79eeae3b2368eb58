"""Reads behind the staff set-up pages of the accompaniment, each in a fixed number of
queries whatever the number of laureates."""

from dataclasses import dataclass, field

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Count, Q

from essaim.applications.enums import ApplicationState
from essaim.applications.models import Application
from essaim.funds.enums import FundRole
from essaim.funds.models import Call, CallMembership, Invitation

from ..enums import OPEN_MILESTONE_STATUSES, MilestoneStatus, PhaseStatus
from ..models import Accompaniment, Cohort, Milestone, PhaseTemplate

PEOPLE_ROLES = (FundRole.COACH, FundRole.EVALUATOR)


@dataclass
class LaureateRow:
    application: Application
    accompaniment: Accompaniment | None
    phases_total: int = 0
    phases_done: int = 0
    form: object = None


@dataclass
class CallAccompaniment:
    phases: list[PhaseTemplate]
    cohorts: list[Cohort]
    laureates: list[LaureateRow]
    coaches: list
    evaluators: list
    invitations: list[Invitation] = field(default_factory=list)

    @property
    def total_weeks(self) -> int:
        return sum(phase.default_weeks for phase in self.phases)

    def counts(self) -> dict:
        return {
            "to_place": sum(1 for r in self.laureates if r.accompaniment is None),
            "in_progress": sum(
                1
                for r in self.laureates
                if r.application.state == ApplicationState.IN_ACCOMPANIMENT
            ),
            "finished": sum(
                1 for r in self.laureates if r.application.state == ApplicationState.ACCOMPANIED
            ),
        }


def _accompaniment_of(application: Application) -> Accompaniment | None:
    try:
        return application.accompaniment
    except ObjectDoesNotExist:
        return None


def call_people(call: Call) -> tuple[list, list]:
    """The call's coaches and evaluators, by name (one query)."""
    memberships = (
        CallMembership.objects.filter(call=call, role__in=PEOPLE_ROLES)
        .select_related("user")
        .order_by("user__full_name", "user__email")
    )
    coaches, evaluators = [], []
    for membership in memberships:
        (coaches if membership.role == FundRole.COACH else evaluators).append(membership.user)
    return coaches, evaluators


@dataclass
class PlacementChoices:
    cohorts: list[Cohort]
    coaches: list
    evaluators: list
    has_phases: bool


def placement_choices(call: Call) -> PlacementChoices:
    """What the form placing one laureate offers (three queries)."""
    coaches, evaluators = call_people(call)
    return PlacementChoices(
        cohorts=list(Cohort.objects.filter(call=call).order_by("starts_on", "id")),
        coaches=coaches,
        evaluators=evaluators,
        has_phases=PhaseTemplate.objects.filter(call=call).exists(),
    )


def accompaniment_invitations(call: Call) -> list[Invitation]:
    """The call's invitations of coaches and evaluators, those waiting first."""
    return list(
        Invitation.objects.filter(call=call, role__in=PEOPLE_ROLES).order_by(
            "status", "-created_at"
        )
    )


def call_accompaniment(call: Call) -> CallAccompaniment:
    """Everything the call's accompaniment page shows (six queries)."""
    phases = list(PhaseTemplate.objects.filter(call=call).order_by("position", "id"))
    cohorts = list(
        Cohort.objects.filter(call=call)
        .annotate(n_laureates=Count("accompaniments"))
        .order_by("starts_on", "id")
    )
    applications = (
        Application.objects.filter(call=call, state__in=ApplicationState.selected())
        .select_related("accompaniment__cohort", "accompaniment__coach", "accompaniment__evaluator")
        .annotate(
            n_phases=Count("accompaniment__phases", distinct=True),
            n_phases_done=Count(
                "accompaniment__phases",
                filter=Q(accompaniment__phases__status=PhaseStatus.DONE),
                distinct=True,
            ),
        )
        .order_by("reference", "pk")
    )
    laureates = [
        LaureateRow(
            application=application,
            accompaniment=_accompaniment_of(application),
            phases_total=application.n_phases,
            phases_done=application.n_phases_done,
        )
        for application in applications
    ]
    coaches, evaluators = call_people(call)
    invitations = list(
        Invitation.objects.filter(call=call, role__in=PEOPLE_ROLES).order_by(
            "status", "-created_at"
        )
    )
    return CallAccompaniment(
        phases=phases,
        cohorts=cohorts,
        laureates=laureates,
        coaches=coaches,
        evaluators=evaluators,
        invitations=invitations,
    )


@dataclass
class AccompanimentSummary:
    accompaniment: Accompaniment
    phases: list
    next_milestone: Milestone | None
    late_count: int

    @property
    def current_phase(self):
        return next((p for p in self.phases if p.status == PhaseStatus.IN_PROGRESS), None)

    @property
    def all_phases_done(self) -> bool:
        return all(p.status == PhaseStatus.DONE for p in self.phases)


def accompaniment_summary(application: Application) -> AccompanimentSummary | None:
    """The dossier panel's summary, or None before the accompaniment starts (4 queries)."""
    accompaniment = (
        Accompaniment.objects.filter(application=application)
        .select_related("cohort", "coach", "evaluator")
        .first()
    )
    if accompaniment is None:
        return None
    accompaniment.application = application
    phases = list(accompaniment.phases.order_by("position", "id"))
    open_milestones = accompaniment.milestones.filter(status__in=OPEN_MILESTONE_STATUSES)
    next_milestone = open_milestones.select_related("owner").order_by("due_on", "id").first()
    late_count = open_milestones.filter(status=MilestoneStatus.LATE).count()
    return AccompanimentSummary(
        accompaniment=accompaniment,
        phases=phases,
        next_milestone=next_milestone,
        late_count=late_count,
    )
