from django.db import models
from django.utils.translation import gettext_lazy as _

from essaim.applications.enums import ApplicationState


class ReviewStageKind(models.TextChoices):
    """The stages at which people score dossiers; values match funds.enums.StageKind."""

    FIRST_SELECTION = "first_selection", _("Première sélection")
    EXPERT_REVIEW = "expert_review", _("Expertise")
    JURY = "jury", _("Jury")


class OtherReviewsVisibility(models.TextChoices):
    NEVER = "never", _("Jamais")
    AFTER_OWN = "after_own", _("Après avoir rendu son évaluation")
    ALWAYS = "always", _("Toujours")


class ReviewStatus(models.TextChoices):
    DRAFT = "draft", _("Brouillon")
    SUBMITTED = "submitted", _("Rendue")


class ConflictSource(models.TextChoices):
    DECLARED = "declared", _("Déclaré par l'évaluateur")
    DETECTED = "detected", _("Détecté par la plateforme")


class ConflictStatus(models.TextChoices):
    SUSPECTED = "suspected", _("À vérifier")
    CONFIRMED = "confirmed", _("Confirmé")
    CLEARED = "cleared", _("Écarté")


class ConflictReason(models.TextChoices):
    DECLARED = "declared", _("Déclaration de l'évaluateur")
    SAME_ORGANISATION = "same_organisation", _("Même organisme")
    SAME_DEPARTEMENT = "same_departement", _("Même département")
    TEAM_MEMBER = "team_member", _("Membre de l'équipe du projet")


class DecisionKind(models.TextChoices):
    ELIGIBILITY = "eligibility", _("Recevabilité")
    SHORTLIST = "shortlist", _("Première sélection")
    JURY = "jury", _("Jury")


# The outcome a decision of each kind may record: the application's target state.
DECISION_OUTCOMES = {
    DecisionKind.ELIGIBILITY: [ApplicationState.ELIGIBLE, ApplicationState.INELIGIBLE],
    DecisionKind.SHORTLIST: [ApplicationState.SHORTLISTED, ApplicationState.NOT_SHORTLISTED],
    DecisionKind.JURY: [
        ApplicationState.LAUREATE,
        ApplicationState.WAITLISTED,
        ApplicationState.NOT_SELECTED,
    ],
}


class SupportRoundStatus(models.TextChoices):
    OPEN = "open", _("Ouverte")
    CLOSED = "closed", _("Close")


class JurySessionStatus(models.TextChoices):
    PLANNED = "planned", _("Prévue")
    HELD = "held", _("Tenue")


class MailingStatus(models.TextChoices):
    DRAFT = "draft", _("En préparation")
    CONFIRMED = "confirmed", _("Envoi confirmé")


class DeliveryStatus(models.TextChoices):
    QUEUED = "queued", _("En file d'attente")
    SENT = "sent", _("Envoyé")
    FAILED = "failed", _("Échec")
