"""Export jobs: columns chosen and in order, values typed in each format, progress by chunks,
the file stored and audited, old files purged, queries growing by chunks only."""

import csv
import datetime as dt
import io
import zipfile
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import load_workbook

from essaim.core.models import AuditEvent
from essaim.dataio.enums import JobStatus
from essaim.dataio.exports import export_start, purge_expired_files
from essaim.dataio.models import ExportJob

from ..factories import CallFactory, FundMembershipFactory
from .conftest import make_dossiers, run_on_commit

pytestmark = pytest.mark.django_db


def start(capture, **kwargs) -> ExportJob:
    job = run_on_commit(capture, export_start, **kwargs)
    job.refresh_from_db()
    return job


def xlsx_rows(job):
    with job.file.open("rb") as handle:
        book = load_workbook(io.BytesIO(handle.read()), read_only=True)
    return [list(row) for row in book.worksheets[0].iter_rows(values_only=True)]


def csv_rows(job):
    with job.file.open("rb") as handle:
        text = handle.read().decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:]), delimiter=";"))


def test_export_xlsx_columns_chosen_in_definition_order_with_typed_values(
    call, staff, dossiers, django_capture_on_commit_callbacks
):
    job = start(
        django_capture_on_commit_callbacks,
        actor=staff,
        call=call,
        dataset="dossiers",
        fmt="xlsx",
        # asked in another order: the file keeps the order of the form
        columns=["amount_requested", "reference", "submitted_at", "decision_date", "nope"],
    )
    assert job.status == JobStatus.DONE, job.error
    assert job.columns == ["reference", "submitted_at", "amount_requested", "decision_date"]
    rows = xlsx_rows(job)
    assert rows[0] == ["Référence", "Déposé le", "Montant demandé (€)", "Date de la décision"]
    assert len(rows) == 1 + len(dossiers)
    first = dossiers[0]
    first.refresh_from_db()
    row = next(r for r in rows[1:] if r[0] == first.reference)
    assert isinstance(row[1], dt.datetime)  # a date, not text
    paris = first.submitted_at.astimezone(timezone.get_current_timezone())
    assert row[1] == paris.replace(tzinfo=None)
    assert row[2] == pytest.approx(float(first.amount_requested))
    assert job.done == job.total == len(dossiers)
    assert job.filename.endswith(".xlsx") and job.size > 0
    assert job.expires_at > timezone.now()


def test_export_csv_is_french_excel_csv(call, staff, dossiers, django_capture_on_commit_callbacks):
    job = start(
        django_capture_on_commit_callbacks,
        actor=staff,
        call=call,
        dataset="dossiers",
        fmt="csv",
        columns=["reference", "submitted_at", "amount_requested", "problem"],
    )
    rows = csv_rows(job)
    assert rows[0] == ["Référence", "Déposé le", "Montant demandé (€)", "Problème constaté"]
    by_ref = {row[0]: row for row in rows[1:]}
    first = dossiers[0]
    first.refresh_from_db()
    row = by_ref[first.reference]
    assert row[1] == first.submitted_at.astimezone(timezone.get_current_timezone()).strftime(
        "%d/%m/%Y %H:%M"
    )
    assert row[2] == f"{first.amount_requested:.2f}".replace(".", ",")
    assert row[3] == first.problem  # newlines and quotes survive CSV quoting


def test_export_ods_is_an_opendocument_spreadsheet(
    call, staff, dossiers, django_capture_on_commit_callbacks
):
    from odf.opendocument import load
    from odf.table import Table, TableCell, TableRow

    job = start(
        django_capture_on_commit_callbacks,
        actor=staff,
        call=call,
        dataset="dossiers",
        fmt="ods",
        columns=["reference", "submitted_at", "amount_requested", "problem"],
    )
    with job.file.open("rb") as handle:
        content = handle.read()
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        first = archive.infolist()[0]
        assert first.filename == "mimetype" and first.compress_type == zipfile.ZIP_STORED
        assert archive.read("mimetype") == b"application/vnd.oasis.opendocument.spreadsheet"
    document = load(io.BytesIO(content))
    table = document.spreadsheet.getElementsByType(Table)[0]
    rows = table.getElementsByType(TableRow)
    assert len(rows) == 1 + len(dossiers)
    cells = rows[1].getElementsByType(TableCell)
    assert cells[1].getAttribute("valuetype") == "date"
    assert cells[2].getAttribute("valuetype") == "float"
    amount = Decimal(cells[2].getAttribute("value"))
    assert amount in {a.amount_requested for a in dossiers}


@pytest.mark.parametrize("dataset", ["reviews", "decisions", "engagements", "milestones"])
def test_every_dataset_exports_its_default_columns(
    dataset, call, staff, selection, django_capture_on_commit_callbacks
):
    from essaim.dataio.datasets import DATASETS

    spec = DATASETS[dataset]
    job = start(
        django_capture_on_commit_callbacks,
        actor=staff,
        call=call,
        dataset=dataset,
        fmt="xlsx",
        columns=spec.default_keys(call),
    )
    assert job.status == JobStatus.DONE, job.error
    rows = xlsx_rows(job)
    assert rows[0] == [str(c.label) for c in spec.chosen(call, spec.default_keys(call))]
    assert len(rows) > 1


def test_reviews_export_has_a_column_per_criterion(
    call, staff, selection, django_capture_on_commit_callbacks
):
    criteria = list(selection["stage"].criteria.all())
    job = start(
        django_capture_on_commit_callbacks,
        actor=staff,
        call=call,
        dataset="reviews",
        fmt="xlsx",
        columns=["reference"] + [f"score_{c.pk}" for c in criteria],
    )
    rows = xlsx_rows(job)
    assert rows[0][1:] == [f"Première sélection — {c.label}" for c in criteria]
    assert sorted(tuple(r[1:]) for r in rows[1:]) == [(3, 4), (3, 4)]


def test_export_is_audited_with_dataset_format_and_rows(
    call, staff, dossiers, django_capture_on_commit_callbacks
):
    start(
        django_capture_on_commit_callbacks,
        actor=staff,
        call=call,
        dataset="dossiers",
        fmt="csv",
        columns=["reference"],
    )
    event = AuditEvent.objects.get(action="export")
    assert event.actor == staff
    assert (event.object_type, event.object_id) == ("funds.call", str(call.pk))
    assert event.data["dataset"] == "dossiers"
    assert event.data["format"] == "csv"
    assert event.data["rows"] == len(dossiers)


def test_export_needs_a_known_column(call, staff):
    with pytest.raises(ValidationError):
        export_start(actor=staff, call=call, dataset="dossiers", fmt="xlsx", columns=["nope"])
    with pytest.raises(ValidationError):
        export_start(actor=staff, call=call, dataset="secrets", fmt="xlsx", columns=["reference"])
    assert not ExportJob.objects.exists()


def test_progress_is_written_after_every_chunk(
    call, staff, dossiers, settings, django_capture_on_commit_callbacks
):
    settings.ESSAIM_EXPORT_CHUNK_SIZE = 2
    with CaptureQueriesContext(connection) as queries:
        job = start(
            django_capture_on_commit_callbacks,
            actor=staff,
            call=call,
            dataset="dossiers",
            fmt="csv",
            columns=["reference"],
        )
    progress = [
        q["sql"]
        for q in queries.captured_queries
        if q["sql"].startswith("UPDATE") and '"done"' in q["sql"]
    ]
    # total at 0, then after rows 2 and 4 of 5, then the final save
    assert len(progress) == 4
    assert (job.done, job.total, job.percent) == (5, 5, 100)


def test_a_job_runs_once(call, staff, dossiers, django_capture_on_commit_callbacks):
    from essaim.dataio.exports import run_export_job

    job = start(
        django_capture_on_commit_callbacks,
        actor=staff,
        call=call,
        dataset="dossiers",
        fmt="csv",
        columns=["reference"],
    )
    assert run_export_job(job_id=job.pk) == "skipped"
    assert AuditEvent.objects.filter(action="export").count() == 1


def test_a_failing_job_is_marked_failed_without_a_file(
    call, staff, dossiers, django_capture_on_commit_callbacks
):
    # columns stored by an older version of the form: nothing left to write
    job = ExportJob.objects.create(
        fund=call.fund,
        call=call,
        dataset="dossiers",
        format="xls",
        columns=["reference"],
        created_by=staff,
    )
    from essaim.dataio.exports import run_export_job

    assert run_export_job(job_id=job.pk) == JobStatus.FAILED
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and not job.file and job.error
    assert not AuditEvent.objects.filter(action="export").exists()


def test_expired_files_are_purged(call, staff, dossiers, django_capture_on_commit_callbacks):
    job = start(
        django_capture_on_commit_callbacks,
        actor=staff,
        call=call,
        dataset="dossiers",
        fmt="csv",
        columns=["reference"],
    )
    storage, name = job.file.storage, job.file.name
    assert storage.exists(name)
    assert purge_expired_files(now=timezone.now()) == 0
    assert purge_expired_files(now=job.expires_at + dt.timedelta(seconds=1)) == 1
    job.refresh_from_db()
    assert not job.file and not storage.exists(name)


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "ods"])
def test_export_queries_grow_by_chunks_only(
    fmt, staff, settings, django_capture_on_commit_callbacks
):
    """3 and 30 dossiers (chunks of 10): the 27 more rows cost 3 chunk reads and 3 progress
    updates — and every column's annotations are computed in the rows' own query."""
    from essaim.dataio.datasets import DATASETS

    settings.ESSAIM_EXPORT_CHUNK_SIZE = 10
    fund = staff.fund_memberships.get().fund
    counts = []
    for n in (3, 30):
        call = CallFactory(fund=fund)
        make_dossiers(call, n)
        columns = [c.key for c in DATASETS["dossiers"].columns_for(call)]
        with CaptureQueriesContext(connection) as queries:
            start(
                django_capture_on_commit_callbacks,
                actor=staff,
                call=call,
                dataset="dossiers",
                fmt=fmt,
                columns=columns,
            )
        counts.append(len(queries.captured_queries))
    # 30 rows = 3 full chunks + the empty read that ends the iteration on some backends
    assert counts[1] - counts[0] <= 2 * 3


def test_reviews_export_prefetches_scores_per_chunk(
    staff, settings, django_capture_on_commit_callbacks
):
    from ..factories import AssignmentFactory, ReviewStageFactory, scored

    settings.ESSAIM_EXPORT_CHUNK_SIZE = 10
    fund = staff.fund_memberships.get().fund
    counts = []
    for n in (3, 30):
        call = CallFactory(fund=fund)
        stage = ReviewStageFactory(call=call)
        for application in make_dossiers(call, n):
            scored(AssignmentFactory(stage=stage, application=application), [1, 2])
        from essaim.dataio.datasets import DATASETS

        columns = DATASETS["reviews"].default_keys(call)
        with CaptureQueriesContext(connection) as queries:
            start(
                django_capture_on_commit_callbacks,
                actor=staff,
                call=call,
                dataset="reviews",
                fmt="xlsx",
                columns=columns,
            )
        counts.append(len(queries.captured_queries))
    # per extra chunk: its read, its scores' prefetch, its progress update
    assert counts[1] - counts[0] <= 3 * 3


def test_other_fund_staff_membership_does_not_matter_for_the_job(call, dossiers):
    # the job belongs to whoever started it; the views check rights (test_views)
    other = FundMembershipFactory().user
    job = export_start(actor=other, call=call, dataset="dossiers", fmt="csv", columns=["reference"])
    assert job.created_by == other
