"""The jury's ZIP as an export job: a call's dossiers (progress per dossier) or one dossier,
built by dataio.archives, then served like any export."""

import io
import zipfile

import pytest
from django.urls import reverse

from essaim.core.models import AuditEvent
from essaim.dataio.enums import JobStatus
from essaim.dataio.exports import export_start
from essaim.dataio.models import ExportJob

from ..factories import ApplicationFactory, submitted_for_real
from .conftest import run_on_commit

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted_pair(call):
    return [
        submitted_for_real(ApplicationFactory(call=call, complete=True, ready=True, title=title))
        for title in ("Un guichet unique", "Une borne d'accueil")
    ]


def test_call_zip_job_holds_every_dossier(
    call, staff, submitted_pair, django_capture_on_commit_callbacks
):
    job = run_on_commit(
        django_capture_on_commit_callbacks,
        export_start,
        actor=staff,
        call=call,
        dataset="dossiers",
        fmt="zip",
    )
    job.refresh_from_db()
    assert job.status == JobStatus.DONE, job.error
    assert (job.done, job.total) == (2, 2)
    assert job.filename.endswith(".zip")
    with job.file.open("rb") as handle, zipfile.ZipFile(io.BytesIO(handle.read())) as archive:
        names = archive.namelist()
    for application in submitted_pair:
        application.refresh_from_db()
        assert any(
            name.startswith(application.reference) and name.endswith(".pdf") for name in names
        )
    event = AuditEvent.objects.get(action="export")
    assert event.data["format"] == "zip" and event.data["rows"] == 2


def test_staff_download_one_dossier_zip(
    client, call, staff, submitted_pair, django_capture_on_commit_callbacks
):
    application = submitted_pair[0]
    client.force_login(staff)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("backoffice:application_archive_start", args=[application.pk])
        )
    job = ExportJob.objects.get()
    assert response["Location"] == reverse("backoffice:export_job", args=[job.pk])
    assert job.application == application and job.format == "zip"
    page = client.get(response["Location"]).content.decode()
    application.refresh_from_db()
    assert f"Archive du dossier {application.reference}" in page
    download = client.get(reverse("backoffice:export_download", args=[job.pk]))
    assert download["Content-Type"] == "application/zip"
    with zipfile.ZipFile(io.BytesIO(b"".join(download.streaming_content))) as archive:
        assert any(name.endswith(".pdf") for name in archive.namelist())
    detail = client.get(reverse("backoffice:application_detail", args=[application.pk]))
    assert "Télécharger le dossier (ZIP)" in detail.content.decode()
