"""Uploading a sheet (checked at once: the dry run), confirming it, and the real run.

The uploaded file is kept in the storage, referenced by its ImportJob, so that confirming
needs nothing re-sent; the real run reads it again, checks it again (the database may have
changed since the dry run) and writes only if no error remains.
"""

import datetime as dt
import io
import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from essaim.core.audit import record
from essaim.funds.models import Fund

from .enums import ImportStatus
from .importing.apply import apply_report
from .importing.problems import Problem
from .importing.reader import SheetError, detect_format, read_sheet
from .importing.validation import Report, check_sheet, column_labels
from .models import ImportJob

logger = logging.getLogger(__name__)


def _dry_run(fund: Fund, content: bytes, file_format: str) -> Report:
    try:
        sheet = read_sheet(
            content, file_format=file_format, max_rows=settings.ESSAIM_IMPORT_MAX_ROWS
        )
    except SheetError as exc:
        return Report(problems=[Problem(code=exc.code, message=exc.message)])
    return check_sheet(fund=fund, sheet=sheet)


def import_upload(*, actor, fund: Fund, uploaded) -> ImportJob:
    """Keep the uploaded sheet and check it (the dry run): nothing but the job is written.
    Raises ValidationError (French) when the file is not a sheet at all."""
    if uploaded.size > settings.ESSAIM_IMPORT_MAX_BYTES:
        raise ValidationError(
            _("Ce fichier dépasse %(mb)s Mo : découpez-le en plusieurs fichiers.")
            % {"mb": settings.ESSAIM_IMPORT_MAX_BYTES // (1024 * 1024)}
        )
    content = uploaded.read()
    if not content:
        raise ValidationError(_("Ce fichier est vide."))
    try:
        file_format = detect_format(uploaded.name or "", content[:512])
    except SheetError as exc:
        raise ValidationError(exc.message) from exc
    report = _dry_run(fund, content, file_format)
    with transaction.atomic():
        job = ImportJob(
            fund=fund,
            original_name=(uploaded.name or "")[-200:],
            file_format=file_format,
            status=ImportStatus.INVALID if report.errors else ImportStatus.CHECKED,
            report=report.as_dict(),
            created_by=actor,
            expires_at=timezone.now() + dt.timedelta(days=settings.ESSAIM_EXPORT_RETENTION_DAYS),
        )
        job.file.save(f"import.{file_format}", ContentFile(content), save=False)
        job.save()
        record(
            actor=actor,
            action="import.checked",
            obj=fund,
            data={
                "file": job.original_name,
                "rows": report.rows,
                "errors": report.errors,
                "warnings": report.warnings,
            },
        )
    return job


def import_confirm(*, actor, job: ImportJob) -> ImportJob:
    """Queue the real run of a sheet whose dry run found no error."""
    with transaction.atomic():
        claimed = ImportJob.objects.filter(pk=job.pk, status=ImportStatus.CHECKED).update(
            status=ImportStatus.QUEUED, confirmed_by=actor
        )
        if not claimed:
            raise ValidationError(_("Cet import n'est plus à confirmer."))
        transaction.on_commit(lambda: _enqueue(job.pk))
    job.refresh_from_db()
    return job


def _enqueue(job_id: int) -> None:
    from .tasks import run_import

    run_import.enqueue(job_id=job_id)


def run_import_job(*, job_id: int) -> str:
    claimed = ImportJob.objects.filter(pk=job_id, status=ImportStatus.QUEUED).update(
        status=ImportStatus.RUNNING
    )
    if not claimed:
        return "skipped"
    job = ImportJob.objects.select_related("fund", "created_by", "confirmed_by").get(pk=job_id)
    try:
        with job.file.open("rb") as stored:
            content = stored.read()
        report = _dry_run(job.fund, content, job.file_format)
        if report.errors:
            job.status = ImportStatus.INVALID
            job.report = report.as_dict()
            job.finished_at = timezone.now()
            job.save(update_fields=["status", "report", "finished_at"])
            return job.status
        with transaction.atomic():
            result = apply_report(fund=job.fund, report=report)
            record(
                actor=job.confirmed_by or job.created_by,
                action="import",
                obj=job.fund,
                data={
                    "file": job.original_name,
                    "rows": report.rows,
                    "created": result["created"],
                    "existing": report.existing,
                    "calls_created": result["calls_created"],
                },
            )
            job.status = ImportStatus.DONE
            job.result = {**result, "existing": report.existing, "rows": report.rows}
            job.finished_at = timezone.now()
            job.save(update_fields=["status", "result", "finished_at"])
    except Exception as exc:
        logger.exception("import %s failed", job_id)
        ImportJob.objects.filter(pk=job_id).update(
            status=ImportStatus.FAILED,
            finished_at=timezone.now(),
            error=f"{type(exc).__name__}: {exc}"[:2000],
        )
        return ImportStatus.FAILED
    return job.status


# --- the template sheet ----------------------------------------------------------------------
def template_rows(fund: Fund) -> tuple[list[str], list[list]]:
    """The import's columns (French labels, in the export's order) and one example row."""
    from .datasets.dossiers import DOSSIERS

    labels = column_labels()
    keys = [column.key for column in DOSSIERS.columns_for(None) if column.importable]
    prefix = fund.reference_prefix
    example = {
        "fund": fund.slug,
        "call": "2021-1",
        "call_title": _("Premier appel à projets"),
        "call_year": 2021,
        "reference": f"{prefix}-2021-01-0001",
        "state": _("Lauréat"),
        "submitted_at": "15/03/2021 10:30",
        "title": _("Un accueil téléphonique repensé avec les agents"),
        "theme": _("Repenser l'accueil des usagers"),
        "organisation_name": "Commune de Pessac",
        "organisation_type": _("Commune"),
        "departement": "33",
        "siren": "213303183",
        "owner_name": "Alice Martin",
        "owner_email": "alice.martin@mairie-exemple.fr",
        "decision": _("Lauréat"),
        "decision_date": "20/06/2021",
    }
    return [labels[key] for key in keys], [[example.get(key, "") for key in keys]]


def template_file(fund: Fund, file_format: str) -> bytes:
    from .columns import Kind
    from .writers import WRITERS

    headers, rows = template_rows(fund)
    buffer = io.BytesIO()
    writer = WRITERS[file_format](buffer, title=_("Dossiers"))
    writer.header(headers)
    for row in rows:
        writer.row(row, [Kind.TEXT] * len(row))
    writer.close()
    return buffer.getvalue()
