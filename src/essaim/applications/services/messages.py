"""The message thread of a dossier, between its team and its fund's staff.

A message is written by a team member who can edit the dossier (owner, co-applicant) or by
the fund's staff, in every state of the dossier. The other side is told by e-mail after the
transaction commits; the e-mail carries the message, since reading it is the point.
"""

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from essaim.core.audit import record
from essaim.funds.enums import FundRole
from essaim.funds.models import FundMembership
from essaim.notifications.services import queue_email

from ..models import LONG_TEXT, Application, Message
from ..recipients import team_emails


class MessageError(Exception):
    """A message the rules refuse; the text is for the person writing."""


def _check_may_write(application: Application, author, from_staff: bool) -> None:
    perm = "applications.write_staff_message" if from_staff else "applications.write_team_message"
    if author is None or not author.has_perm(perm, application):
        raise MessageError(_("Vous ne pouvez pas écrire dans la messagerie de ce dossier."))


def clean_body(body: str) -> str:
    body = (body or "").strip()
    if not body:
        raise MessageError(_("Écrivez votre message."))
    if len(body) > LONG_TEXT:
        raise MessageError(
            _("Le message est trop long : %(max)s caractères au maximum.") % {"max": LONG_TEXT}
        )
    return body


def post_message(
    *,
    application: Application,
    author,
    body: str,
    from_staff: bool,
    notify: bool = True,
) -> Message:
    """Add a message to the thread and, with `notify`, e-mail the other side after commit.

    A message is read by its own side as soon as it is written. `notify=False` serves the
    decision mailings, which are e-mailed on their own.
    """
    _check_may_write(application, author, from_staff)
    body = clean_body(body)
    now = timezone.now()
    with transaction.atomic():
        message = Message.objects.create(
            application=application,
            author=author,
            from_staff=from_staff,
            body=body,
            read_by_staff_at=now if from_staff else None,
            read_by_team_at=None if from_staff else now,
        )
        record(
            actor=author,
            action="message.posted",
            obj=application,
            to_value="staff" if from_staff else "team",
            data={"message": message.pk},
        )
        if notify:
            _notify_other_side(application, message)
    return message


def mark_read(*, application: Application, by_staff: bool) -> int:
    """Mark the other side's messages as read by this side; returns how many changed."""
    now = timezone.now()
    if by_staff:
        unread = Message.objects.filter(
            application=application, from_staff=False, read_by_staff_at__isnull=True
        )
        return unread.update(read_by_staff_at=now)
    unread = Message.objects.filter(
        application=application, from_staff=True, read_by_team_at__isnull=True
    )
    return unread.update(read_by_team_at=now)


def staff_emails(application: Application) -> list[str]:
    """Where the team's messages go: the fund's contact address, else its staff members."""
    fund = application.call.fund
    if fund.contact_email:
        return [fund.contact_email]
    return list(
        FundMembership.objects.filter(fund=fund, role=FundRole.STAFF, user__is_active=True)
        .order_by("user__email")
        .values_list("user__email", flat=True)
        .distinct()
    )


def _notify_other_side(application: Application, message: Message) -> None:
    call = application.call
    if message.from_staff:
        to = team_emails([application.pk])[application.pk]
        url = reverse("portal:application_messages", args=[application.pk])
    else:
        to = staff_emails(application)
        url = reverse("backoffice:application_messages", args=[application.pk])
    if not to:
        return
    queue_email(
        to=to,
        template="dossier_message",
        context={
            "from_staff": message.from_staff,
            "author_name": message.author.full_name if message.author else "",
            "fund_name": call.fund.name,
            "call_title": call.title,
            "application_title": application.title,
            "reference": application.reference or "",
            "body": message.body,
            "url": settings.SITE_URL + url,
        },
    )
