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
