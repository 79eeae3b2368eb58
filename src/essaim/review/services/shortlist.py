"""First selection: staff move eligible dossiers to shortlisted or not shortlisted.

Every decision goes through `decisions.record_decision` (decision row, state change and audit
in one transaction). In bulk, each dossier is decided in its own transaction: one refusal
(a dossier withdrawn meanwhile, already decided by a colleague) does not undo the others,
and the caller reports both lists.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from essaim.applications.enums import ApplicationState
from essaim.applications.models import Application

from ..enums import DecisionKind
from ..models import Decision
from .decisions import DecisionError, record_decision

SHORTLIST_OUTCOMES = (ApplicationState.SHORTLISTED, ApplicationState.NOT_SHORTLISTED)


@dataclass
class ShortlistReport:
    decided: list[Application] = field(default_factory=list)
    refused: list[tuple[Application, str]] = field(default_factory=list)


def shortlist(
    *, application: Application, outcome: str, actor, reason: str = "", internal_note: str = ""
) -> Decision:
    """Decide one dossier; raises DecisionError (message for people) when refused."""
    if outcome not in SHORTLIST_OUTCOMES:
        raise DecisionError(_("Choisissez « présélectionné » ou « non présélectionné »."))
    return record_decision(
        application=application,
        kind=DecisionKind.SHORTLIST,
        outcome=outcome,
        actor=actor,
        reason=reason,
        internal_note=internal_note,
    )


def shortlist_many(
    *,
    applications: Iterable[Application],
    outcome: str,
    actor,
    reason: str = "",
    internal_note: str = "",
) -> ShortlistReport:
    """Decide each dossier in turn, in its own transaction; report successes and refusals."""
    report = ShortlistReport()
    for application in applications:
        try:
            shortlist(
                application=application,
                outcome=outcome,
                actor=actor,
                reason=reason,
                internal_note=internal_note,
            )
        except DecisionError as error:
            report.refused.append((application, str(error)))
        else:
            report.decided.append(application)
    return report
