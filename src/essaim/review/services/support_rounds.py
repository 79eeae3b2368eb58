"""Support rounds (appui): shortlisted teams revise their dossier with the fund's feedback.

Opening a round gives each chosen team its written feedback, moves the dossier from
shortlisted to in support (so its team may edit it again) and tells the team by e-mail.
While the round is open the team may submit new versions until the deadline; every version
is kept. Closing the round sends every dossier still in support back to shortlisted.
"""

import datetime as dt

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from essaim.applications.enums import ApplicationState, TeamAccess
from essaim.applications.errors import ApplicationError
from essaim.applications.models import Application, ApplicationVersion
from essaim.applications.services.submission import UnchangedVersion, application_submit_version
from essaim.applications.transitions import TransitionError, transition
from essaim.core.audit import record
from essaim.funds.models import Call
from essaim.notifications.services import queue_email

from ..enums import SupportRoundStatus
from ..models import SupportFeedback, SupportRound

EDITING_ACCESS = (TeamAccess.OWNER, TeamAccess.EDITOR)


class SupportRoundError(Exception):
    """A support-round action the rules refuse; the message is for people."""


def open_round(
    *,
    call: Call,
    title: str,
    message: str,
    deadline: dt.datetime,
    feedbacks: dict[Application, str],
    actor,
    now: dt.datetime | None = None,
) -> SupportRound:
    """Open a round for shortlisted dossiers of `call`, each with its written feedback.

    All or nothing: if one dossier is no longer shortlisted, nothing is opened. E-mails
    leave after the commit.
    """
    now = now or timezone.now()
    title = title.strip()
    if not call.uses_support_stage:
        raise SupportRoundError(_("Cet appel ne prévoit pas d'appui aux équipes."))
    if not title:
        raise SupportRoundError(_("Donnez un intitulé à la session d'appui."))
    if deadline is None or deadline <= now:
        raise SupportRoundError(_("La date limite des nouvelles versions doit être à venir."))
    if not feedbacks:
        raise SupportRoundError(_("Choisissez au moins un dossier présélectionné."))
    texts = {application.pk: text.strip() for application, text in feedbacks.items()}
    with transaction.atomic():
        # Lock the dossiers: a dossier decided meanwhile by a colleague cannot slip in.
        locked = list(
            Application.objects.select_for_update(of=("self",))
            .filter(pk__in=texts)
            .select_related("call__fund")
            .prefetch_related("call__stages", "team")
            .order_by("pk")
        )
        for application in locked:
            if application.call_id != call.pk:
                raise SupportRoundError(_("Un des dossiers choisis n'est pas de cet appel."))
            if application.state != ApplicationState.SHORTLISTED:
                raise SupportRoundError(
                    _("Le dossier %(reference)s n'est plus présélectionné (%(state)s).")
                    % {
                        "reference": application.reference,
                        "state": application.get_state_display(),
                    }
                )
            if not texts[application.pk]:
                raise SupportRoundError(
                    _("Écrivez vos retours à l'équipe du dossier %(reference)s.")
                    % {"reference": application.reference}
                )
        support_round = SupportRound.objects.create(
            call=call,
            title=title,
            message=message.strip(),
            deadline=deadline,
            opened_by=actor,
        )
        latest_versions = _latest_versions([a.pk for a in locked])
        for application in locked:
            SupportFeedback.objects.create(
                round=support_round,
                application=application,
                feedback=texts[application.pk],
                base_version=latest_versions.get(application.pk),
            )
            try:
                transition(application, to=ApplicationState.IN_SUPPORT, actor=actor, reason=title)
            except TransitionError as error:
                raise SupportRoundError(str(error)) from error
        record(
            actor=actor,
            action="support_round.opened",
            obj=support_round,
            to_value=SupportRoundStatus.OPEN,
            data={"applications": [a.pk for a in locked]},
        )
        for application in locked:
            _queue_round_opened(support_round, application, texts[application.pk])
    return support_round


def _latest_versions(application_ids: list[int]) -> dict[int, ApplicationVersion]:
    latest: dict[int, ApplicationVersion] = {}
    for version in ApplicationVersion.objects.filter(application_id__in=application_ids).order_by(
        "application_id", "number"
    ):
        latest[version.application_id] = version
    return latest


def _queue_round_opened(support_round: SupportRound, application: Application, feedback: str):
    # The team members who can act on it: owner and co-applicants with an account.
    recipients = [
        member.email
        for member in application.team.all()
        if member.user_id and member.email and member.access in EDITING_ACCESS
    ]
    if not recipients:
        return
    call = application.call
    queue_email(
        to=recipients,
        template="support_round_opened",
        context={
            "reference": application.reference,
            "title": application.title,
            "call_title": call.title,
            "fund_name": call.fund.name,
            "round_title": support_round.title,
            "message": support_round.message,
            "feedback": feedback,
            "deadline": support_round.deadline.isoformat(),
            "path": reverse("portal:application_detail", kwargs={"pk": application.pk}),
        },
    )


def open_feedback(application: Application) -> SupportFeedback | None:
    """The feedback of the open round this dossier is in, if any."""
    return (
        SupportFeedback.objects.select_related("round", "base_version", "revised_version")
        .filter(application=application, round__status=SupportRoundStatus.OPEN)
        .order_by("-round__created_at")
        .first()
    )


def submit_revision(*, application: Application, user, now: dt.datetime | None = None):
    """The team submits a new version in answer to the open round's feedback.

    Refused after the round's deadline. A second click on the same content returns the
    version just made instead of failing. Raises ApplicationError.
    """
    with transaction.atomic():
        feedback = (
            SupportFeedback.objects.select_for_update(of=("self",))
            .select_related("round")
            .filter(application=application, round__status=SupportRoundStatus.OPEN)
            .order_by("-round__created_at")
            .first()
        )
        if feedback is None:
            raise ApplicationError(_("Aucune session d'appui n'est ouverte pour ce dossier."))
        try:
            version = application_submit_version(
                application_id=application.pk,
                user=user,
                deadline=feedback.round.deadline,
                now=now,
            )
        except UnchangedVersion as error:
            if feedback.revised_version_id == error.version.pk:
                return error.version
            raise
        feedback.revised_version = version
        feedback.save(update_fields=["revised_version", "updated_at"])
    return version


def close_round(*, round: SupportRound, actor) -> SupportRound:
    """Close the round: every dossier still in support goes back to shortlisted."""
    with transaction.atomic():
        locked = SupportRound.objects.select_for_update().get(pk=round.pk)
        if locked.status != SupportRoundStatus.OPEN:
            raise SupportRoundError(_("Cette session d'appui est déjà close."))
        applications = (
            Application.objects.select_for_update(of=("self",))
            .filter(support_feedbacks__round=locked, state=ApplicationState.IN_SUPPORT)
            .select_related("call")
            .prefetch_related("call__stages")
            .order_by("pk")
        )
        for application in applications:
            try:
                transition(
                    application,
                    to=ApplicationState.SHORTLISTED,
                    actor=actor,
                    reason=_("Fin de la session d'appui « %(title)s »") % {"title": locked.title},
                )
            except TransitionError as error:
                raise SupportRoundError(str(error)) from error
        locked.status = SupportRoundStatus.CLOSED
        locked.closed_at = timezone.now()
        locked.save(update_fields=["status", "closed_at", "updated_at"])
        record(
            actor=actor,
            action="support_round.closed",
            obj=locked,
            from_value=SupportRoundStatus.OPEN,
            to_value=SupportRoundStatus.CLOSED,
        )
    round.status = locked.status
    round.closed_at = locked.closed_at
    return locked
