"""Reading the audit trail in French in the back-office."""

from datetime import datetime

from django import template
from django.utils.translation import gettext_lazy as _

from essaim.applications.enums import ApplicationState
from essaim.core.templatetags.essaim import when

register = template.Library()

ACTION_LABELS = {
    "application.created": _("Dossier créé"),
    "application.state": _("Changement d'état"),
    "team.added": _("Personne ajoutée à l'équipe"),
    "team.removed": _("Personne retirée de l'équipe"),
    "team.invitation_accepted": _("Invitation acceptée"),
    "fund.created": _("Fonds créé"),
    "fund.updated": _("Fonds modifié"),
    "call.created": _("Appel créé"),
    "call.updated": _("Appel modifié"),
    "call.deadline_extended": _("Clôture prolongée"),
    "call.exported": _("Dossiers exportés"),
    # the audit journal's kinds (backoffice/views/audit_log.py)
    "decision.recorded": _("Décision enregistrée"),
    "review.submitted": _("Évaluation rendue"),
    "attachment.added": _("Pièce jointe ajoutée"),
    "attachment.deleted": _("Pièce jointe retirée"),
    "sign_in": _("Connexion"),
    "sign_in.failed": _("Échec de connexion"),
    "export": _("Export"),
    "ranking.exported": _("Classement exporté"),
    "statistics.exported": _("Statistiques exportées"),
    "reuse_stats.exported": _("Statistiques de réutilisation exportées"),
    "jury.minutes_exported": _("Procès-verbal du jury téléchargé"),
    "engagement.pdf_exported": _("Convention téléchargée"),
    "audit_log.exported": _("Journal d'audit exporté"),
    "innovation.published": _("Fiche innovation publiée"),
    "innovation.unpublished": _("Fiche innovation retirée"),
}


@register.filter
def action_label(action: str) -> str:
    return str(ACTION_LABELS.get(action, action))


def _readable(event, value: str) -> str:
    if not value:
        return ""
    if event.action in ("application.state", "decision.recorded"):
        try:
            return str(ApplicationState(value).label)
        except ValueError:
            return value
    if event.action == "call.deadline_extended":
        return iso_when(value)
    return value


@register.filter
def audit_from(event) -> str:
    """The event's "before" value in words: a state's French label, a date in French."""
    return _readable(event, event.from_value)


@register.filter
def audit_to(event) -> str:
    return _readable(event, event.to_value)


@register.filter
def audit_actor(event) -> str:
    if event.actor is not None:
        return str(event.actor)
    return event.actor_label


@register.filter
def iso_when(value: str) -> str:
    """An ISO 8601 time kept in the audit trail, as '24 mai 2024 à 12 h 00' (Paris)."""
    try:
        return when(datetime.fromisoformat(value))
    except (TypeError, ValueError):
        return value or ""
