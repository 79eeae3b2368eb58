"""Eligibility screening (recevabilité): one dossier at a time, or many at once.

Every decision goes through `decisions.record_decision`, which moves the dossier and keeps
the `Decision` row. In bulk, each dossier is decided in its own transaction, so that one
refusal (a dossier already screened by a colleague, a missing reason) never undoes the
others; the result says which succeeded and why the others failed.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from essaim.applications.enums import ApplicationState
from essaim.applications.models import Application

from ..enums import DecisionKind
from ..models import Decision
from .decisions import DecisionError, record_decision

SCREENING_OUTCOMES = (ApplicationState.ELIGIBLE, ApplicationState.INELIGIBLE)


@dataclass(frozen=True)
class ScreeningFailure:
    application: Application
    message: str


@dataclass
class ScreeningResult:
    succeeded: list[Application] = field(default_factory=list)
    failed: list[ScreeningFailure] = field(default_factory=list)


def _check_outcome(outcome: str) -> None:
    if outcome not in SCREENING_OUTCOMES:
        raise DecisionError(_("Choisissez « Recevable » ou « Non recevable »."))


def _checklist_for(application: Application, answers: dict[str, bool] | None) -> dict[str, bool]:
    """The call's checklist with the boxes staff ticked; rules the call does not have are
    dropped, so the row only ever records the call's own wording. None (a bulk decision,
    taken without the checklist) records no answers rather than unticked boxes."""
    if answers is None:
        return {}
    return {rule: bool(answers.get(rule)) for rule in application.call.eligibility_rule_list()}


def screen_application(
    *,
    application: Application,
    outcome: str,
    actor,
    reason: str = "",
    internal_note: str = "",
    checklist: dict[str, bool] | None = None,
) -> Decision:
    """Declare one submitted dossier eligible or ineligible. Raises DecisionError."""
    _check_outcome(outcome)
    return record_decision(
        application=application,
        kind=DecisionKind.ELIGIBILITY,
        outcome=outcome,
        actor=actor,
        reason=reason,
        internal_note=internal_note,
        checklist=_checklist_for(application, checklist),
    )


def screen_many(
    *,
    applications: Iterable[Application],
    outcome: str,
    reason: str,
    actor,
    internal_note: str = "",
) -> ScreeningResult:
    """The same decision for several dossiers; each in its own transaction (see above).

    Raises DecisionError only for a wrong outcome; every other refusal is in the result.
    """
    _check_outcome(outcome)
    result = ScreeningResult()
    for application in applications:
        try:
            screen_application(
                application=application,
                outcome=outcome,
                actor=actor,
                reason=reason,
                internal_note=internal_note,
            )
        except DecisionError as error:
            result.failed.append(ScreeningFailure(application, str(error)))
        else:
            result.succeeded.append(application)
    return result
