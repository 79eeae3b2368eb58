"""Decision messages: a call's templates, preparing a mailing, confirming it, delivering it.

Nothing leaves before staff confirm. `prepare_mailing` writes a draft whose recipients hold
the exact subject and body each team will get; `confirm_mailing` (draft only) freezes it,
copies each message into the dossier's thread, records that the team was told (which lets
the portal show a jury outcome), and queues one task per recipient after commit.
`deliver_recipient` sends one message at most once, whatever the number of runs.
"""

import re
from collections.abc import Sequence

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from essaim.applications.enums import ApplicationState
from essaim.applications.recipients import team_emails
from essaim.applications.services.messages import MessageError, post_message
from essaim.applications.visibility import NOTIFIED_ACTION
from essaim.core.audit import record
from essaim.funds.models import Call

from ..enums import DeliveryStatus, MailingStatus
from ..mailings import MAIL_OUTCOMES, render, validate_placeholders
from ..models import Mailing, MailingRecipient, MailTemplate
from ..selectors.mailings import latest_reasons, mailing_candidates, placeholder_values

SUBJECT_MAX = 250


class MailingError(Exception):
    """Something the rules of decision messages refuse; the message is for people."""


def _check_may_send(actor, call: Call) -> None:
    # The views check it too; a service called from elsewhere must not send in a fund's name.
    if actor is None or not actor.has_perm("review.manage_mailings", call):
        raise MailingError(_("Seule l'équipe du fonds peut envoyer ses messages de décision."))


def _check_outcome(outcome: str) -> None:
    if outcome not in MAIL_OUTCOMES:
        raise MailingError(_("Il n'y a pas de message de décision pour cet état."))


def _check_texts(subject: str, body: str) -> tuple[str, str]:
    """Stripped subject and body, or ValidationError keyed by field."""
    subject, body = subject.strip(), body.strip()
    errors: dict[str, list] = {}
    if not subject:
        errors["subject"] = [_("Indiquez l'objet du message.")]
    if not body:
        errors["body"] = [_("Écrivez le message.")]
    for name, text in (("subject", subject), ("body", body)):
        try:
            validate_placeholders(text)
        except ValidationError as error:
            errors.setdefault(name, []).extend(error.messages)
    if errors:
        raise ValidationError(errors)
    return subject, body


def save_mail_template(*, call: Call, outcome: str, subject: str, body: str, actor) -> MailTemplate:
    """Create or change the call's wording for `outcome`. Unknown placeholders refused."""
    _check_outcome(outcome)
    subject, body = _check_texts(subject, body)
    with transaction.atomic():
        template, created = MailTemplate.objects.update_or_create(
            call=call, outcome=outcome, defaults={"subject": subject, "body": body}
        )
        record(
            actor=actor,
            action="mail_template.saved",
            obj=call,
            to_value=outcome,
            data={"created": created},
        )
    return template


def render_message(subject: str, body: str, values: dict[str, str]) -> tuple[str, str]:
    """One team's subject (one line, never a header break) and body."""
    rendered_subject = " ".join(render(subject, values).split())[:SUBJECT_MAX]
    # an empty {motif} must not leave a hole of blank lines
    rendered_body = re.sub(r"\n{3,}", "\n\n", render(body, values).replace("\r\n", "\n"))
    return rendered_subject, rendered_body.strip()


def prepare_mailing(
    *,
    call: Call,
    outcome: str,
    application_ids: Sequence[int],
    subject: str,
    body: str,
    actor,
) -> Mailing:
    """A draft mailing to the chosen dossiers of `call` now in state `outcome`.

    Each recipient row holds the rendered message and the team's addresses (owner and
    co-applicants with an account). Nothing is sent.
    """
    _check_may_send(actor, call)
    _check_outcome(outcome)
    subject, body = _check_texts(subject, body)
    chosen = set(application_ids)
    if not chosen:
        raise MailingError(_("Choisissez au moins un dossier."))
    applications = [a for a in mailing_candidates(call, outcome) if a.pk in chosen]
    if len(applications) != len(chosen):
        raise MailingError(
            _(
                "Certains dossiers choisis ne sont plus « %(state)s » : rechargez la page "
                "et vérifiez la liste."
            )
            % {"state": ApplicationState(outcome).label}
        )
    ids = [a.pk for a in applications]
    reasons = latest_reasons(ids, outcome)
    emails = team_emails(ids)
    with transaction.atomic():
        mailing = Mailing.objects.create(
            call=call, outcome=outcome, subject=subject, body=body, created_by=actor
        )
        rows = []
        for application in applications:
            values = placeholder_values(application, reason=reasons.get(application.pk, ""))
            rendered_subject, rendered_body = render_message(subject, body, values)
            rows.append(
                MailingRecipient(
                    mailing=mailing,
                    application=application,
                    emails=emails[application.pk],
                    subject=rendered_subject,
                    body=rendered_body,
                )
            )
        MailingRecipient.objects.bulk_create(rows)
        record(
            actor=actor,
            action="mailing.prepared",
            obj=call,
            to_value=outcome,
            data={"mailing": mailing.pk, "recipients": len(rows)},
        )
    return mailing


def discard_mailing(*, mailing: Mailing, actor) -> None:
    """Drop a draft that will not be sent."""
    with transaction.atomic():
        locked = Mailing.objects.select_for_update().get(pk=mailing.pk)
        if locked.status != MailingStatus.DRAFT:
            raise MailingError(_("Cet envoi est confirmé : il reste dans le journal."))
        record(
            actor=actor,
            action="mailing.discarded",
            obj=mailing.call,
            to_value=mailing.outcome,
            data={"mailing": mailing.pk},
        )
        locked.delete()


def confirm_mailing(*, mailing: Mailing, actor) -> Mailing:
    """Send a draft: only once, only while every dossier is still in the announced state."""
    _check_may_send(actor, mailing.call)
    with transaction.atomic():
        locked = (
            Mailing.objects.select_for_update(of=("self",))
            .select_related("call__fund")
            .get(pk=mailing.pk)
        )
        if locked.status != MailingStatus.DRAFT:
            raise MailingError(_("Cet envoi est déjà confirmé : il ne peut pas partir deux fois."))
        recipients = list(
            MailingRecipient.objects.filter(mailing=locked)
            .select_related("application__call__fund")
            .order_by("id")
        )
        if not recipients:
            raise MailingError(_("Cet envoi n'a aucun destinataire."))
        moved = [r.application for r in recipients if r.application.state != locked.outcome]
        if moved:
            raise MailingError(
                ngettext(
                    "Le dossier %(references)s n'est plus « %(state)s » : préparez un nouvel "
                    "envoi.",
                    "Les dossiers %(references)s ne sont plus « %(state)s » : préparez un "
                    "nouvel envoi.",
                    len(moved),
                )
                % {
                    "references": ", ".join(a.reference or a.title for a in moved),
                    "state": ApplicationState(locked.outcome).label,
                }
            )
        locked.status = MailingStatus.CONFIRMED
        locked.confirmed_by = actor
        locked.confirmed_at = timezone.now()
        locked.save(update_fields=["status", "confirmed_by", "confirmed_at", "updated_at"])
        for recipient in recipients:
            _keep_in_thread(recipient, actor)
            record(
                actor=actor,
                action=NOTIFIED_ACTION,
                obj=recipient.application,
                to_value=locked.outcome,
                data={"mailing": locked.pk},
            )
        record(
            actor=actor,
            action="mailing.confirmed",
            obj=locked.call,
            to_value=locked.outcome,
            data={"mailing": locked.pk, "recipients": len(recipients)},
        )
        recipient_ids = [r.pk for r in recipients]
        transaction.on_commit(lambda: _enqueue(recipient_ids))
    mailing.status, mailing.confirmed_by, mailing.confirmed_at = (
        locked.status,
        locked.confirmed_by,
        locked.confirmed_at,
    )
    return mailing


def _keep_in_thread(recipient: MailingRecipient, actor) -> None:
    """The team finds the message on the platform too, with the rest of the dossier."""
    try:
        post_message(
            application=recipient.application,
            author=actor,
            body=f"{recipient.subject}\n\n{recipient.body}",
            from_staff=True,
            notify=False,
        )
    except MessageError as error:
        raise MailingError(str(error)) from error


def _enqueue(recipient_ids: list[int]) -> None:
    from ..tasks import send_decision_message

    for recipient_id in recipient_ids:
        send_decision_message.enqueue(recipient_id=recipient_id)


def deliver_recipient(*, recipient_id: int) -> str:
    """Send one recipient's message unless it already left; returns the resulting status.

    The row is locked while sending, so two workers given the same id cannot both send; a
    message is only ever sent for a confirmed mailing.
    """
    with transaction.atomic():
        recipient = (
            MailingRecipient.objects.select_for_update(of=("self",))
            .select_related("mailing__call__fund")
            .get(pk=recipient_id)
        )
        if (
            recipient.status != DeliveryStatus.QUEUED
            or recipient.mailing.status != MailingStatus.CONFIRMED
        ):
            return recipient.status
        if not recipient.emails:
            recipient.status = DeliveryStatus.FAILED
            recipient.error = _("Aucune adresse : personne de l'équipe n'a de compte actif.")
        else:
            fund = recipient.mailing.call.fund
            message = EmailMessage(
                subject=recipient.subject,
                body=recipient.body,
                from_email=settings.DEFAULT_FROM_EMAIL,
                to=list(recipient.emails),
                reply_to=[fund.contact_email] if fund.contact_email else None,
            )
            try:
                message.send()
            except Exception as error:  # any transport failure is logged, never raised
                recipient.status = DeliveryStatus.FAILED
                recipient.error = f"{type(error).__name__}: {error}"[:2000]
            else:
                recipient.status = DeliveryStatus.SENT
                recipient.sent_at = timezone.now()
                recipient.error = ""
        recipient.save(update_fields=["status", "sent_at", "error"])
    return recipient.status
