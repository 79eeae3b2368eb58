from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from essaim.applications.models import Application
from essaim.core.models import TimeStampedModel

from ..enums import ConflictReason, ConflictSource, ConflictStatus, ReviewStatus
from .stages import Criterion, ReviewStage


class Assignment(TimeStampedModel):
    """A dossier given to a reviewer at a stage. Never made while a conflict stands."""

    stage = models.ForeignKey(ReviewStage, on_delete=models.CASCADE, related_name="assignments")
    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="assignments"
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="assignments"
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    is_automatic = models.BooleanField(_("affectation automatique"), default=False)

    class Meta:
        verbose_name = _("affectation")
        verbose_name_plural = _("affectations")
        ordering = ["stage", "application", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["stage", "application", "reviewer"], name="unique_assignment"
            )
        ]
        # the reviewer's list: their dossiers at a stage
        indexes = [models.Index(fields=["reviewer", "stage"])]

    def __str__(self) -> str:
        return f"{self.reviewer} → {self.application}"


class Conflict(TimeStampedModel):
    """A (possible) conflict of interest between a person and a dossier, for the whole call.

    Declared conflicts are confirmed at once; detected ones wait for staff to confirm or
    clear them. A confirmed or suspected conflict keeps the dossier off the person's list.
    """

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="conflicts")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="conflicts"
    )
    source = models.CharField(_("origine"), max_length=10, choices=ConflictSource.choices)
    reason = models.CharField(_("motif"), max_length=20, choices=ConflictReason.choices)
    details = models.TextField(_("précisions"), blank=True)
    status = models.CharField(
        _("statut"), max_length=10, choices=ConflictStatus.choices, default=ConflictStatus.SUSPECTED
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("décidé le"), null=True, blank=True)

    class Meta:
        verbose_name = _("conflit d'intérêts")
        verbose_name_plural = _("conflits d'intérêts")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["application", "person"], name="unique_conflict")
        ]
        indexes = [models.Index(fields=["person", "status"])]

    def __str__(self) -> str:
        return f"{self.person} × {self.application} ({self.get_status_display()})"

    @property
    def blocks(self) -> bool:
        return self.status != ConflictStatus.CLEARED


class Review(TimeStampedModel):
    """One reviewer's scores and comments on one dossier at one stage."""

    assignment = models.OneToOneField(Assignment, on_delete=models.CASCADE, related_name="review")
    status = models.CharField(
        _("statut"), max_length=10, choices=ReviewStatus.choices, default=ReviewStatus.DRAFT
    )
    comment = models.TextField(_("commentaire pour l'équipe du fonds"), blank=True)
    comment_for_applicant = models.TextField(_("commentaire pour l'équipe du projet"), blank=True)
    submitted_at = models.DateTimeField(_("rendue le"), null=True, blank=True)

    class Meta:
        verbose_name = _("évaluation")
        verbose_name_plural = _("évaluations")
        indexes = [models.Index(fields=["status"])]

    def __str__(self) -> str:
        return f"{self.assignment} ({self.get_status_display()})"


class Score(models.Model):
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="scores")
    value = models.SmallIntegerField(_("note"), null=True, blank=True)
    comment = models.TextField(_("commentaire"), blank=True)

    class Meta:
        verbose_name = _("note")
        verbose_name_plural = _("notes")
        constraints = [models.UniqueConstraint(fields=["review", "criterion"], name="unique_score")]

    def __str__(self) -> str:
        return f"{self.criterion}: {self.value}"
