"""An agent signed in with ProConnect starts a dossier with their own body already chosen:
ProConnect gives their establishment's SIRET, whose SIREN names a body of the referential."""

import html as htmllib

import pytest
from allauth.socialaccount.models import SocialAccount
from django.urls import reverse

from essaim.applications.models import Application

from ..factories import CallFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


def _proconnect_agent(user, siret: str):
    SocialAccount.objects.create(
        user=user, provider="proconnect", uid="agent-1", extra_data={"userinfo": {"siret": siret}}
    )


def _start(client, call):
    url = reverse("portal:application_start", args=[call.fund.slug, call.slug])
    response = client.post(url, {"title": "Accueil téléphonique"}, follow=True)
    assert response.status_code == 200
    return Application.objects.get(call=call), htmllib.unescape(response.content.decode())


def test_the_agents_body_is_chosen_and_they_are_told(client, call, applicant):
    town = OrganisationFactory(name="Pessac", siren="213303180", departement="33")
    _proconnect_agent(applicant, "21330318000019")
    client.force_login(applicant)
    application, page = _start(client, call)
    assert application.organisation == town
    assert application.organisation_name == town.formal_name
    assert application.organisation_type == "commune"
    assert application.organisation_departement == "33"
    assert "rempli d'après votre connexion ProConnect : Commune de Pessac" in page


def test_a_body_the_call_does_not_accept_is_left_for_the_agent_to_choose(client, applicant):
    call = CallFactory(allowed_organisation_types=["region"])
    OrganisationFactory(name="Pessac", siren="213303180")
    _proconnect_agent(applicant, "21330318000019")
    client.force_login(applicant)
    application, page = _start(client, call)
    assert application.organisation is None
    assert "ProConnect" not in page


@pytest.mark.parametrize("siret", ["", "2133031800001", "ABCDEFGHIJKLMN", "99999999900011"])
def test_nothing_is_chosen_without_a_known_siret(client, call, applicant, siret):
    OrganisationFactory(name="Pessac", siren="213303180")
    _proconnect_agent(applicant, siret)
    client.force_login(applicant)
    application, _page = _start(client, call)
    assert application.organisation is None


def test_a_password_account_starts_without_a_body(client, call, applicant):
    OrganisationFactory(name="Pessac", siren="213303180")
    client.force_login(applicant)
    application, _page = _start(client, call)
    assert application.organisation is None
