"""Rules of the "dépôt accompagné" shared by the submission service, the assisted-submission
service and its forms: which day a dossier received off line counts as, and how the audit
says who submitted it for whom.

A paper dossier is judged on the day the fund received it (the postmark), not on the day
the staff types it in: a dossier posted on the closing day and entered a week later is on
time; one received after the closing day is not, whoever enters it. The closing day itself
is accepted whatever the closing hour, since a postmark carries no time.
"""

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext as _

from essaim.core.formatting import day, when
from essaim.funds.models import Call

from .enums import SubmissionChannel, TeamAccess
from .models import Application


def received_on_problem(call: Call, received_on: dt.date | None, *, today: dt.date) -> str | None:
    """Why a dossier received off line on `received_on` cannot be recorded, or None."""
    if received_on is None:
        return _("Indiquez la date à laquelle le fonds a reçu le dossier (cachet de la poste).")
    if received_on > today:
        return _("La date de réception ne peut pas être dans le futur : indiquez une date passée.")
    closing_day = timezone.localtime(call.closes_at).date()
    if received_on > closing_day:
        return _(
            "Le dossier a été reçu le %(received)s, après la clôture de l'appel (%(closes)s) : "
            "il ne peut pas être enregistré. Seuls les dossiers reçus ou postés au plus tard "
            "le %(last_day)s peuvent l'être."
        ) % {
            "received": day(received_on),
            "closes": when(call.closes_at),
            "last_day": day(closing_day),
        }
    if received_on < timezone.localtime(call.opens_at).date():
        return _(
            "Le dossier a été reçu le %(received)s, avant l'ouverture de l'appel (%(opens)s) : "
            "vérifiez la date."
        ) % {"received": day(received_on), "opens": when(call.opens_at)}
    return None


def applicant_of(application: Application):
    """The team member who carries the dossier (its owner), or None."""
    return next((m for m in application.team.all() if m.access == TeamAccess.OWNER), None)


def on_behalf_reason(application: Application, actor) -> str:
    """The audit's words: "Déposé par X pour le compte de Y (papier, reçu le 3 juin 2024)"."""
    applicant = applicant_of(application)
    if applicant is not None:
        behalf = (
            f"{applicant.full_name} <{applicant.email}>" if applicant.email else applicant.full_name
        )
    else:
        behalf = application.organisation_name or "—"
    return _(
        "Déposé par %(staff)s pour le compte de %(applicant)s (%(channel)s, reçu le %(date)s)"
    ) % {
        "staff": getattr(actor, "full_name", "") or str(actor),
        "applicant": behalf,
        "channel": SubmissionChannel(application.submission_channel).label,
        "date": day(application.received_on) if application.received_on else "—",
    }
