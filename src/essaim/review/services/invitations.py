"""Inviting reviewers, jurors, coaches and evaluators onto a call, and their acceptance.

Staff invite by e-mail; the e-mailed link carries the invitation's token, the only secret.
Accepting needs an account holding the invited address (so a forwarded link lets nobody
else in) and creates the person's `CallMembership` with the organisation and département
they declare, which conflict detection then reads.
"""

from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from essaim.core.audit import record
from essaim.funds.enums import FundRole, InvitationState
from essaim.funds.models import Call, CallMembership, Invitation
from essaim.notifications.services import queue_email
from essaim.territory.enums import DEPARTEMENT_NAMES

INVITABLE_ROLES = (FundRole.REVIEWER, FundRole.JUROR, FundRole.COACH, FundRole.EVALUATOR)
# Coaches and evaluators follow the laureates after the jury; their invitation says so.
ACCOMPANIMENT_ROLES = (FundRole.COACH, FundRole.EVALUATOR)


class InvitationError(Exception):
    """The invitation cannot be used; the message is for the person holding the link."""


@dataclass(frozen=True)
class Acceptance:
    membership: CallMembership
    already_member: bool


def invite(*, call: Call, actor, email: str, full_name: str, role: str) -> Invitation:
    """Invite someone by e-mail to review (or judge) the call's dossiers."""
    email = email.strip().lower()
    full_name = full_name.strip()
    if role not in INVITABLE_ROLES:
        raise ValidationError({"role": _("Choisissez le rôle de la personne dans la liste.")})
    if not email:
        raise ValidationError({"email": _("Indiquez l'adresse e-mail de la personne.")})
    if CallMembership.objects.filter(call=call, role=role, user__email__iexact=email).exists():
        raise ValidationError(
            {
                "email": _("Cette personne fait déjà partie des %(role)s de l'appel.")
                % {"role": _role_plural(role)}
            }
        )
    if Invitation.objects.filter(
        call=call, role=role, email__iexact=email, status=InvitationState.PENDING
    ).exists():
        raise ValidationError(
            {
                "email": _(
                    "Une invitation attend déjà la réponse de cette personne : renvoyez-la "
                    "depuis la liste."
                )
            }
        )
    with transaction.atomic():
        invitation = Invitation.objects.create(
            call=call,
            email=email,
            full_name=full_name,
            role=role,
            invited_by=actor,
            sent_at=timezone.now(),
        )
        record(
            actor=actor,
            action="invitation.sent",
            obj=invitation,
            to_value=email,
            data={"call": call.pk, "role": role},
        )
        _send(invitation, actor)
    return invitation


def invitation_resend(*, invitation: Invitation, actor) -> Invitation:
    with transaction.atomic():
        invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if invitation.status != InvitationState.PENDING:
            raise ValidationError(_("Cette invitation n'attend plus de réponse."))
        invitation.sent_at = timezone.now()
        invitation.save(update_fields=["sent_at", "updated_at"])
        record(actor=actor, action="invitation.resent", obj=invitation, to_value=invitation.email)
        _send(invitation, actor)
    return invitation


def invitation_revoke(*, invitation: Invitation, actor) -> Invitation:
    """Cancel a pending invitation: its link stops working at once."""
    with transaction.atomic():
        invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if invitation.status != InvitationState.PENDING:
            raise ValidationError(_("Cette invitation n'attend plus de réponse."))
        invitation.status = InvitationState.REVOKED
        invitation.answered_at = timezone.now()
        invitation.save(update_fields=["status", "answered_at", "updated_at"])
        record(
            actor=actor,
            action="invitation.revoked",
            obj=invitation,
            from_value=InvitationState.PENDING,
            to_value=InvitationState.REVOKED,
        )
    return invitation


def user_holds_address(user, email: str) -> bool:
    """The account's own address, or another address it has verified."""
    if user.email.lower() == email.lower():
        return True
    return EmailAddress.objects.filter(user=user, email__iexact=email, verified=True).exists()


def invitation_accept(
    *, token, user, organisation_name: str, organisation_departement: str
) -> Acceptance:
    """Take the invited role on the call. The link works once."""
    organisation_name = organisation_name.strip()
    if not organisation_name:
        raise ValidationError({"organisation_name": _("Indiquez votre organisme.")})
    if organisation_departement and organisation_departement not in DEPARTEMENT_NAMES:
        raise ValidationError(
            {"organisation_departement": _("Choisissez un département de la liste.")}
        )
    with transaction.atomic():
        invitation = (
            Invitation.objects.select_for_update()
            .select_related("call")
            .filter(token=token)
            .first()
        )
        if invitation is None or invitation.status != InvitationState.PENDING:
            raise InvitationError(_("Ce lien d'invitation n'est plus valable."))
        if not user_holds_address(user, invitation.email):
            raise InvitationError(
                _(
                    "Cette invitation a été envoyée à %(email)s : connectez-vous avec le compte "
                    "de cette adresse pour l'accepter."
                )
                % {"email": invitation.email}
            )
        membership, created = CallMembership.objects.get_or_create(
            call=invitation.call, user=user, role=invitation.role
        )
        membership.organisation_name = organisation_name
        membership.organisation_departement = organisation_departement
        membership.save(
            update_fields=["organisation_name", "organisation_departement", "updated_at"]
        )
        invitation.status = InvitationState.ACCEPTED
        invitation.accepted_by = user
        invitation.answered_at = timezone.now()
        invitation.save(update_fields=["status", "accepted_by", "answered_at", "updated_at"])
        record(
            actor=user,
            action="invitation.accepted",
            obj=invitation,
            from_value=InvitationState.PENDING,
            to_value=InvitationState.ACCEPTED,
            data={"membership": membership.pk, "already_member": not created},
        )
    return Acceptance(membership=membership, already_member=not created)


def _role_plural(role: str) -> str:
    return {
        FundRole.REVIEWER: _("experts"),
        FundRole.JUROR: _("membres du jury"),
        FundRole.COACH: _("accompagnants"),
        FundRole.EVALUATOR: _("évaluateurs indépendants"),
    }[role]


def _send(invitation: Invitation, actor) -> None:
    call = invitation.call
    queue_email(
        to=invitation.email,
        template=(
            "accompaniment_invitation"
            if invitation.role in ACCOMPANIMENT_ROLES
            else "reviewer_invitation"
        ),
        context={
            "inviter": str(actor) if actor else call.fund.name,
            "full_name": invitation.full_name,
            "role": invitation.role,
            "call_title": call.title,
            "fund_name": call.fund.name,
            "path": reverse("reviewers:accept_invitation", kwargs={"token": invitation.token}),
        },
    )
