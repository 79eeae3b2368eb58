"""The audit trail in French words: each action code's label, and the codes kept as "from"
and "to" values (states, statuses, dates, amounts) read back as their labels.

Every action code written by `core.audit.record` has a label here:
tests/backoffice/test_audit_labels.py reads the code and fails on a new one without it.
"""

from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from django.db import models
from django.utils.translation import gettext_lazy as _

from essaim.accompaniment.enums import (
    EngagementStatus,
    MilestoneStatus,
    PhaseStatus,
    ReportStatus,
)
from essaim.applications.enums import ApplicationState, InvitationStatus
from essaim.catalogue.enums import ReuseStatus
from essaim.core.formatting import day, euros, when
from essaim.funds.enums import InvitationState
from essaim.review.enums import (
    ConflictStatus,
    JurySessionStatus,
    ReviewStatus,
    SupportRoundStatus,
)

ACTION_LABELS = {
    # dossiers
    "application.created": _("Dossier créé"),
    "application.state": _("Changement d'état"),
    "application.assisted_saved": _("Dossier saisi pour le porteur"),
    "application.version_submitted": _("Nouvelle version déposée"),
    "application.anonymised": _("Dossier anonymisé"),
    "team.added": _("Personne ajoutée à l'équipe"),
    "team.removed": _("Personne retirée de l'équipe"),
    "team.invitation_accepted": _("Invitation acceptée"),
    "attachment.added": _("Pièce jointe ajoutée"),
    "attachment.deleted": _("Pièce jointe retirée"),
    "support.requested": _("Soutien hiérarchique demandé"),
    "support.answered": _("Soutien hiérarchique répondu"),
    "message.posted": _("Message envoyé"),
    # funds and calls
    "fund.created": _("Fonds créé"),
    "fund.updated": _("Fonds modifié"),
    "call.created": _("Appel créé"),
    "call.updated": _("Appel modifié"),
    "call.deadline_extended": _("Clôture prolongée"),
    "call.exported": _("Dossiers exportés"),
    "call.results_published": _("Résultats publiés"),
    "call.results_unpublished": _("Résultats dépubliés"),
    # selection
    "decision.recorded": _("Décision enregistrée"),
    "review_stage.created": _("Étape d'évaluation créée"),
    "review_stage.updated": _("Étape d'évaluation modifiée"),
    "review_stage.deleted": _("Étape d'évaluation supprimée"),
    "criterion.added": _("Critère ajouté"),
    "criterion.updated": _("Critère modifié"),
    "criterion.moved": _("Critère déplacé"),
    "criterion.deleted": _("Critère supprimé"),
    "assignment.added": _("Dossier affecté"),
    "assignment.automatic": _("Affectation automatique"),
    "assignment.removed": _("Affectation retirée"),
    "review.submitted": _("Évaluation rendue"),
    "conflict.declared": _("Conflit d'intérêts déclaré"),
    "conflict.detected": _("Conflit d'intérêts détecté"),
    "conflict.confirmed": _("Conflit d'intérêts confirmé"),
    "conflict.cleared": _("Conflit d'intérêts écarté"),
    "invitation.sent": _("Invitation envoyée"),
    "invitation.resent": _("Invitation renvoyée"),
    "invitation.revoked": _("Invitation annulée"),
    "invitation.accepted": _("Invitation acceptée"),
    "support_round.opened": _("Appui aux présélectionnés ouvert"),
    "support_round.closed": _("Appui aux présélectionnés clos"),
    "jury.session_created": _("Séance du jury créée"),
    "jury.session_updated": _("Séance du jury modifiée"),
    "jury.members_set": _("Membres du jury choisis"),
    "jury.items_set": _("Dossiers de la séance choisis"),
    "jury.attendance": _("Présences au jury notées"),
    "jury.abstentions": _("Déports au jury notés"),
    "jury.session_held": _("Séance du jury close"),
    "jury.minutes_exported": _("Procès-verbal du jury téléchargé"),
    "mail_template.saved": _("Modèle de message enregistré"),
    "mailing.prepared": _("Envoi des décisions préparé"),
    "mailing.confirmed": _("Envoi des décisions confirmé"),
    "mailing.discarded": _("Envoi des décisions abandonné"),
    "ranking.exported": _("Classement exporté"),
    # engagement and accompaniment
    "engagement.created": _("Engagement préparé"),
    "engagement.updated": _("Engagement modifié"),
    "engagement.signed_fund": _("Engagement signé par le fonds"),
    "engagement.signed_team": _("Engagement signé par l'équipe"),
    "engagement.in_force": _("Engagement en vigueur"),
    "engagement.amendment_created": _("Avenant préparé"),
    "engagement.superseded": _("Engagement remplacé par un avenant"),
    "engagement.tranche_paid": _("Versement enregistré"),
    "engagement.pdf_exported": _("Convention téléchargée"),
    "accompaniment.template_default": _("Modèle d'accompagnement par défaut appliqué"),
    "accompaniment.phase_template_added": _("Phase ajoutée au modèle"),
    "accompaniment.phase_template_changed": _("Phase du modèle modifiée"),
    "accompaniment.phase_template_moved": _("Phase du modèle déplacée"),
    "accompaniment.phase_template_removed": _("Phase retirée du modèle"),
    "accompaniment.cohort_created": _("Cohorte créée"),
    "accompaniment.cohort_changed": _("Cohorte modifiée"),
    "accompaniment.started": _("Accompagnement commencé"),
    "accompaniment.changed": _("Accompagnement modifié"),
    "accompaniment.finished": _("Accompagnement terminé"),
    "accompaniment.phase_started": _("Phase commencée"),
    "accompaniment.phase_completed": _("Phase terminée"),
    "accompaniment.milestone_added": _("Jalon ajouté"),
    "accompaniment.milestone_edited": _("Jalon modifié"),
    "accompaniment.milestone_status": _("État d'un jalon changé"),
    "milestone.late": _("Jalon en retard"),
    "workspace.journal_added": _("Note ajoutée au journal"),
    "workspace.document_added": _("Document ajouté"),
    "workspace.document_removed": _("Document retiré"),
    "evaluation.report_submitted": _("Rapport d'évaluation rendu"),
    # catalogue
    "innovation.created": _("Fiche innovation créée"),
    "innovation.updated": _("Fiche innovation modifiée"),
    "innovation.published": _("Fiche innovation publiée"),
    "innovation.unpublished": _("Fiche innovation retirée"),
    "innovation.resource_added": _("Ressource ajoutée à une fiche"),
    "innovation.resource_deleted": _("Ressource retirée d'une fiche"),
    "news.created": _("Actualité créée"),
    "news.published": _("Actualité publiée"),
    "testimonial.created": _("Témoignage créé"),
    "testimonial.published": _("Témoignage publié"),
    "reuse.declared": _("Réutilisation déclarée"),
    "reuse.confirmed": _("Réutilisation confirmée"),
    "reuse.status_changed": _("Suivi d'une réutilisation"),
    "reuse.message_posted": _("Message sur une réutilisation"),
    "reuse_stats.exported": _("Statistiques de réutilisation exportées"),
    # referential
    "organisation.added": _("Organisme ajouté"),
    "organisation.merged": _("Organismes fusionnés"),
    # accounts and data
    "sign_in": _("Connexion"),
    "sign_in.failed": _("Échec de connexion"),
    "account.two_factor_enabled": _("Double authentification activée"),
    "account.two_factor_disabled": _("Double authentification désactivée"),
    "account.deleted": _("Compte supprimé"),
    "personal_data.exported": _("Données personnelles téléchargées"),
    "export": _("Export"),
    "import": _("Import"),
    "import.checked": _("Fichier d'import vérifié"),
    "statistics.exported": _("Statistiques exportées"),
    "audit_log.exported": _("Journal d'audit exporté"),
}

# who wrote a message, kept as the "to" value of message rows
_AUTHOR_SIDES = {
    "staff": _("L'équipe du fonds"),
    "team": _("L'équipe du projet"),
    "reuser": _("L'organisme intéressé"),
}
_PUBLICATION = {"published": _("Publiée"), "unpublished": _("Non publiée")}


def _choices(enum: type[models.TextChoices]) -> dict[str, str]:
    return dict(enum.choices)


# the action's prefix (or whole code) → the words of the codes it keeps as values
_VALUE_WORDS: dict[str, dict[str, str]] = {
    "application.state": _choices(ApplicationState),
    "decision.recorded": _choices(ApplicationState),
    "mailing.prepared": _choices(ApplicationState),
    "reuse.declared": _choices(ReuseStatus),
    "reuse.status_changed": _choices(ReuseStatus),
    "innovation.": _PUBLICATION,
    "engagement.created": _choices(EngagementStatus),
    "engagement.amendment_created": _choices(EngagementStatus),
    "engagement.in_force": _choices(EngagementStatus),
    "engagement.superseded": _choices(EngagementStatus),
    "accompaniment.phase_started": _choices(PhaseStatus),
    "accompaniment.phase_completed": _choices(PhaseStatus),
    "accompaniment.milestone_status": _choices(MilestoneStatus),
    "milestone.late": _choices(MilestoneStatus),
    "evaluation.": _choices(ReportStatus),
    "review.submitted": _choices(ReviewStatus),
    "conflict.": _choices(ConflictStatus),
    "invitation.accepted": {**_choices(InvitationStatus), **_choices(InvitationState)},
    "invitation.revoked": _choices(InvitationState),
    "team.": _choices(InvitationStatus),
    "support_round.": _choices(SupportRoundStatus),
    "jury.session_held": _choices(JurySessionStatus),
    "message.posted": _AUTHOR_SIDES,
    "reuse.message_posted": _AUTHOR_SIDES,
}
_DATES = {"accompaniment.started", "accompaniment.finished"}
_TIMES = {"call.deadline_extended", "call.results_published", "call.results_unpublished"}
_AMOUNTS = {"engagement.tranche_paid"}


def action_label(action: str) -> str:
    return str(ACTION_LABELS.get(action, action))


def _words_for(action: str) -> dict[str, str] | None:
    if action in _VALUE_WORDS:
        return _VALUE_WORDS[action]
    for prefix, words in _VALUE_WORDS.items():
        if prefix.endswith(".") and action.startswith(prefix):
            return words
    return None


def readable_value(action: str, value: str) -> str:
    """A value kept by an audit row, in words: a state's label, a date, an amount."""
    if not value:
        return ""
    words = _words_for(action)
    if words is not None:
        return str(words.get(value, value))
    try:
        if action in _TIMES:
            return when(datetime.fromisoformat(value))
        if action in _DATES:
            return day(date.fromisoformat(value))
        if action in _AMOUNTS:
            return euros(Decimal(value))
    except (TypeError, ValueError, InvalidOperation):
        return value
    return value
