"""Hierarchical support: the team names a supervisor, who answers through a signed link.

The link carries the request's id and its current `nonce`, signed with a salt of its own
and dated, so that it
- dies after `ESSAIM_SUPPORT_LINK_MAX_AGE_DAYS` days (expired),
- dies when the team sends the request again, which draws a new nonce (superseded),
- works once: an answered request accepts no other answer until it is sent again,
- cannot be made up or altered without the secret key (forged).
The supervisor needs no account; their answer is audited under their name and address.
"""

import datetime as dt
import uuid

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from essaim.core.audit import record
from essaim.notifications.services import queue_email

from ..enums import ApplicationState, SupportStatus, TeamAccess
from ..errors import ApplicationError
from ..models import Application, SupportRequest

SALT = "essaim.applications.support-request"
# A team may correct the address and send again, but the platform must not become a way to
# mail a stranger over and over.
MAX_SENDS = 10
COMMENT_MAX_LENGTH = 2000


class SupportLinkError(ApplicationError):
    """A support link that cannot be used. `reason` is one of the constants below; `status`
    is the HTTP status a page showing it should answer with."""

    EXPIRED = "expired"
    FORGED = "forged"
    ANSWERED = "answered"
    SUPERSEDED = "superseded"
    CLOSED = "closed"

    def __init__(self, reason: str, message: str, support_request: SupportRequest | None = None):
        super().__init__(message)
        self.reason = reason
        self.support_request = support_request

    @property
    def status(self) -> int:
        # A forged link never existed (400); the others did and are gone for good (410).
        return 400 if self.reason == self.FORGED else 410


def _check_can_ask(application: Application) -> None:
    # Only a draft: a dossier in a support round is editable but was submitted with its
    # support confirmed, and that answer is part of what the jury reads.
    if application.state != ApplicationState.DRAFT:
        raise ApplicationError(
            _("Ce dossier a été déposé : la demande de soutien ne peut plus être modifiée.")
        )
    if not application.call.requires_hierarchical_support:
        raise ApplicationError(_("Cet appel ne demande pas de soutien hiérarchique."))


def support_link_path(support_request: SupportRequest) -> str:
    """The path of the supervisor's page for the request as it stands (its current nonce)."""
    token = signing.dumps(
        {"r": support_request.pk, "n": support_request.nonce.hex}, salt=SALT, compress=False
    )
    return reverse("portal:support_respond", kwargs={"token": token})


def _max_age() -> dt.timedelta:
    return dt.timedelta(days=settings.ESSAIM_SUPPORT_LINK_MAX_AGE_DAYS)


def _load(token: str, queryset) -> SupportRequest:
    try:
        payload = signing.loads(token, salt=SALT, max_age=_max_age())
    except signing.SignatureExpired as exc:
        raise SupportLinkError(
            SupportLinkError.EXPIRED,
            _(
                "Ce lien a expiré : il était valable %(days)s jours. Demandez à la personne qui "
                "porte le dossier de vous envoyer la demande à nouveau."
            )
            % {"days": settings.ESSAIM_SUPPORT_LINK_MAX_AGE_DAYS},
        ) from exc
    except signing.BadSignature as exc:
        raise SupportLinkError(
            SupportLinkError.FORGED,
            _("Ce lien n'est pas valide. Vérifiez que vous l'avez copié en entier."),
        ) from exc
    try:
        pk, nonce = int(payload["r"]), uuid.UUID(payload["n"])
    except (KeyError, TypeError, ValueError) as exc:
        raise SupportLinkError(
            SupportLinkError.FORGED,
            _("Ce lien n'est pas valide. Vérifiez que vous l'avez copié en entier."),
        ) from exc
    superseded = SupportLinkError(
        SupportLinkError.SUPERSEDED,
        _(
            "Ce lien a été remplacé par une demande plus récente, ou le dossier a été supprimé. "
            "Utilisez le lien du dernier message reçu."
        ),
    )
    support_request = queryset.filter(pk=pk).first()
    if support_request is None or support_request.nonce != nonce:
        raise superseded
    if support_request.status != SupportStatus.PENDING:
        raise SupportLinkError(
            SupportLinkError.ANSWERED,
            _("Ce lien ne sert qu'une fois, et une réponse a déjà été donnée."),
            support_request,
        )
    if support_request.application.state != ApplicationState.DRAFT:
        raise SupportLinkError(
            SupportLinkError.CLOSED,
            _("Ce dossier ne peut plus recevoir de réponse : il a été déposé ou retiré."),
        )
    return support_request


def support_request_from_token(token: str) -> SupportRequest:
    """The pending request a link points at, with its dossier, call and fund.

    Raises SupportLinkError for an expired, forged, answered or superseded link.
    """
    return _load(
        token,
        SupportRequest.objects.select_related("application__call__fund", "application__theme"),
    )


def support_request_send(
    *,
    application: Application,
    actor,
    supervisor_name: str,
    supervisor_function: str,
    supervisor_email: str,
) -> SupportRequest:
    """Ask (or ask again) the supervisor for their support and mail them a fresh link.

    Creates or updates the dossier's request, draws a new nonce (older links die), sets it
    back to pending, counts the sending, audits it, and queues the e-mail after commit.
    """
    _check_can_ask(application)
    supervisor_email = supervisor_email.strip().lower()
    team_emails = {
        email.lower()
        for email in application.team.exclude(email="").values_list("email", flat=True)
    }
    if supervisor_email in team_emails:
        raise ApplicationError(
            _(
                "Le soutien doit venir d'une personne extérieure à l'équipe du projet : "
                "indiquez l'adresse de votre responsable hiérarchique."
            )
        )
    with transaction.atomic():
        locked = Application.objects.select_for_update().get(pk=application.pk)
        _check_can_ask(locked)
        support_request = (
            SupportRequest.objects.select_for_update().filter(application=locked).first()
        )
        if support_request is None:
            support_request = SupportRequest(application=locked)
        elif support_request.send_count >= MAX_SENDS:
            raise ApplicationError(
                _(
                    "La demande a déjà été envoyée %(count)s fois. Pour l'envoyer encore, "
                    "contactez l'équipe du fonds."
                )
                % {"count": support_request.send_count}
            )
        previous_email = support_request.supervisor_email
        support_request.supervisor_name = " ".join(supervisor_name.split())
        support_request.supervisor_function = " ".join(supervisor_function.split())
        support_request.supervisor_email = supervisor_email
        support_request.nonce = uuid.uuid4()
        support_request.status = SupportStatus.PENDING
        support_request.comment = ""
        support_request.responded_at = None
        support_request.sent_at = timezone.now()
        support_request.send_count += 1
        support_request.full_clean(exclude=["application"])
        support_request.save()
        record(
            actor=actor,
            action="support.requested",
            obj=locked,
            from_value=previous_email if previous_email != supervisor_email else "",
            to_value=supervisor_email,
            data={"send_count": support_request.send_count},
        )
        queue_email(
            to=supervisor_email,
            template="support_request",
            context={
                "supervisor_name": support_request.supervisor_name,
                "applicant_name": str(actor),
                "application_title": locked.title,
                "organisation_name": locked.organisation_name,
                "call_title": locked.call.title,
                "fund_name": locked.call.fund.name,
                "url": settings.SITE_URL + support_link_path(support_request),
                "max_age_days": settings.ESSAIM_SUPPORT_LINK_MAX_AGE_DAYS,
            },
        )
    return support_request


def support_request_answer(*, token: str, confirm: bool, comment: str = "") -> SupportRequest:
    """Record the supervisor's answer given through `token`; the link then stops working.

    The token is checked again under the request's lock, so two clicks at once record one
    answer. A refusal needs a comment (the team must know why). The team is mailed.
    """
    comment = comment.strip()[:COMMENT_MAX_LENGTH]
    if not confirm and not comment:
        raise ApplicationError(_("Indiquez pourquoi vous ne soutenez pas ce projet."))
    with transaction.atomic():
        support_request = _load(
            token,
            SupportRequest.objects.select_for_update(of=("self",)).select_related(
                "application__call__fund"
            ),
        )
        application = support_request.application
        support_request.status = SupportStatus.CONFIRMED if confirm else SupportStatus.DECLINED
        support_request.comment = comment
        support_request.responded_at = timezone.now()
        support_request.save(update_fields=["status", "comment", "responded_at", "updated_at"])
        record(
            actor=None,
            actor_label=f"{support_request.supervisor_name} <{support_request.supervisor_email}>",
            action="support.answered",
            obj=application,
            from_value=SupportStatus.PENDING,
            to_value=support_request.status,
            reason=comment,
        )
        recipients = list(
            application.team.filter(access__in=[TeamAccess.OWNER, TeamAccess.EDITOR])
            .exclude(email="")
            .values_list("email", flat=True)
        )
        if recipients:
            queue_email(
                to=recipients,
                template="support_answered",
                context={
                    "supervisor_name": support_request.supervisor_name,
                    "supervisor_function": support_request.supervisor_function,
                    "confirmed": confirm,
                    "comment": comment,
                    "application_title": application.title,
                    "call_title": application.call.title,
                    "fund_name": application.call.fund.name,
                    "path": reverse("portal:support", kwargs={"pk": application.pk}),
                },
            )
    return support_request
