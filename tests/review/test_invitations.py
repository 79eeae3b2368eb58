"""Inviting reviewers and jurors: the e-mail, resending, revoking, and accepting."""

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.core.exceptions import ValidationError

from essaim.core.models import AuditEvent
from essaim.funds.enums import InvitationState
from essaim.funds.models import CallMembership
from essaim.review.services import invitations as services
from essaim.review.services.invitations import InvitationError

from ..factories import CallMembershipFactory, InvitationFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_invite_sends_a_mail_with_the_acceptance_link(
    call, staff, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invitation = services.invite(
            call=call,
            actor=staff,
            email=" Estelle.Expert@Cabinet.FR ",
            full_name="Estelle Expert",
            role="reviewer",
        )
    assert invitation.email == "estelle.expert@cabinet.fr"
    assert invitation.status == InvitationState.PENDING
    assert invitation.sent_at is not None
    [message] = mail.outbox
    assert message.to == ["estelle.expert@cabinet.fr"]
    assert "Invitation à évaluer les dossiers" in message.subject
    assert f"/expertise/invitations/{invitation.token}/" in message.body
    assert "Bonjour Estelle Expert" in message.body
    assert AuditEvent.objects.filter(action="invitation.sent", to_value=invitation.email).exists()


def test_invite_a_juror_says_jury(call, staff, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.invite(call=call, actor=staff, email="j@jury.fr", full_name="J", role="juror")
    assert "jury" in mail.outbox[0].subject


def test_invite_twice_while_pending_is_refused(call, staff):
    services.invite(call=call, actor=staff, email="a@b.fr", full_name="A", role="reviewer")
    with pytest.raises(ValidationError) as error:
        services.invite(call=call, actor=staff, email="A@B.fr", full_name="A", role="reviewer")
    assert "renvoyez-la" in error.value.message_dict["email"][0]


def test_invite_someone_already_in_the_pool_is_refused(call, staff, reviewer):
    with pytest.raises(ValidationError) as error:
        services.invite(
            call=call, actor=staff, email=reviewer.email, full_name="E", role="reviewer"
        )
    assert "déjà partie des experts" in error.value.message_dict["email"][0]


def test_invite_with_staff_role_is_refused(call, staff):
    with pytest.raises(ValidationError):
        services.invite(call=call, actor=staff, email="x@y.fr", full_name="X", role="staff")


def test_resend_mails_again_and_revoke_kills_the_link(
    call, staff, django_capture_on_commit_callbacks
):
    invitation = InvitationFactory(call=call)
    with django_capture_on_commit_callbacks(execute=True):
        services.invitation_resend(invitation=invitation, actor=staff)
    assert len(mail.outbox) == 1
    services.invitation_revoke(invitation=invitation, actor=staff)
    invitation.refresh_from_db()
    assert invitation.status == InvitationState.REVOKED
    with pytest.raises(ValidationError):
        services.invitation_resend(invitation=invitation, actor=staff)
    user = UserFactory(email=invitation.email)
    with pytest.raises(InvitationError):
        services.invitation_accept(
            token=invitation.token, user=user, organisation_name="X", organisation_departement=""
        )


def test_accept_creates_the_membership_with_the_affiliation(call):
    invitation = InvitationFactory(call=call, role="juror")
    user = UserFactory(email=invitation.email)
    acceptance = services.invitation_accept(
        token=invitation.token,
        user=user,
        organisation_name=" Ville de Pessac ",
        organisation_departement="33",
    )
    membership = acceptance.membership
    assert (membership.call, membership.user, membership.role) == (call, user, "juror")
    assert membership.organisation_name == "Ville de Pessac"
    assert membership.organisation_departement == "33"
    assert acceptance.already_member is False
    invitation.refresh_from_db()
    assert invitation.status == InvitationState.ACCEPTED
    assert invitation.accepted_by == user
    assert AuditEvent.objects.filter(action="invitation.accepted", actor=user).exists()
    # the link works once
    with pytest.raises(InvitationError):
        services.invitation_accept(
            token=invitation.token, user=user, organisation_name="X", organisation_departement=""
        )


def test_accept_with_another_account_is_refused(call, outsider):
    invitation = InvitationFactory(call=call)
    with pytest.raises(InvitationError) as error:
        services.invitation_accept(
            token=invitation.token,
            user=outsider,
            organisation_name="X",
            organisation_departement="",
        )
    assert invitation.email in str(error.value)
    assert not CallMembership.objects.filter(user=outsider).exists()


def test_accept_with_a_verified_secondary_address_works(call, outsider):
    invitation = InvitationFactory(call=call)
    EmailAddress.objects.create(user=outsider, email=invitation.email, verified=True)
    services.invitation_accept(
        token=invitation.token, user=outsider, organisation_name="X", organisation_departement=""
    )
    assert CallMembership.objects.filter(user=outsider, call=call).exists()


def test_accept_when_already_member_updates_the_affiliation(call):
    user = UserFactory()
    CallMembershipFactory(call=call, user=user, role="reviewer", organisation_name="Avant")
    invitation = InvitationFactory(call=call, email=user.email)
    acceptance = services.invitation_accept(
        token=invitation.token, user=user, organisation_name="Après", organisation_departement=""
    )
    assert acceptance.already_member is True
    assert CallMembership.objects.get(call=call, user=user).organisation_name == "Après"


def test_accept_without_organisation_or_with_unknown_departement_is_refused(call):
    invitation = InvitationFactory(call=call)
    user = UserFactory(email=invitation.email)
    with pytest.raises(ValidationError) as error:
        services.invitation_accept(
            token=invitation.token, user=user, organisation_name=" ", organisation_departement=""
        )
    assert "organisation_name" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.invitation_accept(
            token=invitation.token, user=user, organisation_name="X", organisation_departement="99"
        )
    assert "organisation_departement" in error.value.message_dict
