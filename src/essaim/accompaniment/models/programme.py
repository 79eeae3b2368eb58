"""How a call accompanies its laureates: the phases of its template, its cohorts, and for
each laureate its accompaniment (cohort, coach, evaluator), phases and milestones."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from essaim.applications.models import Application
from essaim.core.models import TimeStampedModel
from essaim.funds.models import Call

from ..enums import MilestoneStatus, PhaseStatus


class PhaseTemplate(models.Model):
    """One phase of the call's accompaniment template, copied to each laureate's timeline."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="phase_templates")
    position = models.PositiveSmallIntegerField(_("ordre"), default=0)
    name = models.CharField(_("phase"), max_length=200)
    default_weeks = models.PositiveSmallIntegerField(_("durée prévue (semaines)"), default=4)
    # one expected deliverable per line
    deliverables = models.TextField(_("livrables attendus"), blank=True)

    class Meta:
        verbose_name = _("phase du modèle d'accompagnement")
        verbose_name_plural = _("phases du modèle d'accompagnement")
        ordering = ["call", "position", "id"]

    def __str__(self) -> str:
        return self.name

    @property
    def deliverable_list(self) -> list[str]:
        return [line.strip() for line in self.deliverables.splitlines() if line.strip()]


class Cohort(TimeStampedModel):
    """Laureates accompanied in the same time window (e.g. March–May)."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="cohorts")
    name = models.CharField(_("nom"), max_length=100)
    starts_on = models.DateField(_("début"))
    ends_on = models.DateField(_("fin"))

    class Meta:
        verbose_name = _("cohorte")
        verbose_name_plural = _("cohortes")
        ordering = ["call", "starts_on", "id"]

    def __str__(self) -> str:
        return self.name


class Accompaniment(TimeStampedModel):
    """A laureate's accompaniment: its cohort, its coach, its independent evaluator."""

    application = models.OneToOneField(
        Application, on_delete=models.CASCADE, related_name="accompaniment"
    )
    cohort = models.ForeignKey(
        Cohort,
        verbose_name=_("cohorte"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="accompaniments",
    )
    coach = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("accompagnant"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="coached_accompaniments",
    )
    evaluator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("évaluateur"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="evaluated_accompaniments",
    )
    started_on = models.DateField(_("début de l'accompagnement"), null=True, blank=True)
    ended_on = models.DateField(_("fin de l'accompagnement"), null=True, blank=True)

    class Meta:
        verbose_name = _("accompagnement")
        verbose_name_plural = _("accompagnements")
        ordering = ["application"]

    def __str__(self) -> str:
        return str(self.application)


class Phase(models.Model):
    accompaniment = models.ForeignKey(
        Accompaniment, on_delete=models.CASCADE, related_name="phases"
    )
    template = models.ForeignKey(
        PhaseTemplate, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    position = models.PositiveSmallIntegerField(_("ordre"), default=0)
    name = models.CharField(_("phase"), max_length=200)
    deliverables = models.TextField(_("livrables attendus"), blank=True)
    status = models.CharField(
        _("état"), max_length=20, choices=PhaseStatus.choices, default=PhaseStatus.PLANNED
    )
    planned_start = models.DateField(_("début prévu"), null=True, blank=True)
    planned_end = models.DateField(_("fin prévue"), null=True, blank=True)
    actual_start = models.DateField(_("début réel"), null=True, blank=True)
    actual_end = models.DateField(_("fin réelle"), null=True, blank=True)

    class Meta:
        verbose_name = _("phase")
        verbose_name_plural = _("phases")
        ordering = ["accompaniment", "position", "id"]

    def __str__(self) -> str:
        return self.name

    @property
    def deliverable_list(self) -> list[str]:
        return [line.strip() for line in self.deliverables.splitlines() if line.strip()]


class Milestone(TimeStampedModel):
    accompaniment = models.ForeignKey(
        Accompaniment, on_delete=models.CASCADE, related_name="milestones"
    )
    phase = models.ForeignKey(
        Phase,
        verbose_name=_("phase"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="milestones",
    )
    title = models.CharField(_("jalon"), max_length=200)
    description = models.TextField(_("précisions"), blank=True)
    due_on = models.DateField(_("échéance"))
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("responsable"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="owned_milestones",
    )
    status = models.CharField(
        _("état"), max_length=20, choices=MilestoneStatus.choices, default=MilestoneStatus.UPCOMING
    )
    achieved_on = models.DateField(_("atteint le"), null=True, blank=True)

    class Meta:
        verbose_name = _("jalon")
        verbose_name_plural = _("jalons")
        ordering = ["accompaniment", "due_on", "id"]
        indexes = [
            # the daily task: open milestones due before a day
            models.Index(fields=["status", "due_on"]),
        ]

    def __str__(self) -> str:
        return self.title


class MilestoneReminder(models.Model):
    """One reminder sent about one milestone for one due date: the unique key is what makes
    the daily task send nothing twice, even when it runs twice or concurrently."""

    milestone = models.ForeignKey(Milestone, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(max_length=20)  # "due_soon" or "late"
    due_on = models.DateField()
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("rappel de jalon")
        verbose_name_plural = _("rappels de jalon")
        constraints = [
            models.UniqueConstraint(
                fields=["milestone", "kind", "due_on"], name="one_reminder_per_due_date"
            )
        ]

    def __str__(self) -> str:
        return f"{self.milestone} — {self.kind} ({self.due_on})"


def document_path(instance: "Document", filename: str) -> str:
    # The stored name never reuses the uploaded one: no path tricks, no collisions.
    return f"accompaniment/{instance.accompaniment_id}/{uuid.uuid4().hex}"


class Document(TimeStampedModel):
    """A file or a link in a laureate's workspace: a deliverable of a phase, or the evidence
    of a milestone."""

    accompaniment = models.ForeignKey(
        Accompaniment, on_delete=models.CASCADE, related_name="documents"
    )
    phase = models.ForeignKey(
        Phase, on_delete=models.SET_NULL, null=True, blank=True, related_name="documents"
    )
    milestone = models.ForeignKey(
        Milestone, on_delete=models.SET_NULL, null=True, blank=True, related_name="evidence"
    )
    title = models.CharField(_("titre"), max_length=200)
    file = models.FileField(upload_to=document_path, max_length=200, blank=True)
    original_name = models.CharField(_("nom du fichier"), max_length=200, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    size = models.PositiveIntegerField(null=True, blank=True)
    url = models.URLField(_("lien"), blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["accompaniment", "-created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(file="") | ~models.Q(url=""), name="document_file_or_link"
            )
        ]

    def __str__(self) -> str:
        return self.title


class JournalEntry(TimeStampedModel):
    accompaniment = models.ForeignKey(
        Accompaniment, on_delete=models.CASCADE, related_name="journal"
    )
    phase = models.ForeignKey(
        Phase, on_delete=models.SET_NULL, null=True, blank=True, related_name="journal"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    body = models.TextField(_("note"))

    class Meta:
        verbose_name = _("note du journal")
        verbose_name_plural = _("notes du journal")
        ordering = ["accompaniment", "-created_at", "id"]
