"""Submitting and withdrawing a dossier."""

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from essaim.funds.models import Call

from ..assisted import on_behalf_reason, received_on_problem
from ..enums import ApplicationState, SubmissionChannel, TeamAccess
from ..errors import ApplicationError
from ..models import Application, ApplicationVersion
from ..sections import missing_items
from ..snapshot import application_content, fingerprint
from ..transitions import TransitionError, transition


def format_reference(call: Call, number: int) -> str:
    """MNT-2024-06-0012: fund prefix, year, edition, sequence within the call."""
    return f"{call.fund.reference_prefix}-{call.year}-{call.edition:02d}-{number:04d}"


def _next_reference(call: Call) -> str:
    # The UPDATE takes the call's row lock (PostgreSQL) or the write lock (SQLite), so two
    # submissions in the same instant get consecutive numbers, never the same one.
    Call.objects.filter(pk=call.pk).update(reference_counter=F("reference_counter") + 1)
    number = Call.objects.filter(pk=call.pk).values_list("reference_counter", flat=True).get()
    return format_reference(call, number)


def application_submit(
    *,
    application_id: int,
    user,
    now=None,
    channel: str = SubmissionChannel.ONLINE,
    received_on=None,
) -> Application:
    """Submit a draft: check it, freeze it, give it a reference and a receipt.

    Idempotent: a second call on a submitted dossier returns it unchanged (a double click or
    a retried request never makes two references). Raises ApplicationError with the list of
    what is missing, or when the call has closed.

    With another `channel` than online, `user` is the fund's staff member submitting for the
    applicant ("dépôt accompagné"): the deadline is judged on `received_on`, the day the fund
    received the dossier, and the audit row says who submitted it for whom.
    """
    with transaction.atomic():
        application = (
            # of=("self",): PostgreSQL cannot lock the nullable side of the outer joins.
            Application.objects.select_for_update(of=("self",))
            .select_related("call__fund", "theme", "support_request")
            .prefetch_related("team", "budget_lines", "attachments", "call__stages")
            .get(pk=application_id)
        )
        if application.state != ApplicationState.DRAFT and application.reference:
            return application
        # Read the clock after taking the lock: what counts is when the dossier is frozen.
        now = now or timezone.now()
        call = application.call
        assisted = channel != SubmissionChannel.ONLINE
        if assisted:
            problem = received_on_problem(call, received_on, today=timezone.localdate(now))
            if problem:
                raise ApplicationError(problem)
        elif now > call.closes_at:
            raise ApplicationError(
                _("L'appel est clos depuis le %(date)s : le dossier ne peut plus être déposé.")
                % {"date": timezone.localtime(call.closes_at).strftime("%d/%m/%Y %H:%M:%S")}
            )
        if now < call.opens_at:
            raise ApplicationError(_("L'appel n'est pas encore ouvert."))
        missing = missing_items(application)
        if missing:
            raise ApplicationError(_("Le dossier n'est pas complet."), missing)

        content = application_content(application)
        digest = fingerprint(content)
        application.reference = _next_reference(call)
        application.submitted_at = now
        application.content_sha256 = digest
        extra_fields = ("reference", "submitted_at", "content_sha256")
        reason = ""
        if assisted:
            application.submission_channel = channel
            application.received_on = received_on
            application.submitted_on_behalf_by = user
            extra_fields += ("submission_channel", "received_on", "submitted_on_behalf_by")
            reason = on_behalf_reason(application, user)
        elif application.submission_channel != SubmissionChannel.ONLINE:
            # a draft started by the staff that its applicant submitted online after all
            application.submission_channel = SubmissionChannel.ONLINE
            extra_fields += ("submission_channel",)
        try:
            transition(
                application,
                to=ApplicationState.SUBMITTED,
                actor=user,
                reason=reason,
                extra_fields=extra_fields,
            )
        except TransitionError as exc:
            raise ApplicationError(str(exc)) from exc
        ApplicationVersion.objects.create(
            application=application,
            number=application.versions.count() + 1,
            content=content,
            sha256=digest,
            submitted_at=now,
            submitted_by=user,
        )
        _queue_receipt(application)
    return application


def _queue_receipt(application: Application) -> None:
    from django.urls import reverse

    from essaim.notifications.services import queue_email

    recipients = [
        m.email for m in application.team.all() if m.access in (TeamAccess.OWNER, TeamAccess.EDITOR)
    ]
    if not recipients:
        return
    queue_email(
        to=recipients,
        template="receipt",
        context={
            "reference": application.reference,
            "title": application.title,
            "call_title": application.call.title,
            "fund_name": application.call.fund.name,
            "submitted_at": application.submitted_at.isoformat(),
            "sha256": application.content_sha256,
            "path": reverse("portal:application_receipt", kwargs={"pk": application.pk}),
        },
        attachments=[{"kind": "receipt_pdf", "application_id": application.pk}],
    )


def application_withdraw(*, application: Application, user, reason: str) -> Application:
    """Withdraw a submitted dossier before any decision. The reason is kept."""
    reason = reason.strip()
    if not reason:
        raise ApplicationError(_("Indiquez le motif du retrait."))
    if application.state == ApplicationState.DRAFT:
        raise ApplicationError(_("Un brouillon se supprime, il ne se retire pas."))
    with transaction.atomic():
        application = Application.objects.select_for_update().get(pk=application.pk)
        application.withdrawal_reason = reason
        try:
            transition(
                application,
                to=ApplicationState.WITHDRAWN,
                actor=user,
                reason=reason,
                extra_fields=("withdrawal_reason",),
            )
        except TransitionError as exc:
            raise ApplicationError(
                _("Ce dossier ne peut plus être retiré : une décision a déjà été prise.")
            ) from exc
    return application


# --- support rounds: a new version of a dossier under revision ---------------------------


class UnchangedVersion(ApplicationError):
    """The dossier is the same as its latest version; `version` is that version."""

    def __init__(self, message: str, version: ApplicationVersion):
        super().__init__(message)
        self.version = version


def application_submit_version(
    *, application_id: int, user, deadline=None, now=None
) -> ApplicationVersion:
    """Submit a new version of a dossier in support: same reference, version n+1, a fresh
    SHA-256 and receipt; the state does not change (closing the round does that).

    Raises ApplicationError when the dossier is not in support, after `deadline`, when
    something is missing, or (UnchangedVersion) when nothing changed since the latest version.
    """
    from essaim.core.audit import record
    from essaim.core.formatting import when

    with transaction.atomic():
        application = (
            Application.objects.select_for_update(of=("self",))
            .select_related("call__fund", "theme", "support_request")
            .prefetch_related("team", "budget_lines", "attachments", "call__stages")
            .get(pk=application_id)
        )
        if application.state != ApplicationState.IN_SUPPORT:
            raise ApplicationError(
                _("Seul un dossier en appui peut être déposé dans une nouvelle version.")
            )
        # As for the first submission, the clock is read once the dossier is locked.
        now = now or timezone.now()
        if deadline is not None and now > deadline:
            raise ApplicationError(
                _(
                    "La date limite des nouvelles versions était le %(date)s : "
                    "la nouvelle version ne peut plus être déposée."
                )
                % {"date": when(deadline)}
            )
        missing = missing_items(application)
        if missing:
            raise ApplicationError(_("Le dossier n'est pas complet."), missing)
        content = application_content(application)
        digest = fingerprint(content)
        latest = application.versions.order_by("-number").first()
        if latest is not None and latest.sha256 == digest:
            raise UnchangedVersion(
                _(
                    "Le dossier n'a pas changé depuis la version %(number)s : "
                    "modifiez-le avant de déposer une nouvelle version."
                )
                % {"number": latest.number},
                latest,
            )
        version = ApplicationVersion.objects.create(
            application=application,
            number=(latest.number if latest else 0) + 1,
            content=content,
            sha256=digest,
            submitted_at=now,
            submitted_by=user,
        )
        # The dossier's fingerprint is its latest version's, as on the receipt.
        application.content_sha256 = digest
        application.save(update_fields=["content_sha256", "updated_at"])
        record(
            actor=user,
            action="application.version_submitted",
            obj=application,
            from_value=str(latest.number) if latest else "",
            to_value=str(version.number),
        )
        _queue_version_receipt(application, version)
    return version


def _queue_version_receipt(application: Application, version: ApplicationVersion) -> None:
    from django.urls import reverse

    from essaim.notifications.services import queue_email

    recipients = [
        m.email
        for m in application.team.all()
        if m.email and m.access in (TeamAccess.OWNER, TeamAccess.EDITOR)
    ]
    if not recipients:
        return
    queue_email(
        to=recipients,
        template="version_submitted",
        context={
            "reference": application.reference,
            "title": application.title,
            "call_title": application.call.title,
            "fund_name": application.call.fund.name,
            "version": version.number,
            "submitted_at": version.submitted_at.isoformat(),
            "sha256": version.sha256,
            "path": reverse("portal:application_receipt", kwargs={"pk": application.pk}),
        },
        attachments=[{"kind": "receipt_pdf", "application_id": application.pk}],
    )
