"""The one writer of `Decision` rows: a stage's outcome for a dossier and its state change.

Every eligibility, shortlist and jury decision goes through `record_decision`, which checks
the outcome belongs to the stage, requires a reason for a negative outcome (the team is told
why), moves the dossier through `applications.transitions` and keeps the decision row —
all in one transaction, so a decision never exists without its state, nor the reverse.
"""

from django.db import transaction
from django.utils.translation import gettext as _

from essaim.applications.enums import ApplicationState
from essaim.applications.models import Application
from essaim.applications.transitions import TransitionError, transition
from essaim.core.audit import record

from ..enums import DECISION_OUTCOMES, DecisionKind
from ..models import Decision, JurySession

NEGATIVE_OUTCOMES = {
    ApplicationState.INELIGIBLE,
    ApplicationState.NOT_SHORTLISTED,
    ApplicationState.NOT_SELECTED,
}


class DecisionError(Exception):
    """A decision the rules refuse; the message is for people."""


def record_decision(
    *,
    application: Application,
    kind: str,
    outcome: str,
    actor,
    reason: str = "",
    internal_note: str = "",
    checklist: dict[str, bool] | None = None,
    jury_session: JurySession | None = None,
) -> Decision:
    if outcome not in DECISION_OUTCOMES[DecisionKind(kind)]:
        raise DecisionError(
            _("« %(outcome)s » n'est pas une décision possible à cette étape.")
            % {"outcome": ApplicationState(outcome).label}
        )
    reason = reason.strip()
    if outcome in NEGATIVE_OUTCOMES and not reason:
        raise DecisionError(_("Indiquez le motif : il sera communiqué à l'équipe du projet."))
    with transaction.atomic():
        # Lock the row so two staff members deciding at once cannot both move it.
        locked = Application.objects.select_for_update(of=("self",)).get(pk=application.pk)
        try:
            transition(locked, to=outcome, actor=actor, reason=reason)
        except TransitionError as error:
            raise DecisionError(str(error)) from error
        decision = Decision.objects.create(
            application=locked,
            kind=kind,
            outcome=outcome,
            reason=reason,
            internal_note=internal_note.strip(),
            checklist=checklist or {},
            jury_session=jury_session,
            decided_by=actor,
        )
        # The state change has its own row (transition); this one keeps which decision.
        record(
            actor=actor,
            action="decision.recorded",
            obj=locked,
            to_value=outcome,
            reason=reason,
            data={
                "decision_id": decision.pk,
                "kind": kind,
                "jury_session_id": jury_session.pk if jury_session else None,
            },
        )
    application.refresh_from_db(fields=["state", "updated_at"])
    return decision


def latest_decisions(application: Application) -> dict[str, Decision]:
    """The latest decision of each kind for one dossier (a handful of rows)."""
    latest: dict[str, Decision] = {}
    for decision in application.decisions.order_by("-decided_at", "-id"):
        latest.setdefault(decision.kind, decision)
    return latest
