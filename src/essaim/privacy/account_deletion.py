"""Deleting one's account (RGPD article 17): the person goes, the funds' records stay.

The user row is kept but emptied (name, e-mail → placeholder, password unusable, inactive):
deleting it would cascade into reviews, jury seats and signatures that the funds must keep,
and the audit trail points to it. What identifies the person goes everywhere else too:

- removed: e-mail addresses, external (ProConnect) accounts, two-factor methods, call roles,
  calendar feed, innovation contacts, sign-in attempts, unfinished review assignments, and
  the drafts nobody else can edit (nobody could ever submit them);
- anonymised: their rows in every dossier's team (the dossier stays with its organisation,
  for the other members and the fund), the frozen copies of submitted versions, the
  hierarchical support asked of them, invitations sent to their address;
- handed back to the fund: accompaniments they coach or evaluate, milestones they own;
- kept as written: messages, reviews, decisions' history, signatures of engagements and the
  audit trail (rows are immutable; they name the person as they were then). These are the
  funds' records of what happened; see docs/security.md ("Personal data").

Open sessions die with the password hash and the inactive flag (Django checks both on
every request). Fund staff and platform administrators cannot delete themselves: another
staff member or an administrator removes the role first, so that no fund is left unmanaged
by accident.
"""

from dataclasses import dataclass, field

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.socialaccount.models import SocialAccount
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext as _

from essaim.accompaniment.models import Accompaniment, CalendarFeed, Milestone
from essaim.applications.enums import ApplicationState, InvitationStatus, TeamAccess
from essaim.applications.models import (
    Application,
    ApplicationVersion,
    Attachment,
    SupportRequest,
    TeamMember,
)
from essaim.catalogue.models import InnovationContact
from essaim.core.audit import record
from essaim.funds.enums import FundRole
from essaim.funds.models import CallMembership, FundMembership, Invitation
from essaim.review.enums import ReviewStatus
from essaim.review.models import Assignment, MailingRecipient

from .anonymise import (
    ANONYMOUS_MEMBER_NAME,
    DELETED_ACCOUNT_NAME,
    blank_fields,
    personal_text_fields,
    placeholder_email,
    scrub_version_content,
)

EDITING = (TeamAccess.OWNER, TeamAccess.EDITOR)
# The generic author of the deletion's audit row: the trail must not keep the name the
# person just asked to remove.
DELETION_ACTOR_LABEL = "Titulaire du compte (compte supprimé)"


class AccountDeletionRefused(Exception):
    """The account cannot be deleted yet; `messages` say why and what to do, for people."""

    def __init__(self, messages: list[str]):
        super().__init__(" ".join(messages))
        self.messages = messages


@dataclass
class DeletionPreview:
    """What deleting the account would do, for the confirmation page."""

    blockers: list[str]
    drafts_deleted: list[Application] = field(default_factory=list)
    dossiers_kept: list[Application] = field(default_factory=list)
    dossiers_left_without_editor: list[Application] = field(default_factory=list)
    unfinished_reviews: int = 0
    accompaniments: int = 0

    @property
    def allowed(self) -> bool:
        return not self.blockers


def _any_email(field_name: str, emails: set[str]) -> Q:
    """Matches any of `emails` whatever the case people typed them in."""
    match = Q(pk__in=[])
    for email in emails:
        match |= Q(**{f"{field_name}__iexact": email})
    return match


def _addresses(user) -> set[str]:
    emails = {user.email.lower()}
    emails |= {
        e.lower() for e in EmailAddress.objects.filter(user=user).values_list("email", flat=True)
    }
    return emails


def deletion_blockers(user) -> list[str]:
    """Why `user` may not delete their account now (empty: they may)."""
    blockers = []
    if user.is_superuser or user.is_staff:
        blockers.append(
            _(
                "Vous administrez la plateforme : un autre administrateur doit d'abord vous "
                "retirer ce rôle."
            )
        )
    staff_of = (
        FundMembership.objects.filter(user=user, role=FundRole.STAFF)
        .select_related("fund")
        .order_by("fund__name")
    )
    for membership in staff_of:
        blockers.append(
            _(
                "Vous faites partie de l'équipe du fonds « %(fund)s » : un autre membre de son "
                "équipe ou un administrateur de la plateforme doit d'abord vous retirer ce rôle."
            )
            % {"fund": membership.fund.name}
        )
    return blockers


def _own_applications(user) -> QuerySet[Application]:
    other_editor = TeamMember.objects.filter(
        application=OuterRef("pk"), user__isnull=False, access__in=EDITING
    ).exclude(user=user)
    return (
        Application.objects.filter(team__user=user)
        .distinct()
        .annotate(has_other_editor=Exists(other_editor))
        .select_related("call__fund")
        .order_by("created_at", "id")
    )


def _unfinished_assignments(user) -> QuerySet[Assignment]:
    return Assignment.objects.filter(reviewer=user).exclude(review__status=ReviewStatus.SUBMITTED)


def deletion_preview(user) -> DeletionPreview:
    preview = DeletionPreview(blockers=deletion_blockers(user))
    for application in _own_applications(user):
        if application.state == ApplicationState.DRAFT and not application.has_other_editor:
            preview.drafts_deleted.append(application)
            continue
        preview.dossiers_kept.append(application)
        if not application.has_other_editor:
            preview.dossiers_left_without_editor.append(application)
    preview.unfinished_reviews = _unfinished_assignments(user).count()
    preview.accompaniments = Accompaniment.objects.filter(Q(coach=user) | Q(evaluator=user)).count()
    return preview


def _delete_applications(applications: list[Application]) -> int:
    """Drafts nobody else can reach: gone with their files (removed once committed)."""
    if not applications:
        return 0
    ids = [application.pk for application in applications]
    files = list(
        Attachment.objects.filter(application_id__in=ids)
        .exclude(file="")
        .values_list("file", flat=True)
    )
    Application.objects.filter(pk__in=ids).delete()
    storage = Attachment._meta.get_field("file").storage
    transaction.on_commit(lambda: [storage.delete(name) for name in files])
    return len(ids)


def _anonymise_team_rows(user, emails: set[str]) -> list[int]:
    """Their rows in every team become anonymous; returns the dossiers concerned."""
    rows = TeamMember.objects.filter(Q(user=user) | _any_email("email", emails))
    application_ids = sorted(set(rows.values_list("application_id", flat=True)))
    blanks = personal_text_fields(TeamMember, keep={"full_name"})
    rows.update(
        user=None,
        full_name=ANONYMOUS_MEMBER_NAME,
        invitation_status=InvitationStatus.NONE,
        **{name: "" for name in blanks},
    )
    return application_ids


def _scrub_versions(application_ids: list[int], emails: set[str], support_ids: set[int]) -> int:
    changed = 0
    for version in ApplicationVersion.objects.filter(application_id__in=application_ids):
        content = scrub_version_content(version.content, emails=emails)
        if version.application_id in support_ids and content.get("support"):
            content["support"] = {**content["support"], "supervisor_name": ANONYMOUS_MEMBER_NAME}
        if content != version.content:
            version.content = content
            version.save(update_fields=["content"])
            changed += 1
    return changed


def _anonymise_support_asked(emails: set[str]) -> set[int]:
    """Hierarchical support asked of them: the answer stays (the dossier needs it), the
    person does not."""
    application_ids = set()
    for support in SupportRequest.objects.filter(_any_email("supervisor_email", emails)):
        support.supervisor_name = ANONYMOUS_MEMBER_NAME
        support.supervisor_email = placeholder_email("soutien", support.pk)
        support.comment = ""
        support.save(update_fields=["supervisor_name", "supervisor_email", "comment"])
        application_ids.add(support.application_id)
    return application_ids


def _anonymise_invitations(emails: set[str]) -> int:
    count = 0
    for invitation in Invitation.objects.filter(_any_email("email", emails)):
        invitation.email = placeholder_email("invitation", invitation.pk)
        invitation.full_name = ""
        invitation.save(update_fields=["email", "full_name"])
        count += 1
    return count


def _forget_mail_addresses(application_ids: list[int], emails: set[str]) -> None:
    """Decision mailings keep what was sent, not to which address."""
    for recipient in MailingRecipient.objects.filter(application_id__in=application_ids):
        kept = [e for e in recipient.emails if e.lower() not in emails]
        if kept != recipient.emails:
            recipient.emails = kept
            recipient.save(update_fields=["emails"])


def _forget_sign_in_attempts(emails: set[str]) -> None:
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    for model in (AccessAttempt, AccessFailureLog, AccessLog):
        model.objects.filter(_any_email("username", emails)).delete()


def _empty_user(user) -> None:
    user.email = placeholder_email("compte-supprime", user.pk)
    user.full_name = DELETED_ACCOUNT_NAME
    blank_fields(user, personal_text_fields(type(user), keep={"email", "full_name", "password"}))
    user.set_unusable_password()
    user.is_active = False
    user.is_staff = False
    user.is_superuser = False
    user.last_login = None
    user.save()
    user.groups.clear()
    user.user_permissions.clear()


def account_delete(*, user) -> dict[str, int]:
    """Delete `user`'s account as described in this module's docstring; returns counts.

    Raises AccountDeletionRefused when `deletion_blockers` finds a reason. All or nothing:
    one transaction; attachment files of deleted drafts are removed after it commits.
    """
    User = get_user_model()
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        if not user.is_active:
            raise AccountDeletionRefused([_("Ce compte est déjà supprimé.")])
        blockers = deletion_blockers(user)
        if blockers:
            raise AccountDeletionRefused(blockers)
        emails = _addresses(user)
        preview = deletion_preview(user)

        counts = {"drafts_deleted": _delete_applications(preview.drafts_deleted)}
        application_ids = _anonymise_team_rows(user, emails)
        counts["dossiers_anonymised"] = len(application_ids)
        support_ids = _anonymise_support_asked(emails)
        counts["support_requests_anonymised"] = len(support_ids)
        counts["versions_scrubbed"] = _scrub_versions(
            sorted(set(application_ids) | support_ids), emails, support_ids
        )
        _forget_mail_addresses(application_ids, emails)
        counts["invitations_anonymised"] = _anonymise_invitations(emails)
        unfinished = _unfinished_assignments(user)
        counts["unfinished_reviews_removed"] = unfinished.count()
        unfinished.delete()
        roles = CallMembership.objects.filter(user=user)
        counts["call_roles_removed"] = roles.count()
        roles.delete()
        FundMembership.objects.filter(user=user).delete()
        counts["accompaniments_released"] = Accompaniment.objects.filter(coach=user).update(
            coach=None
        ) + Accompaniment.objects.filter(evaluator=user).update(evaluator=None)
        Milestone.objects.filter(owner=user).update(owner=None)
        CalendarFeed.objects.filter(user=user).delete()
        InnovationContact.objects.filter(Q(user=user) | _any_email("email", emails)).delete()
        SocialAccount.objects.filter(user=user).delete()
        Authenticator.objects.filter(user=user).delete()
        EmailAddress.objects.filter(user=user).delete()
        _forget_sign_in_attempts(emails)
        _empty_user(user)
        record(
            actor=user,
            actor_label=DELETION_ACTOR_LABEL,
            action="account.deleted",
            obj=user,
            data=counts,
        )
    return counts
