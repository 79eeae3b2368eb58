"""Data for the export and import tests: a call with dossiers in several states, their
owners, bodies from the referential, decisions, reviews, an engagement and milestones."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from essaim.applications.enums import ApplicationState as S
from essaim.review.models import Decision

from ..factories import (
    ApplicationFactory,
    AssignmentFactory,
    EngagementFactory,
    MilestoneFactory,
    OrganisationFactory,
    ReviewStageFactory,
    UserFactory,
    decided,
    scored,
    submitted,
)


def run_on_commit(capture, fn, *args, **kwargs):
    """Call `fn` and run the on-commit callbacks it registered (the task enqueues)."""
    with capture(execute=True):
        return fn(*args, **kwargs)


def make_dossiers(call, n: int, *, organisations=None, start: int = 1):
    """`n` submitted dossiers of `call` (states cycling), with owner, theme, body, texts."""
    states = [S.SUBMITTED, S.ELIGIBLE, S.NOT_SHORTLISTED, S.LAUREATE, S.NOT_SELECTED]
    theme = call.themes.first()
    created = []
    for i in range(start, start + n):
        organisation = organisations[i % len(organisations)] if organisations else None
        application = ApplicationFactory(
            call=call,
            created_by=UserFactory(
                full_name=f"Porteur {i}", email=f"porteur{i}.{call.pk}@mairie.fr"
            ),
            complete=True,
            title=f"Projet n° {i}",
            theme=theme,
            organisation=organisation,
            organisation_name=organisation.formal_name if organisation else "Commune de Pessac",
            organisation_departement=organisation.departement if organisation else "33",
            amount_requested=Decimal("1234.50") + i,
            problem=f"Problème {i} ;\nsur deux lignes, « guillemets » et = signe",
        )
        reference = f"{call.fund.reference_prefix}-{call.year}-{call.edition:02d}-{i:04d}"
        state = states[i % len(states)]
        if state == S.SUBMITTED:
            submitted(application, reference=reference)
        else:
            submitted(application, reference=reference)
            decided(application, state, reason=f"Motif {i}")
        moment = timezone.make_aware(dt.datetime(call.year, 3, 1 + i % 27, 10, 30, 15))
        type(application).objects.filter(pk=application.pk).update(submitted_at=moment)
        Decision.objects.filter(application=application).update(
            decided_at=timezone.make_aware(dt.datetime(call.year, 6, 1 + i % 27, 12))
        )
        created.append(application)
    return created


@pytest.fixture
def bodies(db):
    return [
        OrganisationFactory(name="Pessac", departement="33", siren="213303183", insee_code="33318"),
        OrganisationFactory(
            name="Bordeaux Métropole", kind="epci", departement="33", siren="243300316"
        ),
    ]


@pytest.fixture
def dossiers(call, bodies):
    return make_dossiers(call, 5, organisations=bodies)


@pytest.fixture
def selection(call, dossiers):
    """Two reviews with scores, an engagement and two milestones."""
    stage = ReviewStageFactory(call=call)
    for application in dossiers[:2]:
        assignment = AssignmentFactory(stage=stage, application=application)
        scored(assignment, [3, 4], comment="Très collectif.")
    laureate = next(a for a in dossiers if a.state == S.LAUREATE)
    engagement = EngagementFactory(application=laureate, granted_amount=Decimal("45000"))
    accompaniment = MilestoneFactory(
        accompaniment__application=laureate, title="Entretiens usagers"
    ).accompaniment
    MilestoneFactory(accompaniment=accompaniment, title="Prototype", due_on=dt.date(2026, 5, 2))
    return {"stage": stage, "engagement": engagement, "laureate": laureate}
