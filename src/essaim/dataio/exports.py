"""Starting and running export jobs.

`export_start` records the job and enqueues it once the transaction commits; the task runs
`run_export_job`, which claims the job with a conditional UPDATE (a job runs once even if
enqueued twice), reads the rows with `iterator(chunk_size=…)` — one query per chunk, plus
one per prefetch — writes them to a temporary file, updates the progress after each chunk,
and stores the file outside the web root. Memory stays flat whatever the number of rows.
"""

import datetime as dt
import logging
import tempfile

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from essaim.core.audit import record
from essaim.funds.models import Call

from .datasets import DATASETS
from .enums import SHEET_FORMATS, Dataset, ExportFormat, JobStatus
from .models import ExportJob, ImportJob
from .writers import WRITERS

logger = logging.getLogger(__name__)


def export_start(
    *,
    actor,
    call: Call,
    dataset: str,
    fmt: str,
    columns: list[str] | None = None,
    filters: dict | None = None,
    application=None,
) -> ExportJob:
    """Record an export job of `call` and enqueue it on commit. Sheets need at least one
    known column; a ZIP is of the call's dossiers, or of `application` alone."""
    filters = filters or {}
    if fmt == ExportFormat.ZIP:
        dataset, columns = Dataset.DOSSIERS, []
    else:
        if dataset not in DATASETS or fmt not in SHEET_FORMATS:
            raise ValidationError(_("Choisissez des données et un format de la liste."))
        spec = DATASETS[dataset]
        known = [column.key for column in spec.chosen(call, columns or [])]
        if not known:
            raise ValidationError(_("Choisissez au moins une colonne."))
        columns = known
    if application is not None and application.call_id != call.pk:
        raise ValidationError(_("Ce dossier n'est pas un dossier de cet appel."))
    with transaction.atomic():
        job = ExportJob.objects.create(
            fund_id=call.fund_id,
            call=call,
            application=application,
            dataset=dataset,
            format=fmt,
            columns=columns,
            filters=filters,
            created_by=actor,
        )
        transaction.on_commit(lambda: _enqueue(job.pk))
    return job


def _enqueue(job_id: int) -> None:
    from .tasks import run_export

    run_export.enqueue(job_id=job_id)


def run_export_job(*, job_id: int) -> str:
    """Write the job's file. Returns the final status."""
    claimed = ExportJob.objects.filter(pk=job_id, status=JobStatus.QUEUED).update(
        status=JobStatus.RUNNING, started_at=timezone.now()
    )
    if not claimed:
        return "skipped"
    purge_expired_files()
    job = ExportJob.objects.select_related("call__fund", "application", "created_by").get(pk=job_id)
    try:
        # the creator's language is not known here: column labels in the site's language
        with translation.override(settings.LANGUAGE_CODE):
            write = _write_archive if job.format == ExportFormat.ZIP else _write_sheet
            rows = write(job)
    except Exception as exc:
        logger.exception("export %s failed", job_id)
        if job.file:
            job.file.delete(save=False)
        ExportJob.objects.filter(pk=job_id).update(
            status=JobStatus.FAILED,
            finished_at=timezone.now(),
            file="",
            error=f"{type(exc).__name__}: {exc}"[:2000],
        )
        return JobStatus.FAILED
    now = timezone.now()
    job.status = JobStatus.DONE
    job.finished_at = now
    job.expires_at = now + dt.timedelta(days=settings.ESSAIM_EXPORT_RETENTION_DAYS)
    job.done = rows
    job.total = rows if job.total is None else job.total
    job.save(
        update_fields=[
            "status",
            "finished_at",
            "expires_at",
            "done",
            "total",
            "file",
            "filename",
            "size",
        ]
    )
    record(
        actor=job.created_by,
        action="export",
        obj=job.call,
        data={
            "dataset": job.dataset,
            "format": job.format,
            "rows": rows,
            "columns": job.columns,
            "filters": job.filters,
            **({"application": job.application.reference} if job.application else {}),
        },
    )
    return JobStatus.DONE


def _progress(job: ExportJob, done: int, total: int | None = None) -> None:
    fields = {"done": done}
    if total is not None:
        fields["total"] = total
        job.total = total
    ExportJob.objects.filter(pk=job.pk).update(**fields)


def _filename(job: ExportJob, extension: str) -> str:
    call = job.call
    stem = f"{job.dataset}-{call.fund.reference_prefix}-{call.year}-{call.edition:02d}"
    if job.application is not None:
        stem = f"dossier-{job.application.reference or job.application.pk}"
    return f"{stem}-{timezone.localdate():%Y%m%d}.{extension}".lower()


def _store(job: ExportJob, tmp, extension: str) -> None:
    tmp.seek(0, 2)
    job.size = tmp.tell()
    tmp.seek(0)
    job.filename = _filename(job, extension)
    job.file.save(job.filename, File(tmp), save=False)


def _write_sheet(job: ExportJob) -> int:
    spec = DATASETS[job.dataset]
    columns = spec.chosen(job.call, job.columns)
    rows = spec.rows(job.call, columns, job.filters)
    chunk = settings.ESSAIM_EXPORT_CHUNK_SIZE
    _progress(job, 0, rows.count())
    writer_class = WRITERS[job.format]
    kinds = [column.kind for column in columns]
    done = 0
    with tempfile.TemporaryFile() as tmp:
        writer = writer_class(tmp, title=str(spec.label))
        writer.header([str(column.label) for column in columns])
        for obj in rows.iterator(chunk_size=chunk):
            writer.row([column.value(obj) for column in columns], kinds)
            done += 1
            if done % chunk == 0:
                _progress(job, done)
        writer.close()
        _store(job, tmp, writer_class.extension)
    return done


def _write_archive(job: ExportJob) -> int:
    # written by the archives work (H8): PDFs of the dossiers and their attachments
    from . import archives

    with tempfile.TemporaryFile() as tmp:
        if job.application is not None:
            _progress(job, 0, 1)
            archives.write_application_archive(job.application, tmp)
            done = 1
        else:
            state = {"done": 0, "step": 1}

            def progress(done: int, total: int) -> None:
                state["done"] = done
                if done == 0 or job.total != total:
                    state["step"] = max(1, total // 100)  # at most ~100 updates
                    _progress(job, done, total)
                elif done % state["step"] == 0 or done == total:
                    _progress(job, done)

            archives.write_call_archive(job.call, tmp, progress=progress)
            done = state["done"]
        _store(job, tmp, "zip")
    return done


def purge_expired_files(*, now: dt.datetime | None = None) -> int:
    """Delete the files of expired exports and imports (the rows stay, as history)."""
    now = now or timezone.now()
    purged = 0
    for model in (ExportJob, ImportJob):
        for job in model.objects.filter(expires_at__lt=now).exclude(file="").only("id", "file"):
            job.file.delete(save=False)
            model.objects.filter(pk=job.pk).update(file="")
            purged += 1
    return purged
