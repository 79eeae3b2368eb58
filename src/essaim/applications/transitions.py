"""The one owner of `Application.state`.

Every change of state goes through `transition()`: it checks the table below against the
call's stages, saves with `update_fields`, and writes the audit row. Services around it add
what each step needs (reference, receipt, mails).
"""

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from essaim.core.audit import record
from essaim.funds.enums import StageKind

from .enums import ApplicationState as S
from .models import Application

# (from, to) -> the call stage this edge belongs to; None means every call has it.
EDGES: dict[tuple[str, str], str | None] = {
    (S.DRAFT, S.SUBMITTED): None,
    (S.SUBMITTED, S.ELIGIBLE): None,
    (S.SUBMITTED, S.INELIGIBLE): None,
    (S.ELIGIBLE, S.SHORTLISTED): StageKind.FIRST_SELECTION,
    (S.ELIGIBLE, S.NOT_SHORTLISTED): StageKind.FIRST_SELECTION,
    (S.SHORTLISTED, S.IN_SUPPORT): StageKind.SUPPORT,
    (S.IN_SUPPORT, S.SHORTLISTED): StageKind.SUPPORT,
    (S.SHORTLISTED, S.LAUREATE): StageKind.FIRST_SELECTION,
    (S.SHORTLISTED, S.WAITLISTED): StageKind.FIRST_SELECTION,
    (S.SHORTLISTED, S.NOT_SELECTED): StageKind.FIRST_SELECTION,
    (S.WAITLISTED, S.LAUREATE): None,
    (S.WAITLISTED, S.NOT_SELECTED): None,
    (S.LAUREATE, S.IN_ACCOMPANIMENT): None,
    (S.IN_ACCOMPANIMENT, S.ACCOMPANIED): None,
}

# A call without a first selection sends eligible dossiers straight to its jury.
SKIP_FIRST_SELECTION: dict[tuple[str, str], None] = {
    (S.ELIGIBLE, S.LAUREATE): None,
    (S.ELIGIBLE, S.WAITLISTED): None,
    (S.ELIGIBLE, S.NOT_SELECTED): None,
}

WITHDRAWABLE = set(S.before_decision())


class TransitionError(Exception):
    """A change of state the rules do not allow; the message is for people."""


@dataclass(frozen=True)
class Move:
    source: str
    target: str


def allowed_targets(application: Application) -> set[str]:
    stages = application.call.stage_kinds()
    targets = {
        target
        for (source, target), stage in EDGES.items()
        if source == application.state and (stage is None or stage in stages)
    }
    if StageKind.FIRST_SELECTION not in stages:
        targets |= {t for (s, t) in SKIP_FIRST_SELECTION if s == application.state}
    if application.state in WITHDRAWABLE:
        targets.add(S.WITHDRAWN)
    return targets


def can_transition(application: Application, target: str) -> bool:
    return target in allowed_targets(application)


def transition(
    application: Application,
    *,
    to: str,
    actor,
    reason: str = "",
    extra_fields: tuple[str, ...] = (),
    actor_label: str = "",
) -> Move:
    """Move `application` to `to`, or raise TransitionError. Saves and audits atomically.

    `extra_fields` are other fields the caller set on the instance and wants saved with the
    new state (the reference on submission, the reason on withdrawal).
    """
    source = application.state
    if not can_transition(application, to):
        raise TransitionError(
            _("Un dossier « %(source)s » ne peut pas passer à « %(target)s ».")
            % {"source": S(source).label, "target": S(to).label}
        )
    with transaction.atomic():
        application.state = to
        application.updated_at = timezone.now()
        application.save(update_fields=["state", "updated_at", *extra_fields])
        record(
            actor=actor,
            actor_label=actor_label,
            action="application.state",
            obj=application,
            from_value=source,
            to_value=to,
            reason=reason,
        )
    return Move(source=source, target=to)
