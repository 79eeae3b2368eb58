"""Reads behind the shared workspaces: the laureates a person may open, one workspace's
content, the people who may own a milestone. Each runs a fixed number of queries whatever
the number of phases, milestones, documents or notes."""

from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db.models import Case, F, IntegerField, OuterRef, Q, QuerySet, Subquery, Value, When

from essaim.applications.enums import TeamAccess
from essaim.applications.models import TeamMember
from essaim.core.models import AuditEvent
from essaim.funds.enums import FundRole
from essaim.funds.rules import staff_fund_ids

from ..enums import OPEN_MILESTONE_STATUSES, MilestoneStatus, PhaseStatus, ReportStatus
from ..models import (
    Accompaniment,
    Document,
    EvaluationReport,
    JournalEntry,
    Milestone,
    Phase,
)

TEAM_ACCESS = (TeamAccess.OWNER, TeamAccess.EDITOR)


def workspace_queryset() -> QuerySet:
    """What every workspace page and its permission rules read, in one query."""
    return Accompaniment.objects.select_related(
        "application__call__fund", "cohort", "coach", "evaluator"
    )


def _team_application_ids(user) -> list[int]:
    return list(
        TeamMember.objects.filter(user=user, access__in=TEAM_ACCESS).values_list(
            "application_id", flat=True
        )
    )


def _visible_filter(user, team_ids: list[int]) -> Q | None:
    """None when the person sees every workspace (a platform admin)."""
    if user.is_superuser:
        return None
    return (
        Q(coach=user)
        | Q(evaluator=user)
        | Q(application__call__fund_id__in=staff_fund_ids(user))
        | Q(application_id__in=team_ids)
    )


def has_workspaces(user) -> bool:
    """Whether the menu shows "Accompagnement" (one query, or two for fund staff)."""
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return Accompaniment.objects.exists()
    team = TeamMember.objects.filter(user=user, access__in=TEAM_ACCESS).values("application_id")
    return Accompaniment.objects.filter(
        Q(coach=user)
        | Q(evaluator=user)
        | Q(application__call__fund_id__in=staff_fund_ids(user))
        | Q(application_id__in=team)
    ).exists()


@dataclass
class HomeRow:
    accompaniment: Accompaniment
    roles: list[str]


def visible_accompaniments(user) -> tuple[QuerySet, list[int]]:
    """The laureates a person may open, each annotated with its current phase (the first
    not done) and its next open milestone; returns the queryset and the person's team
    dossiers (to tell their role on each row)."""
    team_ids = _team_application_ids(user)
    queryset = workspace_queryset()
    condition = _visible_filter(user, team_ids)
    if condition is not None:
        queryset = queryset.filter(condition)
    current_phase = (
        Phase.objects.filter(accompaniment=OuterRef("pk"))
        .exclude(status=PhaseStatus.DONE)
        .order_by("position", "id")
    )
    next_milestone = Milestone.objects.filter(
        accompaniment=OuterRef("pk"), status__in=OPEN_MILESTONE_STATUSES
    ).order_by("due_on", "id")
    queryset = queryset.annotate(
        current_phase_name=Subquery(current_phase.values("name")[:1]),
        current_phase_status=Subquery(current_phase.values("status")[:1]),
        next_milestone_title=Subquery(next_milestone.values("title")[:1]),
        next_milestone_due_on=Subquery(next_milestone.values("due_on")[:1]),
        next_milestone_status=Subquery(next_milestone.values("status")[:1]),
    )
    # what needs attention first: laureates still in a phase, the nearest (or most overdue)
    # milestone first; finished accompaniments (every phase done) last
    finished = Case(
        When(current_phase_name__isnull=True, then=Value(1)),
        default=Value(0),
        output_field=IntegerField(),
    )
    queryset = queryset.order_by(
        finished,
        F("next_milestone_due_on").asc(nulls_last=True),
        "application__call__fund__name",
        "application__call__title",
        "application__title",
    )
    return queryset, team_ids


def home_rows(user, accompaniments, team_ids: list[int]) -> list[HomeRow]:
    from django.utils.translation import gettext as _

    funds = staff_fund_ids(user)
    team = set(team_ids)
    rows = []
    for accompaniment in accompaniments:
        roles = []
        if accompaniment.application_id in team:
            roles.append(_("Équipe lauréate"))
        if accompaniment.coach_id == user.pk:
            roles.append(_("Accompagnant"))
        if accompaniment.evaluator_id == user.pk:
            roles.append(_("Évaluateur"))
        if accompaniment.application.call.fund_id in funds or (not roles and user.is_superuser):
            roles.append(_("Équipe du fonds"))
        rows.append(HomeRow(accompaniment=accompaniment, roles=roles))
    return rows


def possible_owners(accompaniment: Accompaniment) -> list:
    """Who may own a milestone: the team members with an account, the coach, the fund's
    staff. One query, cached on the accompaniment for the request."""
    cached = getattr(accompaniment, "_possible_owners", None)
    if cached is not None:
        return cached
    application = accompaniment.application
    owners = list(
        get_user_model()
        .objects.filter(
            Q(
                team_memberships__application_id=application.pk,
                team_memberships__access__in=TEAM_ACCESS,
            )
            | Q(pk=accompaniment.coach_id or 0)
            | Q(
                fund_memberships__fund_id=application.call.fund_id,
                fund_memberships__role=FundRole.STAFF,
            ),
            is_active=True,
        )
        .distinct()
        .order_by("full_name", "email")
    )
    accompaniment._possible_owners = owners
    return owners


@dataclass
class PhaseBlock:
    phase: Phase | None
    milestones: list = field(default_factory=list)
    documents: list = field(default_factory=list)
    journal: list = field(default_factory=list)


@dataclass
class WorkspaceContent:
    phases: list[Phase]
    blocks: list[PhaseBlock]  # one per phase, then one for items without a phase
    milestones: list[Milestone]
    reports: dict[str, EvaluationReport]
    current_phase: Phase | None
    next_milestone: Milestone | None
    startable_id: int | None  # the phase a coach may start now: the first not done, if planned


def workspace_content(accompaniment: Accompaniment) -> WorkspaceContent:
    """Everything the workspace page shows, in six queries."""
    phases = list(Phase.objects.filter(accompaniment=accompaniment).order_by("position", "id"))
    milestones = list(
        Milestone.objects.filter(accompaniment=accompaniment)
        .select_related("owner")
        .order_by("due_on", "id")
    )
    documents = list(
        Document.objects.filter(accompaniment=accompaniment)
        .select_related("added_by")
        .order_by("-created_at", "-id")
    )
    journal = list(
        JournalEntry.objects.filter(accompaniment=accompaniment)
        .select_related("author")
        .order_by("-created_at", "-id")
    )
    reports = {
        report.moment: report
        for report in EvaluationReport.objects.filter(accompaniment=accompaniment).select_related(
            "evaluator"
        )
    }
    # The reason of an abandoned milestone lives in its audit row.
    abandoned = [str(m.pk) for m in milestones if m.status == MilestoneStatus.ABANDONED]
    reasons: dict[str, str] = {}
    if abandoned:
        for object_id, reason in (
            AuditEvent.objects.filter(
                object_type=Milestone._meta.label_lower,
                object_id__in=abandoned,
                action="accompaniment.milestone_status",
                to_value=MilestoneStatus.ABANDONED,
            )
            .order_by("created_at", "id")
            .values_list("object_id", "reason")
        ):
            reasons[object_id] = reason  # the latest wins
    evidence: dict[int, list[Document]] = {}
    for document in documents:
        if document.milestone_id:
            evidence.setdefault(document.milestone_id, []).append(document)
    by_pk = {phase.pk: phase for phase in phases}
    for milestone in milestones:
        if milestone.phase_id:
            milestone.phase = by_pk.get(milestone.phase_id)
        milestone.evidence_list = evidence.get(milestone.pk, [])
        milestone.abandon_reason = reasons.get(str(milestone.pk), "")

    blocks = {phase.pk: PhaseBlock(phase=phase) for phase in phases}
    loose = PhaseBlock(phase=None)
    for milestone in milestones:
        blocks.get(milestone.phase_id, loose).milestones.append(milestone)
    for document in documents:
        if not document.milestone_id:
            blocks.get(document.phase_id, loose).documents.append(document)
    for entry in journal:
        blocks.get(entry.phase_id, loose).journal.append(entry)
    ordered = [blocks[phase.pk] for phase in phases]
    if loose.milestones or loose.documents or loose.journal:
        ordered.append(loose)
    current = next((p for p in phases if p.status == PhaseStatus.IN_PROGRESS), None)
    first_open = next((p for p in phases if p.status != PhaseStatus.DONE), None)
    upcoming = [m for m in milestones if m.status in OPEN_MILESTONE_STATUSES]
    return WorkspaceContent(
        phases=phases,
        blocks=ordered,
        milestones=milestones,
        reports=reports,
        current_phase=current,
        next_milestone=upcoming[0] if upcoming else None,
        startable_id=first_open.pk
        if first_open is not None and first_open.status == PhaseStatus.PLANNED
        else None,
    )


def submitted_reports(reports: dict[str, EvaluationReport]) -> list[EvaluationReport]:
    return [r for r in reports.values() if r.status == ReportStatus.SUBMITTED]


@dataclass(frozen=True)
class ScheduleGap:
    """The engagement in force runs past the phases' plan: an amendment moved its end."""

    version: int
    engagement_ends_on: object  # date
    plan_ends_on: object  # date


def engagement_in_force(accompaniment: Accompaniment):
    """The laureate's engagement in force with its expected results (two queries), or None:
    everyone in the workspace works towards them, the evaluator first."""
    from ..enums import EngagementStatus
    from ..models import Engagement

    return (
        Engagement.objects.filter(
            application_id=accompaniment.application_id, status=EngagementStatus.SIGNED
        )
        .prefetch_related("indicators")
        .first()
    )


def schedule_gap(engagement, phases: list[Phase]) -> ScheduleGap | None:
    """When the engagement in force ends after the last planned phase: the phases are not
    moved by an amendment, people re-plan them."""
    plan_end = max((p.planned_end for p in phases if p.planned_end), default=None)
    if plan_end is None or engagement is None or engagement.ends_on is None:
        return None
    if engagement.ends_on <= plan_end:
        return None
    return ScheduleGap(engagement.version, engagement.ends_on, plan_end)
