"""Export and import jobs: what staff asked for, how far it went, and the file it made.

Files live in the default storage (outside the web root) and are served only through the
back-office views, which check who asks. Both kinds of job expire: `purge_dataio_files`
(also run at the start of each export) deletes the files of expired jobs.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from essaim.funds.models import Call, Fund

from .enums import Dataset, ExportFormat, ImportStatus, JobStatus


def export_path(instance: "ExportJob", filename: str) -> str:
    # never the download name: no path tricks, no guessable names
    return f"dataio/exports/{uuid.uuid4().hex}"


def import_path(instance: "ImportJob", filename: str) -> str:
    return f"dataio/imports/{uuid.uuid4().hex}"


class ExportJob(models.Model):
    fund = models.ForeignKey(Fund, on_delete=models.CASCADE, related_name="export_jobs")
    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="export_jobs")
    # a one-dossier ZIP; empty for a whole call
    application = models.ForeignKey(
        "applications.Application",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    dataset = models.CharField(_("données"), max_length=20, choices=Dataset.choices)
    format = models.CharField(_("format"), max_length=10, choices=ExportFormat.choices)
    columns = models.JSONField(_("colonnes"), default=list, blank=True)
    filters = models.JSONField(_("filtres"), default=dict, blank=True)
    status = models.CharField(
        _("état"), max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED
    )
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(null=True, blank=True)
    file = models.FileField(upload_to=export_path, max_length=200, blank=True)
    filename = models.CharField(_("nom du fichier"), max_length=200, blank=True)
    size = models.PositiveBigIntegerField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="export_jobs"
    )
    created_at = models.DateTimeField(_("demandé le"), auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(_("terminé le"), null=True, blank=True)
    error = models.TextField(_("erreur"), blank=True)
    expires_at = models.DateTimeField(_("disponible jusqu'au"), null=True, blank=True)

    class Meta:
        verbose_name = _("export")
        verbose_name_plural = _("exports")
        ordering = ["-created_at", "-id"]
        indexes = [
            # "my recent exports"
            models.Index(fields=["created_by", "-created_at"]),
            # the purge: expired files
            models.Index(fields=["expires_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.get_dataset_display()} ({self.get_format_display()}) — {self.call}"

    @property
    def percent(self) -> int:
        if self.status == JobStatus.DONE:
            return 100
        if not self.total:
            return 0
        return min(100, int(self.done * 100 / self.total))

    @property
    def is_finished(self) -> bool:
        return self.status in (JobStatus.DONE, JobStatus.FAILED)


class ImportJob(models.Model):
    """One uploaded sheet: its dry-run report, then (once confirmed) the real run's result."""

    fund = models.ForeignKey(Fund, on_delete=models.CASCADE, related_name="import_jobs")
    file = models.FileField(upload_to=import_path, max_length=200, blank=True)
    original_name = models.CharField(_("fichier déposé"), max_length=200)
    file_format = models.CharField(max_length=10)  # "csv" or "xlsx"
    status = models.CharField(_("état"), max_length=10, choices=ImportStatus.choices)
    # {"rows": n, "problems": [...], "errors": n, "warnings": n, "to_create": n, ...}
    report = models.JSONField(default=dict, blank=True)
    result = models.JSONField(default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="import_jobs"
    )
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("déposé le"), auto_now_add=True)
    finished_at = models.DateTimeField(_("terminé le"), null=True, blank=True)
    error = models.TextField(_("erreur"), blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-created_at", "-id"]
        indexes = [
            # a fund's recent imports
            models.Index(fields=["fund", "-created_at"]),
            models.Index(fields=["expires_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.original_name} ({self.get_status_display()})"
