"""The state machine: every allowed and every refused move, over every state."""

import itertools

import pytest

from essaim.applications.enums import ApplicationState as S
from essaim.applications.transitions import TransitionError, allowed_targets, transition
from essaim.core.models import AuditEvent
from essaim.funds.enums import StageKind

from ..factories import ApplicationFactory, CallFactory

FULL = [StageKind.APPLICATION, StageKind.FIRST_SELECTION, StageKind.SUPPORT, StageKind.JURY]
NO_SELECTION = [StageKind.APPLICATION, StageKind.EXPERT_REVIEW, StageKind.JURY]

ALLOWED_FULL = {
    (S.DRAFT, S.SUBMITTED),
    (S.DRAFT, S.WITHDRAWN),
    (S.SUBMITTED, S.ELIGIBLE),
    (S.SUBMITTED, S.INELIGIBLE),
    (S.SUBMITTED, S.WITHDRAWN),
    (S.ELIGIBLE, S.SHORTLISTED),
    (S.ELIGIBLE, S.NOT_SHORTLISTED),
    (S.ELIGIBLE, S.WITHDRAWN),
    (S.SHORTLISTED, S.IN_SUPPORT),
    (S.SHORTLISTED, S.LAUREATE),
    (S.SHORTLISTED, S.WAITLISTED),
    (S.SHORTLISTED, S.NOT_SELECTED),
    (S.SHORTLISTED, S.WITHDRAWN),
    (S.IN_SUPPORT, S.SHORTLISTED),
    (S.IN_SUPPORT, S.WITHDRAWN),
    (S.WAITLISTED, S.LAUREATE),
    (S.WAITLISTED, S.NOT_SELECTED),
    (S.LAUREATE, S.IN_ACCOMPANIMENT),
    (S.IN_ACCOMPANIMENT, S.ACCOMPANIED),
}

# Without first selection nor support: eligible dossiers go straight to the jury.
ALLOWED_NO_SELECTION = {
    (S.DRAFT, S.SUBMITTED),
    (S.DRAFT, S.WITHDRAWN),
    (S.SUBMITTED, S.ELIGIBLE),
    (S.SUBMITTED, S.INELIGIBLE),
    (S.SUBMITTED, S.WITHDRAWN),
    (S.ELIGIBLE, S.LAUREATE),
    (S.ELIGIBLE, S.WAITLISTED),
    (S.ELIGIBLE, S.NOT_SELECTED),
    (S.ELIGIBLE, S.WITHDRAWN),
    (S.SHORTLISTED, S.WITHDRAWN),
    (S.IN_SUPPORT, S.WITHDRAWN),
    (S.WAITLISTED, S.LAUREATE),
    (S.WAITLISTED, S.NOT_SELECTED),
    (S.LAUREATE, S.IN_ACCOMPANIMENT),
    (S.IN_ACCOMPANIMENT, S.ACCOMPANIED),
}

PAIRS = list(itertools.product(S.values, S.values))


def _application_in(state, stages):
    application = ApplicationFactory(call=CallFactory(stages=stages))
    # Placing a dossier in a starting state is test set-up, not a transition under test.
    type(application).objects.filter(pk=application.pk).update(state=state)
    application.refresh_from_db()
    return application


@pytest.mark.django_db
@pytest.mark.parametrize(("source", "target"), PAIRS)
def test_transition_full_call(source, target):
    application = _application_in(source, FULL)
    if (source, target) in ALLOWED_FULL:
        move = transition(application, to=target, actor=None, reason="test")
        application.refresh_from_db()
        assert application.state == target
        assert move.source == source
        event = AuditEvent.objects.for_object(application).get()
        assert (event.from_value, event.to_value, event.reason) == (source, target, "test")
    else:
        with pytest.raises(TransitionError):
            transition(application, to=target, actor=None)
        application.refresh_from_db()
        assert application.state == source
        assert not AuditEvent.objects.for_object(application).exists()


@pytest.mark.django_db
@pytest.mark.parametrize("source", S.values)
def test_allowed_targets_call_without_first_selection(source):
    application = _application_in(source, NO_SELECTION)
    expected = {t for (s, t) in ALLOWED_NO_SELECTION if s == source}
    assert allowed_targets(application) == expected


def test_no_module_but_transitions_writes_state():
    """Nothing outside transitions.py assigns `.state` on a dossier or updates it in bulk."""
    import re
    from pathlib import Path

    writes = re.compile(r"application\.state\s*=(?!=)|\.update\([^)]*\bstate=")

    src = Path(__file__).resolve().parents[2] / "src" / "essaim"
    offenders = [
        str(path.relative_to(src))
        for path in src.rglob("*.py")
        if "migrations" not in path.parts
        and path.name != "transitions.py"
        and writes.search(path.read_text())
    ]
    assert offenders == []
