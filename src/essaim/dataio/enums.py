from django.db import models
from django.utils.translation import gettext_lazy as _


class Dataset(models.TextChoices):
    DOSSIERS = "dossiers", _("Dossiers")
    REVIEWS = "reviews", _("Évaluations (notes par critère)")
    DECISIONS = "decisions", _("Décisions")
    ENGAGEMENTS = "engagements", _("Engagements réciproques")
    MILESTONES = "milestones", _("Jalons de l'accompagnement")


class ExportFormat(models.TextChoices):
    XLSX = "xlsx", _("Excel (XLSX)")
    ODS = "ods", _("LibreOffice (ODS)")
    CSV = "csv", _("CSV pour Excel (séparateur point-virgule)")
    ZIP = "zip", _("Archive ZIP des dossiers (PDF et pièces jointes)")


# the spreadsheet formats staff choose on the export form (ZIP has its own button)
SHEET_FORMATS = (ExportFormat.XLSX, ExportFormat.ODS, ExportFormat.CSV)


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("En attente")
    RUNNING = "running", _("En cours")
    DONE = "done", _("Terminé")
    FAILED = "failed", _("Échec")


class ImportStatus(models.TextChoices):
    INVALID = "invalid", _("Erreurs à corriger")
    CHECKED = "checked", _("Vérifié, prêt à importer")
    QUEUED = "queued", _("Import en attente")
    RUNNING = "running", _("Import en cours")
    DONE = "done", _("Importé")
    FAILED = "failed", _("Échec")


class Severity(models.TextChoices):
    ERROR = "error", _("Erreur")
    WARNING = "warning", _("Avertissement")
