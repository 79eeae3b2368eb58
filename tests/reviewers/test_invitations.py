"""The page a reviewer or juror reaches from their invitation e-mail."""

import html
import uuid

import pytest
from django.urls import reverse

from essaim.core.models import AuditEvent
from essaim.funds.enums import InvitationState
from essaim.funds.models import CallMembership

from ..factories import CallMembershipFactory, InvitationFactory, UserFactory

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return html.unescape(response.content.decode())


def url(invitation) -> str:
    return reverse("reviewers:accept_invitation", kwargs={"token": invitation.token})


@pytest.fixture
def invitation(call):
    return InvitationFactory(call=call, email="ines@cabinet.fr", full_name="Inès Experte")


@pytest.fixture
def invited(invitation):
    return UserFactory(email=invitation.email, full_name="Inès Experte")


def test_anonymous_visitor_is_told_what_it_is_and_how_to_sign_in(client, invitation):
    response = client.get(url(invitation))
    body = text(response)
    assert response.status_code == 200
    assert "Invitation à évaluer des dossiers" in body
    assert invitation.call.title in body
    assert "ines@cabinet.fr" in body
    assert f"/compte/login/?next=%2Fexpertise%2Finvitations%2F{invitation.token}%2F" in body
    assert f"/compte/signup/?next=%2Fexpertise%2Finvitations%2F{invitation.token}%2F" in body
    # nothing happens without an account
    assert client.post(url(invitation)).status_code == 200
    invitation.refresh_from_db()
    assert invitation.status == InvitationState.PENDING


def test_signed_in_person_accepts_with_organisation_and_departement(client, invitation, invited):
    client.force_login(invited)
    form = text(client.get(url(invitation)))
    assert "Votre organisme" in form
    assert "33 — Gironde" in form
    response = client.post(
        url(invitation), {"organisation_name": "Ville de Pessac", "organisation_departement": "33"}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("reviewers:home")
    membership = CallMembership.objects.get(user=invited, call=invitation.call)
    assert (membership.role, membership.organisation_name, membership.organisation_departement) == (
        "reviewer",
        "Ville de Pessac",
        "33",
    )
    invitation.refresh_from_db()
    assert invitation.status == InvitationState.ACCEPTED
    assert AuditEvent.objects.filter(action="invitation.accepted", actor=invited).exists()


def test_missing_organisation_is_explained_and_nothing_is_lost(client, invitation, invited):
    client.force_login(invited)
    response = client.post(
        url(invitation), {"organisation_name": "", "organisation_departement": "33"}
    )
    body = text(response)
    assert response.status_code == 200
    assert "Il y a un problème" in body
    assert "Indiquez votre organisme." in body
    assert '<option value="33" selected>' in body
    assert not CallMembership.objects.filter(user=invited).exists()


def test_another_account_is_told_which_address_was_invited(client, invitation, outsider):
    client.force_login(outsider)
    body = text(client.get(url(invitation)))
    assert "Cette invitation a été envoyée à ines@cabinet.fr" in body
    response = client.post(
        url(invitation), {"organisation_name": "X", "organisation_departement": ""}
    )
    assert response.status_code == 200
    assert "connectez-vous avec le compte de cette adresse" in text(response)
    assert not CallMembership.objects.filter(user=outsider).exists()


def test_revoked_invitation_gets_a_clear_page(client, invitation, invited):
    invitation.status = InvitationState.REVOKED
    invitation.save()
    client.force_login(invited)
    response = client.get(url(invitation))
    assert response.status_code == 410
    assert "a été annulée par l'équipe du fonds" in text(response)
    response = client.post(url(invitation), {"organisation_name": "X"})
    assert response.status_code == 410
    assert not CallMembership.objects.filter(user=invited).exists()


def test_used_invitation_says_so_to_its_owner(client, invitation, invited):
    client.force_login(invited)
    client.post(url(invitation), {"organisation_name": "Ville de Pessac"})
    response = client.get(url(invitation))
    assert response.status_code == 410
    assert "Vous avez déjà accepté cette invitation." in text(response)


def test_unknown_token_is_404(client, invited):
    client.force_login(invited)
    token = uuid.uuid4()
    assert (
        client.get(reverse("reviewers:accept_invitation", kwargs={"token": token})).status_code
        == 404
    )
    assert client.get("/expertise/invitations/pas-un-uuid/").status_code == 404


def test_already_member_accepts_and_keeps_one_membership(client, call, invitation, invited):
    CallMembershipFactory(call=call, user=invited, role="reviewer", organisation_name="Ancien")
    client.force_login(invited)
    form = text(client.get(url(invitation)))
    assert 'value="Ancien"' in form  # what they declared before, to save typing
    response = client.post(url(invitation), {"organisation_name": "Nouveau"}, follow=True)
    assert "Vous faisiez déjà partie de cet appel" in text(response)
    assert CallMembership.objects.get(user=invited, call=call).organisation_name == "Nouveau"
