from django.db import models
from django.utils.translation import gettext_lazy as _


class EngagementStatus(models.TextChoices):
    DRAFT = "draft", _("En préparation")
    SIGNED = "signed", _("Signé")
    SUPERSEDED = "superseded", _("Remplacé par un avenant")


class SignatureSide(models.TextChoices):
    FUND = "fund", _("Pour le fonds")
    TEAM = "team", _("Pour l'équipe lauréate")


class PhaseStatus(models.TextChoices):
    PLANNED = "planned", _("À venir")
    IN_PROGRESS = "in_progress", _("En cours")
    DONE = "done", _("Terminée")


class MilestoneStatus(models.TextChoices):
    UPCOMING = "upcoming", _("À venir")
    IN_PROGRESS = "in_progress", _("En cours")
    ACHIEVED = "achieved", _("Atteint")
    LATE = "late", _("En retard")
    ABANDONED = "abandoned", _("Abandonné")


# Milestones still expected: the daily task looks at these for lateness and reminders.
OPEN_MILESTONE_STATUSES = (
    MilestoneStatus.UPCOMING,
    MilestoneStatus.IN_PROGRESS,
    MilestoneStatus.LATE,
)


class EvaluationMoment(models.TextChoices):
    MID_COURSE = "mid_course", _("À mi-parcours")
    FINAL = "final", _("Finale")

    @property
    def report_title(self) -> str:
        # a title of its own: "Rapport" + the label would read "Rapport finale"
        return str(_REPORT_TITLES[self.value])


_REPORT_TITLES = {
    "mid_course": _("Rapport à mi-parcours"),
    "final": _("Rapport final"),
}


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("Brouillon")
    SUBMITTED = "submitted", _("Remis")
