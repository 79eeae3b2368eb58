from django.db import models
from django.utils.translation import gettext_lazy as _


class FundRole(models.TextChoices):
    STAFF = "staff", _("Équipe du fonds")
    REVIEWER = "reviewer", _("Expert")
    JUROR = "juror", _("Membre du jury")
    COACH = "coach", _("Accompagnant")
    EVALUATOR = "evaluator", _("Évaluateur")


class SupportKind(models.TextChoices):
    ACCOMPANIMENT = "accompaniment", _("Accompagnement (mécénat de compétences)")
    FUNDING = "funding", _("Financement")


class StageKind(models.TextChoices):
    """The steps a call may use, in their natural order. A call lists the ones it uses."""

    APPLICATION = "application", _("Dépôt des candidatures")
    ELIGIBILITY = "eligibility", _("Examen de la recevabilité")
    FIRST_SELECTION = "first_selection", _("Première sélection")
    SUPPORT = "support", _("Appui aux équipes présélectionnées")
    EXPERT_REVIEW = "expert_review", _("Expertise")
    JURY = "jury", _("Jury")
    RESULTS = "results", _("Annonce des résultats")
    ACCOMPANIMENT = "accompaniment", _("Accompagnement des lauréats")
    DEPLOYMENT = "deployment", _("Déploiement et essaimage")


class CallStatus(models.TextChoices):
    DRAFT = "draft", _("Brouillon")
    UPCOMING = "upcoming", _("À venir")
    OPEN = "open", _("Ouvert")
    CLOSED = "closed", _("Clos")


class InvitationState(models.TextChoices):
    PENDING = "pending", _("En attente")
    ACCEPTED = "accepted", _("Acceptée")
    REVOKED = "revoked", _("Annulée")
