import pytest

from essaim.applications.enums import ApplicationState
from essaim.core.models import AuditEvent
from essaim.review.enums import DecisionKind
from essaim.review.services.decisions import DecisionError, record_decision

from ..factories import submitted


@pytest.fixture
def dossier(complete_application):
    return submitted(complete_application)


def test_record_decision_moves_state_and_keeps_row(dossier, staff):
    decision = record_decision(
        application=dossier,
        kind=DecisionKind.ELIGIBILITY,
        outcome=ApplicationState.ELIGIBLE,
        actor=staff,
        checklist={"Agent public": True},
    )
    dossier.refresh_from_db()
    assert dossier.state == ApplicationState.ELIGIBLE
    assert decision.decided_by == staff and decision.checklist == {"Agent public": True}
    assert AuditEvent.objects.for_object(dossier).filter(to_value="eligible").exists()


def test_record_decision_negative_outcome_requires_reason(dossier, staff):
    with pytest.raises(DecisionError, match="motif"):
        record_decision(
            application=dossier,
            kind=DecisionKind.ELIGIBILITY,
            outcome=ApplicationState.INELIGIBLE,
            actor=staff,
            reason="  ",
        )
    dossier.refresh_from_db()
    assert dossier.state == ApplicationState.SUBMITTED
    assert not dossier.decisions.exists()


def test_record_decision_refuses_outcome_of_another_stage(dossier, staff):
    with pytest.raises(DecisionError):
        record_decision(
            application=dossier,
            kind=DecisionKind.ELIGIBILITY,
            outcome=ApplicationState.LAUREATE,
            actor=staff,
        )


def test_record_decision_refuses_impossible_transition_without_row(dossier, staff):
    with pytest.raises(DecisionError):
        record_decision(
            application=dossier,
            kind=DecisionKind.SHORTLIST,
            outcome=ApplicationState.SHORTLISTED,
            actor=staff,
        )
    assert not dossier.decisions.exists()
