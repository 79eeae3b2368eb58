"""The "dépôt accompagné": the fund's staff enter and submit a dossier for an applicant who
applied on paper, by phone or by e-mail.

The dossier is an ordinary draft (same sections, same completeness rules, same attachment
checks) marked with its channel and the day the fund received it; it is submitted by the
ordinary submission service, so its reference, version, receipt and audit row are those of
an online dossier. The applicant is the dossier's owner: linked to their account when they
have one, otherwise invited by e-mail (the team invitation), and mailed the receipt either
way. The scan of the signed paper support stands for the supervisor's online answer.
"""

import datetime as dt
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from essaim.core.audit import record
from essaim.funds.models import Call
from essaim.territory.models import Organisation

from ..assisted import received_on_problem
from ..enums import (
    ApplicationState,
    AttachmentKind,
    InvitationStatus,
    SubmissionChannel,
    SupportStatus,
    TeamAccess,
)
from ..errors import ApplicationError
from ..models import Application, Attachment, BudgetLine, SupportRequest, TeamMember
from ..sections import SUPPORT, Missing, missing_items
from .attachments import attachment_add
from .organisation import check_organisation_allowed
from .submission import application_submit
from .team import team_invitation_resend

PAPER_SUPPORT_COMMENT = "Soutien signé sur papier ; le scan est joint au dossier."


def _check_channel(channel: str) -> None:
    if channel not in SubmissionChannel.assisted():
        raise ApplicationError(_("Choisissez comment le dossier est parvenu au fonds."))


def _check_received_on(call: Call, received_on: dt.date | None) -> None:
    problem = received_on_problem(call, received_on, today=timezone.localdate())
    if problem:
        raise ApplicationError(problem)


def _check_assisted_draft(application: Application) -> None:
    if not application.is_assisted or application.state != ApplicationState.DRAFT:
        raise ApplicationError(_("Ce dossier n'est pas un dépôt accompagné en cours de saisie."))


def assisted_application_start(
    *,
    call: Call,
    actor,
    channel: str,
    received_on: dt.date | None,
    title: str,
    applicant_name: str,
    applicant_email: str,
    applicant_job_title: str,
) -> Application:
    """Create the draft of a dossier received off line, with the applicant as its owner.

    The received day is checked at once against the call's dates, so that nobody types a
    whole dossier that could not be recorded. An applicant with an account is linked to the
    dossier; one without is sent the team invitation (which creates the account).
    """
    _check_channel(channel)
    _check_received_on(call, received_on)
    email = applicant_email.strip().lower()
    if not email:
        raise ApplicationError(
            _("Indiquez l'adresse e-mail du porteur : le récépissé lui est envoyé.")
        )
    account = get_user_model().objects.filter(email__iexact=email).first()
    with transaction.atomic():
        application = Application(
            call=call,
            created_by=actor,
            title=" ".join(title.split()),
            state=ApplicationState.DRAFT,
            submission_channel=channel,
            received_on=received_on,
            last_saved_at=timezone.now(),
        )
        application.full_clean(exclude=["reference"])
        application.save()
        owner = TeamMember.objects.create(
            application=application,
            user=account,
            full_name=" ".join(applicant_name.split()),
            email=email,
            job_title=" ".join(applicant_job_title.split()),
            project_role=_("Porteur du projet"),
            access=TeamAccess.OWNER,
            invitation_status=InvitationStatus.NONE if account else InvitationStatus.PENDING,
        )
        record(
            actor=actor,
            action="application.created",
            obj=application,
            to_value=email,
            reason=_("Dépôt accompagné (%(channel)s) pour le compte de %(applicant)s")
            % {"channel": SubmissionChannel(channel).label, "applicant": owner.full_name},
            data={"channel": channel, "received_on": received_on.isoformat()},
        )
        if account is None:
            # the team invitation, as for a co-applicant: its link creates the account
            team_invitation_resend(member=owner, actor=actor)
    return application


def assisted_application_save(
    *,
    application: Application,
    actor,
    channel: str,
    received_on: dt.date | None,
    applicant: dict,
    fields: dict,
    title: str,
    organisation: Organisation | None,
    budget_lines: list[tuple[str, Decimal]] | None,
    supervisor: dict | None,
) -> Application:
    """Save everything the staff typed from the paper dossier in one go.

    `applicant` holds full_name / job_title of the owner (their e-mail is fixed at the start:
    the invitation went there); `fields` the dossier's own fields; `budget_lines`, when
    given, replaces the budget; `supervisor` (name, function, email) is the support, which
    counts as confirmed once the signed scan is attached.
    """
    _check_channel(channel)
    with transaction.atomic():
        locked = (
            Application.objects.select_for_update(of=("self",))
            .select_related("call")
            .get(pk=application.pk)
        )
        _check_assisted_draft(locked)
        if received_on != locked.received_on:
            _check_received_on(locked.call, received_on)
        if organisation is not None:
            check_organisation_allowed(locked, organisation)
            locked.organisation = organisation
            locked.organisation_name = organisation.formal_name[:200]
            locked.organisation_type = organisation.kind
            locked.organisation_departement = organisation.departement
        for name, value in fields.items():
            setattr(locked, name, value)
        locked.title = " ".join(title.split())
        locked.submission_channel = channel
        locked.received_on = received_on
        locked.last_saved_at = timezone.now()
        locked.full_clean(exclude=["reference", "created_by", "submitted_on_behalf_by"])
        locked.save()
        TeamMember.objects.filter(application=locked, access=TeamAccess.OWNER).update(
            full_name=" ".join(applicant.get("full_name", "").split()),
            job_title=" ".join(applicant.get("job_title", "").split()),
            updated_at=timezone.now(),
        )
        if budget_lines is not None:
            BudgetLine.objects.filter(application=locked).delete()
            BudgetLine.objects.bulk_create(
                BudgetLine(application=locked, label=label, amount=amount, position=position)
                for position, (label, amount) in enumerate(budget_lines)
            )
        if supervisor is not None:
            _save_supervisor(locked, actor, supervisor)
        record(actor=actor, action="application.assisted_saved", obj=locked)
    return locked


def _save_supervisor(application: Application, actor, supervisor: dict) -> None:
    support = SupportRequest.objects.filter(application=application).first() or SupportRequest(
        application=application
    )
    support.supervisor_name = " ".join(supervisor["name"].split())
    support.supervisor_function = " ".join(supervisor["function"].split())
    support.supervisor_email = supervisor["email"].strip().lower()
    support.full_clean(exclude=["application"])
    support.save()
    _sync_support(application, actor)


def has_signed_scan(application: Application) -> bool:
    return Attachment.objects.filter(
        application=application, kind=AttachmentKind.SIGNED_SUPPORT
    ).exists()


def _sync_support(application: Application, actor) -> None:
    """The support is confirmed by the signed paper: confirmed while its scan is attached,
    pending otherwise. No link is sent to the supervisor, who signed already."""
    support = SupportRequest.objects.filter(application=application).first()
    if support is None:
        return
    confirmed = has_signed_scan(application)
    status = SupportStatus.CONFIRMED if confirmed else SupportStatus.PENDING
    if support.status == status:
        return
    previous = support.status
    support.status = status
    support.responded_at = timezone.now() if confirmed else None
    support.comment = PAPER_SUPPORT_COMMENT if confirmed else ""
    support.save(update_fields=["status", "responded_at", "comment", "updated_at"])
    record(
        actor=actor,
        action="support.answered",
        obj=application,
        from_value=previous,
        to_value=status,
        reason=support.comment,
    )


def assisted_attachment_add(
    *, application: Application, actor, upload, signed_support: bool, description: str = ""
) -> Attachment:
    """Join a file to an assisted draft through the ordinary attachment checks; the signed
    support's scan replaces any earlier one and confirms the support."""
    _check_assisted_draft(application)
    attachment = attachment_add(
        application=application,
        actor=actor,
        upload=upload,
        description=description
        or (str(AttachmentKind.SIGNED_SUPPORT.label) if signed_support else ""),
    )
    if signed_support:
        with transaction.atomic():
            earlier = list(
                Attachment.objects.filter(
                    application=application, kind=AttachmentKind.SIGNED_SUPPORT
                ).exclude(pk=attachment.pk)
            )
            Attachment.objects.filter(pk=attachment.pk).update(kind=AttachmentKind.SIGNED_SUPPORT)
            attachment.kind = AttachmentKind.SIGNED_SUPPORT
            for old in earlier:
                # the newer scan replaces it; demoted, not deleted: staff remove it if wrong
                Attachment.objects.filter(pk=old.pk).update(kind=AttachmentKind.DOCUMENT)
            _sync_support(application, actor)
    return attachment


def assisted_attachment_removed(*, application: Application, actor) -> None:
    """After a file was removed (attachments.attachment_delete): the support is confirmed
    only while a signed scan remains."""
    with transaction.atomic():
        _sync_support(application, actor)


def assisted_missing(application: Application) -> list[Missing]:
    """What is missing before submitting, in the staff's words: the ordinary completeness
    rules, except that the support is the signed paper (its signatory and its scan) rather
    than an answer to a link."""
    items = [item for item in missing_items(application) if item.section != SUPPORT.slug]
    if application.call.requires_hierarchical_support:
        if getattr(application, "support_request", None) is None:
            items.append(
                Missing(
                    SUPPORT.slug,
                    _("Indiquez la personne qui a signé le soutien hiérarchique."),
                    "supervisor_name",
                )
            )
        if not has_signed_scan(application):
            items.append(
                Missing(SUPPORT.slug, _("Joignez le scan du soutien hiérarchique signé."), "scan")
            )
    return items


def assisted_application_submit(*, application: Application, actor) -> Application:
    """Submit the assisted draft through the ordinary submission service, judged on the day
    the fund received it. Raises ApplicationError (with what is missing)."""
    # Judged on the dossier as stored, not on the caller's copy.
    application = (
        Application.objects.select_related("call__fund", "theme", "support_request")
        .prefetch_related("team", "budget_lines", "attachments", "call__stages")
        .get(pk=application.pk)
    )
    _check_assisted_draft(application)
    missing = assisted_missing(application)
    if missing:
        raise ApplicationError(_("Le dossier n'est pas complet."), missing)
    return application_submit(
        application_id=application.pk,
        user=actor,
        channel=application.submission_channel,
        received_on=application.received_on,
    )
