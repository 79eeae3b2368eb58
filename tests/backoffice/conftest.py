"""Actors and helpers of the back-office tests: a platform admin, submitted dossiers."""

import pytest

from essaim.applications.services.submission import application_submit
from essaim.applications.transitions import transition

from ..factories import ApplicationFactory, UserFactory


@pytest.fixture
def platform_admin(db):
    user = UserFactory(email="admin@essaim.fr", full_name="Admin Plateforme")
    user.is_superuser = True
    user.is_staff = True
    user.save(update_fields=["is_superuser", "is_staff"])
    return user


@pytest.fixture
def make_submitted(db):
    """make_submitted(call, to=None, actor=None, **fields): a submitted dossier, optionally
    moved on to a later state."""

    def make(call, *, to=None, actor=None, **fields):
        application = ApplicationFactory(call=call, complete=True, ready=True, **fields)
        application = application_submit(application_id=application.pk, user=application.created_by)
        for state in [to] if isinstance(to, str) else (to or []):
            transition(application, to=state, actor=actor, reason="")
        return application

    return make
