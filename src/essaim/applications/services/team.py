"""The project team: members described in the dossier, co-applicants invited by e-mail."""

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from essaim.core.audit import record
from essaim.notifications.services import queue_email

from ..enums import InvitationStatus, TeamAccess
from ..errors import ApplicationError
from ..models import Application, TeamMember


def _check_editable(application: Application) -> None:
    if application.is_frozen:
        raise ApplicationError(_("Ce dossier a été déposé : il ne peut plus être modifié."))


def team_member_add(
    *,
    application: Application,
    actor,
    full_name: str,
    job_title: str,
    project_role: str = "",
    email: str = "",
    invite: bool = False,
) -> TeamMember:
    """Add a person to the team; with `invite`, send them a link to co-edit the dossier."""
    _check_editable(application)
    email = email.strip().lower()
    if invite and not email:
        raise ApplicationError(_("Indiquez l'adresse e-mail de la personne à inviter."))
    if email and application.team.filter(email=email).exists():
        raise ApplicationError(_("Cette personne fait déjà partie de l'équipe."))
    with transaction.atomic():
        member = TeamMember.objects.create(
            application=application,
            full_name=full_name.strip(),
            job_title=job_title.strip(),
            project_role=project_role.strip(),
            email=email,
            access=TeamAccess.EDITOR if invite else TeamAccess.LISTED,
            invitation_status=InvitationStatus.PENDING if invite else InvitationStatus.NONE,
        )
        record(actor=actor, action="team.added", obj=application, to_value=email or full_name)
        if invite:
            _send_invitation(application, member, actor)
    return member


def team_member_update(*, member: TeamMember, actor, data: dict) -> TeamMember:
    _check_editable(member.application)
    for name, value in data.items():
        setattr(member, name, value.strip() if isinstance(value, str) else value)
    member.save(update_fields=[*data.keys(), "updated_at"])
    return member


def team_member_remove(*, member: TeamMember, actor) -> None:
    """Remove someone from the team; a removed co-applicant loses access at once."""
    application = member.application
    _check_editable(application)
    if member.access == TeamAccess.OWNER:
        raise ApplicationError(_("Le porteur du dossier ne peut pas être retiré de l'équipe."))
    with transaction.atomic():
        record(
            actor=actor,
            action="team.removed",
            obj=application,
            from_value=member.email or member.full_name,
        )
        member.delete()


def team_invitation_resend(*, member: TeamMember, actor) -> None:
    _check_editable(member.application)
    if member.invitation_status != InvitationStatus.PENDING:
        raise ApplicationError(_("Cette invitation a déjà été acceptée."))
    _send_invitation(member.application, member, actor)


def team_invitation_accept(*, token, user) -> TeamMember:
    """Attach the invited account to its team membership. The link works once."""
    with transaction.atomic():
        member = (
            TeamMember.objects.select_for_update()
            .select_related("application")
            .filter(invitation_token=token, invitation_status=InvitationStatus.PENDING)
            .first()
        )
        if member is None:
            raise ApplicationError(_("Ce lien d'invitation n'est plus valable."))
        # A forwarded link must not let someone else into the dossier.
        if member.email and member.email.lower() != user.email.lower():
            raise ApplicationError(
                _(
                    "Cette invitation a été envoyée à %(email)s : connectez-vous avec cette "
                    "adresse pour rejoindre l'équipe."
                )
                % {"email": member.email}
            )
        if member.application.team.filter(user=user).exclude(pk=member.pk).exists():
            raise ApplicationError(_("Vous faites déjà partie de l'équipe de ce dossier."))
        member.user = user
        member.invitation_status = InvitationStatus.ACCEPTED
        member.save(update_fields=["user", "invitation_status", "updated_at"])
        record(actor=user, action="team.invitation_accepted", obj=member.application)
    return member


def _send_invitation(application: Application, member: TeamMember, actor) -> None:
    queue_email(
        to=member.email,
        template="team_invitation",
        context={
            "inviter": str(actor),
            "member_name": member.full_name,
            "application_title": application.title,
            "call_title": application.call.title,
            "fund_name": application.call.fund.name,
            "path": reverse("portal:accept_invitation", kwargs={"token": member.invitation_token}),
        },
    )
