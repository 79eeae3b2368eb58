"""A laureate's timeline: moving through its phases, and its milestones.

Invariants:
- at most one phase is in progress; phases are done in their order (`position`);
- completing a phase records its actual end and starts the next planned one the same day;
- a milestone's owner is one of the people of the workspace (team with an account, coach,
  fund staff); `upcoming` and `late` are set by the system (the daily task marks lateness),
  people set `in_progress`, `achieved` (with its date) and `abandoned` (with a reason).

Callers check who may act (`accompaniment.move_phases` for phases and for adding or editing
milestones, `update_milestones` for a status or evidence). Every change writes an audit row.
"""

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from essaim.core.audit import record
from essaim.core.formatting import day

from ..enums import OPEN_MILESTONE_STATUSES, MilestoneStatus, PhaseStatus
from ..models import Accompaniment, Document, Milestone, Phase
from ..selectors.workspace import possible_owners
from .workspace import WorkspaceError, add_document

REASON_MAX_LENGTH = 2000


def _today() -> dt.date:
    return timezone.localdate()


def _check_not_future(day: dt.date, label: str) -> None:
    if day > _today():
        raise WorkspaceError(_("%(label)s ne peut pas être dans le futur.") % {"label": label})


def _locked_phases(accompaniment_id: int) -> list[Phase]:
    return list(
        Phase.objects.select_for_update(of=("self",))
        .filter(accompaniment_id=accompaniment_id)
        .order_by("position", "id")
    )


def _start(phase: Phase, *, on: dt.date, actor) -> None:
    phase.status = PhaseStatus.IN_PROGRESS
    phase.actual_start = on
    phase.actual_end = None
    phase.save(update_fields=["status", "actual_start", "actual_end"])
    record(
        actor=actor,
        action="accompaniment.phase_started",
        obj=phase,
        from_value=PhaseStatus.PLANNED,
        to_value=PhaseStatus.IN_PROGRESS,
        data={"accompaniment_id": phase.accompaniment_id, "on": on.isoformat()},
    )
    accompaniment = phase.accompaniment
    if accompaniment.started_on is None:
        accompaniment.started_on = on
        accompaniment.save(update_fields=["started_on", "updated_at"])


def start_phase(*, phase: Phase, actor, on: dt.date | None = None) -> Phase:
    """Start a planned phase on `on` (today by default), once every earlier phase is done."""
    on = on or _today()
    _check_not_future(on, _("La date de début"))
    with transaction.atomic():
        phases = _locked_phases(phase.accompaniment_id)
        current = next(p for p in phases if p.pk == phase.pk)
        current.accompaniment = phase.accompaniment
        if current.status != PhaseStatus.PLANNED:
            raise WorkspaceError(
                _("La phase « %(name)s » a déjà commencé.") % {"name": current.name}
            )
        for other in phases:
            if other.pk == current.pk:
                break
            if other.status != PhaseStatus.DONE:
                raise WorkspaceError(
                    _("Terminez d'abord la phase « %(name)s ».") % {"name": other.name}
                )
            if other.actual_end and on < other.actual_end:
                raise WorkspaceError(
                    _("La phase ne peut pas commencer avant la fin de la précédente (%(day)s).")
                    % {"day": day(other.actual_end)}
                )
        _start(current, on=on, actor=actor)
    phase.refresh_from_db()
    return phase


def complete_phase(*, phase: Phase, actor, on: dt.date | None = None) -> Phase | None:
    """End a phase in progress on `on` (today by default) and start the next planned phase
    the same day. Returns the phase started, or None after the last one."""
    on = on or _today()
    _check_not_future(on, _("La date de fin"))
    with transaction.atomic():
        phases = _locked_phases(phase.accompaniment_id)
        index = next(i for i, p in enumerate(phases) if p.pk == phase.pk)
        current = phases[index]
        if current.status != PhaseStatus.IN_PROGRESS:
            raise WorkspaceError(
                _("La phase « %(name)s » n'est pas en cours.") % {"name": current.name}
            )
        if current.actual_start and on < current.actual_start:
            raise WorkspaceError(
                _("La fin ne peut pas précéder le début de la phase (%(day)s).")
                % {"day": day(current.actual_start)}
            )
        current.status = PhaseStatus.DONE
        current.actual_end = on
        current.save(update_fields=["status", "actual_end"])
        record(
            actor=actor,
            action="accompaniment.phase_completed",
            obj=current,
            from_value=PhaseStatus.IN_PROGRESS,
            to_value=PhaseStatus.DONE,
            data={"accompaniment_id": current.accompaniment_id, "on": on.isoformat()},
        )
        following = next((p for p in phases[index + 1 :] if p.status == PhaseStatus.PLANNED), None)
        if following is not None:
            following.accompaniment = phase.accompaniment
            _start(following, on=on, actor=actor)
    phase.refresh_from_db()
    return following


# --- milestones ---


def _check_milestone_fields(
    accompaniment: Accompaniment, *, title: str, owner, phase: Phase | None
) -> str:
    title = " ".join((title or "").split())
    if not title:
        raise WorkspaceError(_("Donnez un titre au jalon."))
    if phase is not None and phase.accompaniment_id != accompaniment.pk:
        raise WorkspaceError(_("Cette phase n'appartient pas à cet accompagnement."))
    if owner is not None and owner.pk not in {u.pk for u in possible_owners(accompaniment)}:
        raise WorkspaceError(
            _("Le responsable doit être membre de l'équipe, l'accompagnant ou l'équipe du fonds.")
        )
    return title[:200]


def add_milestone(
    *,
    accompaniment: Accompaniment,
    actor,
    title: str,
    due_on: dt.date,
    owner=None,
    phase: Phase | None = None,
    description: str = "",
) -> Milestone:
    title = _check_milestone_fields(accompaniment, title=title, owner=owner, phase=phase)
    with transaction.atomic():
        milestone = Milestone.objects.create(
            accompaniment=accompaniment,
            phase=phase,
            title=title,
            description=(description or "").strip(),
            due_on=due_on,
            owner=owner,
            status=MilestoneStatus.LATE if due_on < _today() else MilestoneStatus.UPCOMING,
        )
        record(
            actor=actor,
            action="accompaniment.milestone_added",
            obj=milestone,
            to_value=title,
            data={
                "accompaniment_id": accompaniment.pk,
                "due_on": due_on.isoformat(),
                "owner_id": owner.pk if owner else None,
                "phase_id": phase.pk if phase else None,
            },
        )
    return milestone


def edit_milestone(
    *,
    milestone: Milestone,
    actor,
    title: str,
    due_on: dt.date,
    owner=None,
    phase: Phase | None = None,
    description: str = "",
) -> Milestone:
    """Change a milestone's title, due date, owner or phase. A late milestone given a due
    date still ahead is expected again (`upcoming`); an open one moved into the past is late."""
    title = _check_milestone_fields(milestone.accompaniment, title=title, owner=owner, phase=phase)
    with transaction.atomic():
        locked = Milestone.objects.select_for_update(of=("self",)).get(pk=milestone.pk)
        before = {
            "title": locked.title,
            "due_on": locked.due_on.isoformat(),
            "owner_id": locked.owner_id,
            "phase_id": locked.phase_id,
            "description": locked.description,
        }
        locked.title = title
        locked.due_on = due_on
        locked.owner = owner
        locked.phase = phase
        locked.description = (description or "").strip()
        fields = ["title", "due_on", "owner", "phase", "description", "updated_at"]
        if locked.status == MilestoneStatus.LATE and due_on >= _today():
            locked.status = MilestoneStatus.UPCOMING
            fields.append("status")
        elif locked.status == MilestoneStatus.UPCOMING and due_on < _today():
            locked.status = MilestoneStatus.LATE
            fields.append("status")
        locked.save(update_fields=fields)
        after = {
            "title": locked.title,
            "due_on": locked.due_on.isoformat(),
            "owner_id": locked.owner_id,
            "phase_id": locked.phase_id,
            "description": locked.description,
        }
        changed = {key: [before[key], after[key]] for key in before if before[key] != after[key]}
        record(
            actor=actor,
            action="accompaniment.milestone_edited",
            obj=locked,
            data={"accompaniment_id": locked.accompaniment_id, "changed": changed},
        )
    return locked


# The statuses a person may set; `upcoming` and `late` follow from the due date.
SETTABLE_STATUSES = (
    MilestoneStatus.IN_PROGRESS,
    MilestoneStatus.ACHIEVED,
    MilestoneStatus.ABANDONED,
)


def set_milestone_status(
    *,
    milestone: Milestone,
    actor,
    status: str,
    achieved_on: dt.date | None = None,
    reason: str = "",
) -> Milestone:
    """`in_progress`; `achieved` on a date (today by default, never in the future);
    `abandoned` with a reason, kept in the audit row."""
    if status not in SETTABLE_STATUSES:
        raise WorkspaceError(_("Choisissez un état parmi ceux proposés."))
    reason = (reason or "").strip()[:REASON_MAX_LENGTH]
    if status == MilestoneStatus.ABANDONED and not reason:
        raise WorkspaceError(_("Indiquez pourquoi le jalon est abandonné."))
    if status == MilestoneStatus.ACHIEVED:
        achieved_on = achieved_on or _today()
        _check_not_future(achieved_on, _("La date à laquelle le jalon est atteint"))
    with transaction.atomic():
        locked = Milestone.objects.select_for_update(of=("self",)).get(pk=milestone.pk)
        previous = locked.status
        if previous == status and status != MilestoneStatus.ACHIEVED:
            return locked
        locked.status = status
        locked.achieved_on = achieved_on if status == MilestoneStatus.ACHIEVED else None
        locked.save(update_fields=["status", "achieved_on", "updated_at"])
        record(
            actor=actor,
            action="accompaniment.milestone_status",
            obj=locked,
            from_value=previous,
            to_value=status,
            reason=reason if status == MilestoneStatus.ABANDONED else "",
            data={
                "accompaniment_id": locked.accompaniment_id,
                **({"achieved_on": achieved_on.isoformat()} if achieved_on else {}),
            },
        )
    return locked


def is_open(milestone: Milestone) -> bool:
    return milestone.status in OPEN_MILESTONE_STATUSES


def attach_evidence(
    *, milestone: Milestone, actor, title: str, upload=None, url: str = ""
) -> Document:
    """A file or a link that shows the milestone is met, filed under its phase too."""
    return add_document(
        accompaniment=milestone.accompaniment,
        actor=actor,
        title=title,
        upload=upload,
        url=url,
        phase=milestone.phase,
        milestone=milestone,
    )
