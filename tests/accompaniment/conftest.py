"""Actors of the accompaniment tests: a coach and an evaluator on the call, a laureate with
its team, the call's template and a spring cohort."""

import datetime as dt

import pytest

from essaim.accompaniment.services.setup import apply_default_template

from ..factories import (
    ApplicationFactory,
    CallMembershipFactory,
    CohortFactory,
    UserFactory,
    laureate,
)


@pytest.fixture
def coach(call):
    user = UserFactory(email="camille@agence-design.fr", full_name="Camille Accompagnante")
    CallMembershipFactory(call=call, user=user, role="coach", organisation_name="Agence Design")
    return user


@pytest.fixture
def evaluator(call):
    user = UserFactory(email="eve@evaluation.fr", full_name="Ève Évaluatrice")
    CallMembershipFactory(call=call, user=user, role="evaluator")
    return user


@pytest.fixture
def laureate_application(call, applicant):
    return laureate(ApplicationFactory(call=call, created_by=applicant, complete=True))


@pytest.fixture
def default_template(call, staff):
    return apply_default_template(call=call, actor=staff)


@pytest.fixture
def spring(call):
    return CohortFactory(
        call=call, name="Printemps", starts_on=dt.date(2026, 3, 2), ends_on=dt.date(2026, 5, 29)
    )


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """`with committed(): service(...)` runs the on-commit callbacks (the e-mails) at the
    end of the block, as a real commit would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)
