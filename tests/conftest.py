"""Named actors shared by the suite: applicant, co_applicant, staff, outsider…"""

import pytest

from .factories import (
    ApplicationFactory,
    CallFactory,
    FundFactory,
    FundMembershipFactory,
    UserFactory,
)


@pytest.fixture
def fund(db):
    return FundFactory(slug="mnt", name="Fonds MNT", reference_prefix="MNT")


@pytest.fixture
def call(fund):
    return CallFactory(fund=fund, slug="2024-6", year=2024, edition=6)


@pytest.fixture
def applicant(db):
    return UserFactory(email="alice@pessac.fr", full_name="Alice Martin")


@pytest.fixture
def co_applicant(db):
    return UserFactory(email="bob@pessac.fr", full_name="Bob Durand")


@pytest.fixture
def outsider(db):
    return UserFactory(email="charlie@ailleurs.fr", full_name="Charlie Petit")


@pytest.fixture
def staff(fund):
    return FundMembershipFactory(fund=fund, user=UserFactory(email="equipe@fonds-mnt.fr")).user


@pytest.fixture
def other_fund_staff(db):
    return FundMembershipFactory(user=UserFactory(email="equipe@autre-fonds.fr")).user


@pytest.fixture
def application(call, applicant):
    return ApplicationFactory(call=call, created_by=applicant)


@pytest.fixture
def complete_application(call, applicant):
    return ApplicationFactory(call=call, created_by=applicant, complete=True, ready=True)


@pytest.fixture
def reviewer(call):
    """An expert invited on the call (accepted)."""
    from .factories import CallMembershipFactory

    user = UserFactory(email="experte@evaluation.fr", full_name="Estelle Expert")
    CallMembershipFactory(call=call, user=user, role="reviewer")
    return user


@pytest.fixture
def juror(call):
    from .factories import CallMembershipFactory

    user = UserFactory(email="jure@jury.fr", full_name="Jules Juré")
    CallMembershipFactory(call=call, user=user, role="juror")
    return user


# --- territory ---

# Départements of the referential subset the tests load: enough for homonyms (Saint-Denis
# 93 and 974), communes nouvelles (Ain), EPCI and the demo's bodies.
TEST_DEPARTEMENTS = frozenset(
    {"01", "14", "19", "2A", "33", "35", "69", "75", "76", "83", "93", "94", "974"}
)


@pytest.fixture(scope="module")
def referential(django_db_setup, django_db_blocker):
    """A part of the official referential (TEST_DEPARTEMENTS, about 3,400 communes) loaded
    from the shipped snapshot once per module and rolled back at its end. Not autouse; the
    tests that use it run inside it (`db` savepoints), so do not combine it with
    `transaction=True` tests."""
    from django.db import transaction

    from essaim.territory.importer import import_referential
    from essaim.territory.snapshot import load_snapshot, subset

    part = subset(load_snapshot(), set(TEST_DEPARTEMENTS))
    with django_db_blocker.unblock(), transaction.atomic():
        yield import_referential(part)
        transaction.set_rollback(True)


# --- the audit table's triggers (essaim.core.audit_lock) ---


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item):
    """Emptying the tables after a `transaction=True` test deletes audit rows; on SQLite
    (which flushes with DELETE) the append-only triggers would refuse it."""
    from essaim.core.audit_lock import unlocked_for_test_teardown

    with unlocked_for_test_teardown():
        yield
