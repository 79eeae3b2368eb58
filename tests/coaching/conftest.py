"""Named actors around two laureates: ours (in the `fund` fixture's call) and another
one in another fund, each with its team, coach and evaluator."""

import datetime as dt

import pytest
from django.utils import timezone

from essaim.accompaniment.defaults import DEFAULT_PHASES

from ..factories import (
    AccompanimentFactory,
    ApplicationFactory,
    CallFactory,
    CallMembershipFactory,
    MilestoneFactory,
    PhaseFactory,
    UserFactory,
    laureate,
)

MINIMAL_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)
EXE_BYTES = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 200


def make_accompaniment(*, call, team_owner, coach=None, evaluator=None, phases=True, title=None):
    application = laureate(
        ApplicationFactory(
            call=call, created_by=team_owner, complete=True, title=title or "Un accueil qui répond"
        )
    )
    accompaniment = AccompanimentFactory(application=application, coach=coach, evaluator=evaluator)
    if phases:
        start = dt.date(2026, 3, 2)
        for position, (name, weeks, deliverables) in enumerate(DEFAULT_PHASES):
            end = start + dt.timedelta(weeks=weeks)
            PhaseFactory(
                accompaniment=accompaniment,
                position=position,
                name=str(name),
                deliverables=str(deliverables),
                planned_start=start,
                planned_end=end,
            )
            start = end
    return accompaniment


@pytest.fixture
def published_call(call):
    """The call of the `call` fixture, results published (the team may know it won)."""
    call.has_independent_evaluation = True
    call.results_published_at = timezone.now()
    call.save(update_fields=["has_independent_evaluation", "results_published_at"])
    return call


@pytest.fixture
def coach(db):
    return UserFactory(email="camille@agence-design.fr", full_name="Camille Accompagnante")


@pytest.fixture
def evaluator(db):
    return UserFactory(email="eva@evaluation.fr", full_name="Éva Évaluatrice")


@pytest.fixture
def accompaniment(published_call, applicant, coach, evaluator):
    return make_accompaniment(
        call=published_call, team_owner=applicant, coach=coach, evaluator=evaluator
    )


@pytest.fixture
def phases(accompaniment):
    return list(accompaniment.phases.order_by("position"))


@pytest.fixture
def milestone(accompaniment, phases, applicant):
    return MilestoneFactory(
        accompaniment=accompaniment,
        phase=phases[0],
        title="Dix entretiens usagers menés",
        due_on=timezone.localdate() + dt.timedelta(days=20),
        owner=applicant,
    )


@pytest.fixture
def other_team(db):
    return UserFactory(email="dora@ailleurs-lauréat.fr", full_name="Dora Autre-Équipe")


@pytest.fixture
def other_coach(db):
    return UserFactory(email="oscar@autre-agence.fr", full_name="Oscar Autre-Accompagnant")


@pytest.fixture
def other_evaluator(db):
    return UserFactory(email="olga@autre-evaluation.fr", full_name="Olga Autre-Évaluatrice")


@pytest.fixture
def other_accompaniment(other_team, other_coach, other_evaluator):
    call = CallFactory(results_published_at=timezone.now())
    return make_accompaniment(
        call=call,
        team_owner=other_team,
        coach=other_coach,
        evaluator=other_evaluator,
        title="Un guichet itinérant",
    )


@pytest.fixture
def call_reviewer(published_call):
    user = UserFactory(email="rita@expertise.fr", full_name="Rita Relectrice")
    CallMembershipFactory(call=published_call, user=user, role="reviewer")
    return user
