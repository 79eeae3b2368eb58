"""After signing in, each person lands where their work is: the fund's staff on the back
office, reviewers and jurors on their evaluations, coaches on their laureates, everyone else
on "Mes dossiers"; an address asked for first (`next`) still wins."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from essaim.funds.enums import FundRole

from ..factories import CallMembershipFactory, FundMembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "motdepasse-solide-42"  # UserFactory's


def _sign_in(client, user, **query):
    cache.clear()  # allauth's rate limits
    url = reverse("account_login")
    if query:
        url += "?" + "&".join(f"{k}={v}" for k, v in query.items())
    response = client.post(url, {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302
    return response.url


def test_an_applicant_lands_on_their_dossiers(client):
    assert _sign_in(client, UserFactory()) == reverse("portal:my_applications")


def test_staff_land_on_the_back_office(client, fund):
    staff = FundMembershipFactory(fund=fund).user
    assert _sign_in(client, staff) == reverse("backoffice:home")


@pytest.mark.parametrize("role", [FundRole.REVIEWER, FundRole.JUROR])
def test_reviewers_and_jurors_land_on_their_evaluations(client, call, role):
    person = CallMembershipFactory(call=call, role=role).user
    assert _sign_in(client, person) == reverse("reviewers:home")


@pytest.mark.parametrize("role", [FundRole.COACH, FundRole.EVALUATOR])
def test_coaches_land_on_their_laureates(client, call, role):
    person = CallMembershipFactory(call=call, role=role).user
    assert _sign_in(client, person) == reverse("coaching:home")


def test_staff_who_also_judge_land_on_the_back_office(client, call):
    person = FundMembershipFactory(fund=call.fund).user
    CallMembershipFactory(call=call, user=person, role=FundRole.JUROR)
    assert _sign_in(client, person) == reverse("backoffice:home")


def test_the_address_asked_first_wins(client, fund):
    staff = FundMembershipFactory(fund=fund).user
    wanted = reverse("portal:personal_data")
    assert _sign_in(client, staff, next=wanted) == wanted
