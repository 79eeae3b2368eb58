"""Staff set-up of a call's accompaniment: its template of phases, its cohorts, and for each
laureate the start, the changes and the end of the accompaniment.

Every write runs in one transaction with its audit row; e-mails leave after commit. The
dossier's state moves only through `applications.transitions.transition`:
laureate → in_accompaniment (start) → accompanied (finish).
"""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from essaim.applications.enums import ApplicationState
from essaim.applications.models import Application
from essaim.applications.transitions import TransitionError, transition
from essaim.core.audit import record
from essaim.core.formatting import day
from essaim.funds.enums import FundRole, SupportKind
from essaim.funds.models import Call, CallMembership
from essaim.notifications.services import queue_email

from ..defaults import DEFAULT_PHASES
from ..enums import PhaseStatus
from ..models import Accompaniment, Cohort, Phase, PhaseTemplate

MAX_WEEKS = 52


# --- the template of phases ---------------------------------------------------------------


def _check_phase(*, name: str, default_weeks: int) -> str:
    name = (name or "").strip()
    errors = {}
    if not name:
        errors["name"] = _("Indiquez le nom de la phase.")
    if not 1 <= default_weeks <= MAX_WEEKS:
        errors["default_weeks"] = _("Indiquez une durée de 1 à %(max)s semaines.") % {
            "max": MAX_WEEKS
        }
    if errors:
        raise ValidationError(errors)
    return name


def _clean_lines(text: str) -> str:
    return "\n".join(line.strip() for line in (text or "").splitlines() if line.strip())


def apply_default_template(*, call: Call, actor) -> list[PhaseTemplate]:
    """Give a call without phases the four default ones (defaults.DEFAULT_PHASES)."""
    with transaction.atomic():
        Call.objects.select_for_update().filter(pk=call.pk).first()
        if PhaseTemplate.objects.filter(call=call).exists():
            raise ValidationError(
                _(
                    "Cet appel a déjà des phases : le modèle par défaut ne s'applique qu'à un appel sans phase."
                )
            )
        phases = PhaseTemplate.objects.bulk_create(
            PhaseTemplate(
                call=call,
                position=position,
                name=str(name),
                default_weeks=weeks,
                deliverables=str(deliverables),
            )
            for position, (name, weeks, deliverables) in enumerate(DEFAULT_PHASES)
        )
        record(
            actor=actor,
            action="accompaniment.template_default",
            obj=call,
            to_value=str(len(phases)),
        )
    return phases


def phase_template_add(
    *, call: Call, actor, name: str, default_weeks: int, deliverables: str = ""
) -> PhaseTemplate:
    name = _check_phase(name=name, default_weeks=default_weeks)
    with transaction.atomic():
        last = PhaseTemplate.objects.filter(call=call).aggregate(last=Max("position"))["last"]
        phase = PhaseTemplate.objects.create(
            call=call,
            position=0 if last is None else last + 1,
            name=name,
            default_weeks=default_weeks,
            deliverables=_clean_lines(deliverables),
        )
        record(
            actor=actor,
            action="accompaniment.phase_template_added",
            obj=call,
            to_value=name,
            data={"phase_template": phase.pk, "weeks": default_weeks},
        )
    return phase


def phase_template_update(
    *, phase: PhaseTemplate, actor, name: str, default_weeks: int, deliverables: str = ""
) -> PhaseTemplate:
    """Change a template phase. Laureates already started keep their own copy."""
    name = _check_phase(name=name, default_weeks=default_weeks)
    with transaction.atomic():
        before = phase.name
        phase.name = name
        phase.default_weeks = default_weeks
        phase.deliverables = _clean_lines(deliverables)
        phase.save(update_fields=["name", "default_weeks", "deliverables"])
        record(
            actor=actor,
            action="accompaniment.phase_template_changed",
            obj=phase.call,
            from_value=before,
            to_value=name,
            data={"phase_template": phase.pk, "weeks": default_weeks},
        )
    return phase


def phase_template_move(*, phase: PhaseTemplate, actor, direction: str) -> None:
    """Move a phase one place up or down; positions are renumbered 0, 1, 2…"""
    if direction not in ("up", "down"):
        raise ValidationError(_("Choisissez de monter ou de descendre la phase."))
    with transaction.atomic():
        siblings = list(
            PhaseTemplate.objects.select_for_update()
            .filter(call_id=phase.call_id)
            .order_by("position", "id")
        )
        index = next(i for i, item in enumerate(siblings) if item.pk == phase.pk)
        target = index - 1 if direction == "up" else index + 1
        if not 0 <= target < len(siblings):
            return
        siblings[index], siblings[target] = siblings[target], siblings[index]
        for position, item in enumerate(siblings):
            item.position = position
        PhaseTemplate.objects.bulk_update(siblings, ["position"])
        record(
            actor=actor,
            action="accompaniment.phase_template_moved",
            obj=phase.call,
            to_value=phase.name,
            data={"phase_template": phase.pk, "direction": direction},
        )


def phase_template_delete(*, phase: PhaseTemplate, actor) -> None:
    """Remove a template phase. Laureates already started keep their own copy."""
    with transaction.atomic():
        call = phase.call
        name = phase.name
        pk = phase.pk
        phase.delete()
        remaining = list(PhaseTemplate.objects.filter(call=call).order_by("position", "id"))
        for position, item in enumerate(remaining):
            item.position = position
        PhaseTemplate.objects.bulk_update(remaining, ["position"])
        record(
            actor=actor,
            action="accompaniment.phase_template_removed",
            obj=call,
            from_value=name,
            data={"phase_template": pk},
        )


# --- cohorts ------------------------------------------------------------------------------


def _check_cohort(*, name: str, starts_on: dt.date | None, ends_on: dt.date | None) -> str:
    name = (name or "").strip()
    errors = {}
    if not name:
        errors["name"] = _("Indiquez le nom de la cohorte, par exemple « Printemps ».")
    if starts_on is None:
        errors["starts_on"] = _("Indiquez la date de début.")
    if ends_on is None:
        errors["ends_on"] = _("Indiquez la date de fin.")
    elif starts_on is not None and ends_on < starts_on:
        errors["ends_on"] = _("La fin doit venir après le début.")
    if errors:
        raise ValidationError(errors)
    return name


def cohort_create(
    *, call: Call, actor, name: str, starts_on: dt.date | None, ends_on: dt.date | None
) -> Cohort:
    name = _check_cohort(name=name, starts_on=starts_on, ends_on=ends_on)
    with transaction.atomic():
        cohort = Cohort.objects.create(call=call, name=name, starts_on=starts_on, ends_on=ends_on)
        record(
            actor=actor,
            action="accompaniment.cohort_created",
            obj=cohort,
            to_value=name,
            data={"call": call.pk, "starts_on": str(starts_on), "ends_on": str(ends_on)},
        )
    return cohort


def cohort_update(
    *, cohort: Cohort, actor, name: str, starts_on: dt.date | None, ends_on: dt.date | None
) -> Cohort:
    """Rename or move a cohort. Planned dates of laureates already started stay as they are."""
    name = _check_cohort(name=name, starts_on=starts_on, ends_on=ends_on)
    with transaction.atomic():
        before = f"{cohort.name} ({cohort.starts_on} → {cohort.ends_on})"
        cohort.name, cohort.starts_on, cohort.ends_on = name, starts_on, ends_on
        cohort.save(update_fields=["name", "starts_on", "ends_on", "updated_at"])
        record(
            actor=actor,
            action="accompaniment.cohort_changed",
            obj=cohort,
            from_value=before,
            to_value=f"{name} ({starts_on} → {ends_on})",
        )
    return cohort


# --- people of a call ---------------------------------------------------------------------


def coach_required(call: Call) -> bool:
    """A call whose support is an accompaniment needs a coach for each laureate; a funding
    call's laureates may be followed by staff alone."""
    return call.support_kind == SupportKind.ACCOMPANIMENT


def _check_people(*, call: Call, cohort, coach, evaluator) -> None:
    errors = {}
    if cohort is not None and cohort.call_id != call.pk:
        errors["cohort"] = _("Choisissez une cohorte de cet appel.")
    if coach is None:
        if coach_required(call):
            errors["coach"] = _("Choisissez l'accompagnant du lauréat.")
    elif not CallMembership.objects.filter(call=call, user=coach, role=FundRole.COACH).exists():
        errors["coach"] = _("Choisissez un accompagnant de cet appel.")
    if call.has_independent_evaluation:
        if evaluator is None:
            errors["evaluator"] = _("Choisissez l'évaluateur indépendant du lauréat.")
        elif not CallMembership.objects.filter(
            call=call, user=evaluator, role=FundRole.EVALUATOR
        ).exists():
            errors["evaluator"] = _("Choisissez un évaluateur de cet appel.")
    elif evaluator is not None:
        errors["evaluator"] = _("Cet appel ne prévoit pas d'évaluation indépendante.")
    if errors:
        raise ValidationError(errors)


def plan_phases(accompaniment: Accompaniment, start: dt.date) -> list[Phase]:
    """Lay the phases still planned end to end from `start` (or after the end of the phases
    before them, if later), each for its template's weeks (or the weeks it already spans).
    Phases begun or finished keep their dates."""
    phases = list(accompaniment.phases.order_by("position", "id"))
    cursor = start
    for phase in phases:
        if phase.status != PhaseStatus.PLANNED:
            end = phase.actual_end or phase.planned_end
            if end is not None:
                cursor = max(cursor, end + dt.timedelta(days=1))
            continue
        weeks = phase.template.default_weeks if phase.template else None
        if not weeks and phase.planned_start and phase.planned_end:
            weeks = max(1, ((phase.planned_end - phase.planned_start).days + 1) // 7)
        phase.planned_start = cursor
        phase.planned_end = cursor + dt.timedelta(weeks=weeks or 4) - dt.timedelta(days=1)
        cursor = phase.planned_end + dt.timedelta(days=1)
    Phase.objects.bulk_update(phases, ["planned_start", "planned_end"])
    return phases


def workspace_path(accompaniment: Accompaniment) -> str:
    """The shared workspace, once the coaching space serves it; else the coaching home, else
    the site's home."""
    for name, args in (
        ("coaching:workspace", [accompaniment.pk]),
        ("coaching:home", []),
    ):
        try:
            return reverse(name, args=args)
        except NoReverseMatch:
            continue
    return "/"


def _notify_assigned(accompaniment: Accompaniment, *, roles: tuple[str, ...]) -> None:
    application = accompaniment.application
    call = application.call
    people = {"coach": accompaniment.coach, "evaluator": accompaniment.evaluator}
    for role in roles:
        person = people[role]
        if person is None:
            continue
        queue_email(
            to=person.email,
            template="accompaniment_assigned",
            context={
                "role": role,
                "full_name": person.full_name,
                "title": application.title,
                "reference": application.reference or "",
                "organisation": application.organisation_name,
                "call_title": call.title,
                "fund_name": call.fund.name,
                "cohort": accompaniment.cohort.name if accompaniment.cohort else "",
                "starts_on": day(accompaniment.started_on),
                "path": workspace_path(accompaniment),
            },
        )


def _lock_application(application: Application) -> Application:
    return (
        Application.objects.select_for_update(of=("self",))
        .select_related("call__fund")
        .get(pk=application.pk)
    )


def start_accompaniment(
    *, application: Application, cohort: Cohort | None, coach, evaluator, actor
) -> Accompaniment:
    """Start a laureate's accompaniment: create it with the call's phases planned end to end
    from the cohort's start (today without a cohort), move the dossier to
    in_accompaniment, audit, and e-mail the coach and the evaluator after commit."""
    call = application.call
    _check_people(call=call, cohort=cohort, coach=coach, evaluator=evaluator)
    templates = list(PhaseTemplate.objects.filter(call=call).order_by("position", "id"))
    if not templates:
        raise ValidationError(
            _("Définissez d'abord les phases du modèle d'accompagnement de l'appel.")
        )
    with transaction.atomic():
        locked = _lock_application(application)
        if (
            locked.state != ApplicationState.LAUREATE
            or Accompaniment.objects.filter(application=locked).exists()
        ):
            raise ValidationError(
                _("Seul un dossier lauréat dont l'accompagnement n'a pas commencé peut être placé.")
            )
        start = cohort.starts_on if cohort else timezone.localdate()
        accompaniment = Accompaniment.objects.create(
            application=locked, cohort=cohort, coach=coach, evaluator=evaluator, started_on=start
        )
        Phase.objects.bulk_create(
            Phase(
                accompaniment=accompaniment,
                template=template,
                position=position,
                name=template.name,
                deliverables=template.deliverables,
            )
            for position, template in enumerate(templates)
        )
        plan_phases(accompaniment, start)
        try:
            transition(
                locked,
                to=ApplicationState.IN_ACCOMPANIMENT,
                actor=actor,
                reason=_("Début de l'accompagnement"),
            )
        except TransitionError as exc:
            raise ValidationError(str(exc)) from exc
        record(
            actor=actor,
            action="accompaniment.started",
            obj=accompaniment,
            to_value=str(start),
            data={
                "application": locked.pk,
                "cohort": cohort.pk if cohort else None,
                "coach": coach.pk if coach else None,
                "evaluator": evaluator.pk if evaluator else None,
            },
        )
        _notify_assigned(accompaniment, roles=("coach", "evaluator"))
    application.refresh_from_db(fields=["state"])
    return accompaniment


def change_accompaniment(
    *, accompaniment: Accompaniment, cohort: Cohort | None, coach, evaluator, actor
) -> Accompaniment:
    """Change a laureate's cohort, coach or evaluator. A new cohort re-plans the phases not
    yet begun from its start; a new coach or evaluator is told by e-mail."""
    application = accompaniment.application
    call = application.call
    _check_people(call=call, cohort=cohort, coach=coach, evaluator=evaluator)
    with transaction.atomic():
        locked = _lock_application(application)
        if locked.state != ApplicationState.IN_ACCOMPANIMENT:
            raise ValidationError(_("Cet accompagnement est terminé : il ne change plus."))
        accompaniment = Accompaniment.objects.select_for_update().get(pk=accompaniment.pk)
        before = {
            "cohort": accompaniment.cohort_id,
            "coach": accompaniment.coach_id,
            "evaluator": accompaniment.evaluator_id,
        }
        after = {
            "cohort": cohort.pk if cohort else None,
            "coach": coach.pk if coach else None,
            "evaluator": evaluator.pk if evaluator else None,
        }
        if before == after:
            return accompaniment
        accompaniment.cohort, accompaniment.coach, accompaniment.evaluator = (
            cohort,
            coach,
            evaluator,
        )
        fields = ["cohort", "coach", "evaluator", "updated_at"]
        if before["cohort"] != after["cohort"] and cohort is not None:
            accompaniment.started_on = cohort.starts_on
            fields.append("started_on")
            plan_phases(accompaniment, cohort.starts_on)
        accompaniment.save(update_fields=fields)
        accompaniment.application = locked
        record(
            actor=actor,
            action="accompaniment.changed",
            obj=accompaniment,
            data={"before": before, "after": after},
        )
        _notify_assigned(
            accompaniment,
            roles=tuple(role for role in ("coach", "evaluator") if before[role] != after[role]),
        )
    return accompaniment


def phases_done(accompaniment: Accompaniment) -> bool:
    return not accompaniment.phases.exclude(status=PhaseStatus.DONE).exists()


def finish_accompaniment(*, accompaniment: Accompaniment, actor, reason: str = "") -> Accompaniment:
    """End the accompaniment: the dossier becomes accompanied. Every phase must be done,
    unless staff force it with a reason (kept in the audit trail)."""
    reason = (reason or "").strip()
    with transaction.atomic():
        locked = _lock_application(accompaniment.application)
        if locked.state != ApplicationState.IN_ACCOMPANIMENT:
            raise ValidationError(_("Cet accompagnement n'est pas en cours."))
        accompaniment = Accompaniment.objects.select_for_update().get(pk=accompaniment.pk)
        forced = not phases_done(accompaniment)
        if forced and not reason:
            raise ValidationError(
                {
                    "reason": _(
                        "Des phases ne sont pas terminées : indiquez pourquoi l'accompagnement "
                        "s'arrête quand même."
                    )
                }
            )
        accompaniment.ended_on = timezone.localdate()
        accompaniment.save(update_fields=["ended_on", "updated_at"])
        try:
            transition(
                locked,
                to=ApplicationState.ACCOMPANIED,
                actor=actor,
                reason=reason or _("Toutes les phases sont terminées."),
            )
        except TransitionError as exc:
            raise ValidationError(str(exc)) from exc
        record(
            actor=actor,
            action="accompaniment.finished",
            obj=accompaniment,
            to_value=str(accompaniment.ended_on),
            reason=reason,
            data={"forced": forced},
        )
        accompaniment.application = locked
    return accompaniment
