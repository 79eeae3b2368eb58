from django.db import models
from django.utils.translation import gettext_lazy as _


class ApplicationState(models.TextChoices):
    DRAFT = "draft", _("Brouillon")
    SUBMITTED = "submitted", _("Déposé")
    ELIGIBLE = "eligible", _("Recevable")
    INELIGIBLE = "ineligible", _("Non recevable")
    SHORTLISTED = "shortlisted", _("Présélectionné")
    NOT_SHORTLISTED = "not_shortlisted", _("Non présélectionné")
    IN_SUPPORT = "in_support", _("En appui")
    LAUREATE = "laureate", _("Lauréat")
    WAITLISTED = "waitlisted", _("Sur liste d'attente")
    NOT_SELECTED = "not_selected", _("Non retenu")
    IN_ACCOMPANIMENT = "in_accompaniment", _("En accompagnement")
    ACCOMPANIED = "accompanied", _("Accompagné")
    WITHDRAWN = "withdrawn", _("Retiré")

    @classmethod
    def before_decision(cls) -> list[str]:
        """States from which the team may still withdraw."""
        return [cls.DRAFT, cls.SUBMITTED, cls.ELIGIBLE, cls.SHORTLISTED, cls.IN_SUPPORT]

    @classmethod
    def declared_eligible(cls) -> list[str]:
        """States only a dossier declared recevable reaches (a withdrawn one is left out: its
        state does not say where it stopped)."""
        return [
            cls.ELIGIBLE,
            cls.SHORTLISTED,
            cls.NOT_SHORTLISTED,
            cls.IN_SUPPORT,
            cls.LAUREATE,
            cls.WAITLISTED,
            cls.NOT_SELECTED,
            cls.IN_ACCOMPANIMENT,
            cls.ACCOMPANIED,
        ]

    @classmethod
    def selected(cls) -> list[str]:
        return [cls.LAUREATE, cls.IN_ACCOMPANIMENT, cls.ACCOMPANIED]


class Maturity(models.TextChoices):
    IDEA = "idea", _("Une idée à construire")
    READY = "ready", _("Prêt à être lancé")
    UNDER_WAY = "under_way", _("Déjà engagé")


class TeamAccess(models.TextChoices):
    OWNER = "owner", _("Porteur du dossier")
    EDITOR = "editor", _("Co-porteur (peut modifier)")
    LISTED = "listed", _("Membre de l'équipe")


class InvitationStatus(models.TextChoices):
    NONE = "none", _("Sans compte")
    PENDING = "pending", _("Invitation envoyée")
    ACCEPTED = "accepted", _("Invitation acceptée")


class SupportStatus(models.TextChoices):
    PENDING = "pending", _("En attente de réponse")
    CONFIRMED = "confirmed", _("Soutien confirmé")
    DECLINED = "declined", _("Soutien refusé")


class SectionStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Non commencé")
    IN_PROGRESS = "in_progress", _("En cours")
    DONE = "done", _("Terminé")


class SubmissionChannel(models.TextChoices):
    """How the dossier reached the fund. Anything but ONLINE was entered by the fund's staff
    for the applicant ("dépôt accompagné")."""

    ONLINE = "online", _("en ligne")
    PAPER = "paper", _("papier")
    PHONE = "phone", _("téléphone")
    EMAIL = "email", _("courriel")

    @classmethod
    def assisted(cls) -> list[str]:
        return [cls.PAPER, cls.PHONE, cls.EMAIL]


class AttachmentKind(models.TextChoices):
    DOCUMENT = "document", _("Pièce jointe")
    SIGNED_SUPPORT = "signed_support", _("Soutien signé (scan)")
