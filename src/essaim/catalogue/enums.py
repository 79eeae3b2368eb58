from django.db import models
from django.utils.translation import gettext_lazy as _


class Topic(models.TextChoices):
    """The catalogue's themes: one list across funds and calls, so that a facet means the
    same everywhere (a call's own themes stay on the dossier)."""

    RECEPTION = "reception", _("Accueil et relation aux usagers")
    WORK = "work", _("Conditions de travail et management")
    SKILLS = "skills", _("Compétences et recrutement")
    DIGITAL = "digital", _("Numérique et simplification")
    ENVIRONMENT = "environment", _("Transition écologique")
    LIVING = "living", _("Cadre de vie et centre-bourg")
    SOCIAL = "social", _("Action sociale et solidarités")
    YOUTH = "youth", _("Éducation, enfance et jeunesse")
    CULTURE = "culture", _("Culture, sport et vie associative")
    HEALTH = "health", _("Santé et autonomie")
    SAFETY = "safety", _("Sécurité et prévention")
    OTHER = "other", _("Autre")


class Licence(models.TextChoices):
    OPEN_LICENCE_2 = "lo-2.0", _("Licence Ouverte 2.0 (Etalab)")
    CC_BY_4 = "cc-by-4.0", _("Creative Commons BY 4.0")
    CC_BY_SA_4 = "cc-by-sa-4.0", _("Creative Commons BY-SA 4.0")
    ALL_RIGHTS = "all-rights", _("Tous droits réservés")


class ResourceKind(models.TextChoices):
    GUIDE = "guide", _("Guide")
    TEMPLATE = "template", _("Modèle à réutiliser")
    PHOTO = "photo", _("Photo")
    OTHER = "other", _("Autre document")


class NewsKind(models.TextChoices):
    CALL = "call", _("Appel à projets")
    STORY = "story", _("Histoire de lauréat")
    RESULTS = "results", _("Résultats")
    OTHER = "other", _("Actualité")


class ReuseStatus(models.TextChoices):
    INTERESTED = "interested", _("Intéressé")
    IN_CONTACT = "in_contact", _("En contact")
    ADAPTING = "adapting", _("En adaptation")
    DEPLOYED = "deployed", _("Déployé")
    ABANDONED = "abandoned", _("Abandonné")
