"""The back-office pages of exports and imports: the main path for the fund's staff, and
refusals for everyone else (anonymous → sign-in, no back-office → 403, another fund's staff
or someone else's export → 404)."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from essaim.dataio.enums import ImportStatus, JobStatus
from essaim.dataio.exports import export_start
from essaim.dataio.imports import template_file
from essaim.dataio.models import ExportJob, ImportJob

from ..factories import FundMembershipFactory, UserFactory
from .conftest import run_on_commit

pytestmark = pytest.mark.django_db


@pytest.fixture
def done_job(call, staff, dossiers, django_capture_on_commit_callbacks):
    job = run_on_commit(
        django_capture_on_commit_callbacks,
        export_start,
        actor=staff,
        call=call,
        dataset="dossiers",
        fmt="xlsx",
        columns=["reference", "title"],
    )
    job.refresh_from_db()
    assert job.status == JobStatus.DONE
    return job


def test_staff_export_from_form_to_download(
    client, call, staff, dossiers, django_capture_on_commit_callbacks
):
    client.force_login(staff)
    url = reverse("backoffice:call_exports", args=[call.pk])
    page = client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert "<legend>Organisme</legend>" in html and 'value="reference"' in html
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url, {"format": "xlsx", "columns": ["title", "reference"], "scope": "submitted"}
        )
    job = ExportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "backoffice:export_job", args=[job.pk]
    )
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert b"<progress" in page.content and b"Content-Disposition" not in page.content
    status = client.get(reverse("backoffice:export_job_status", args=[job.pk])).json()
    assert status["status"] == "done" and status["done"] == status["total"] == len(dossiers)
    download = client.get(status["download_url"])
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment;")
    assert download["X-Content-Type-Options"] == "nosniff"
    book = load_workbook(io.BytesIO(b"".join(download.streaming_content)), read_only=True)
    rows = list(book.worksheets[0].iter_rows(values_only=True))
    assert rows[0] == ("Référence", "Titre du projet")  # the form's order, not the click's
    assert len(rows) == 1 + len(dossiers)


def test_export_form_error_keeps_the_choices(client, call, staff):
    client.force_login(staff)
    url = reverse("backoffice:call_exports", args=[call.pk]) + "?donnees=decisions"
    response = client.post(url, {"format": "ods"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Il y a un problème" in html and "Cochez au moins une colonne." in html
    assert 'value="ods" id="id_format_1" checked' in html or (
        'value="ods"' in html and "checked" in html
    )
    assert not ExportJob.objects.exists()


def test_exports_of_another_dataset_page(client, call, staff, selection):
    client.force_login(staff)
    page = client.get(reverse("backoffice:call_exports", args=[call.pk]) + "?donnees=reviews")
    assert page.status_code == 200
    assert "Notes par critère" in page.content.decode()


@pytest.mark.parametrize("name", ["call_exports", "call_archive_start"])
def test_call_export_pages_refuse_others(client, call, outsider, other_fund_staff, name):
    url = reverse(f"backoffice:{name}", args=[call.pk])
    method = client.post if name.endswith("start") else client.get
    assert method(url).status_code == 302  # anonymous: to the sign-in page
    client.force_login(outsider)
    assert method(url).status_code == 403
    client.force_login(other_fund_staff)
    assert method(url).status_code == 404
    assert not ExportJob.objects.exists()


def test_application_archive_refuses_others(client, dossiers, outsider, other_fund_staff):
    url = reverse("backoffice:application_archive_start", args=[dossiers[0].pk])
    client.force_login(outsider)
    assert client.post(url).status_code == 403
    client.force_login(other_fund_staff)
    assert client.post(url).status_code == 404
    assert not ExportJob.objects.exists()


@pytest.mark.parametrize("name", ["export_job", "export_job_status", "export_download"])
def test_someone_elses_export_is_refused(client, done_job, fund, outsider, other_fund_staff, name):
    url = reverse(f"backoffice:{name}", args=[done_job.pk])
    assert client.get(url).status_code == 302
    client.force_login(outsider)
    assert client.get(url).status_code == 403
    client.force_login(other_fund_staff)
    assert client.get(url).status_code == 404
    colleague = FundMembershipFactory(fund=fund, user=UserFactory()).user
    client.force_login(colleague)
    assert client.get(url).status_code == 404  # same fund, but not their export


def test_export_of_a_person_no_longer_staff_is_refused(client, done_job, staff):
    staff.fund_memberships.all().delete()
    FundMembershipFactory(user=staff)  # still in the back-office, for another fund
    client.force_login(staff)
    assert client.get(reverse("backoffice:export_download", args=[done_job.pk])).status_code == 404


def test_expired_export_is_not_served(client, done_job, staff):
    done_job.file.delete(save=True)
    client.force_login(staff)
    assert client.get(reverse("backoffice:export_download", args=[done_job.pk])).status_code == 404
    page = client.get(reverse("backoffice:export_job", args=[done_job.pk]))
    assert "a expiré" in page.content.decode()


def test_my_exports_list_query_count_is_constant(
    client, call, staff, dossiers, django_capture_on_commit_callbacks
):
    client.force_login(staff)
    url = reverse("backoffice:export_list")
    counts = []
    for n in (3, 20):
        for _ in range(n - ExportJob.objects.count()):
            run_on_commit(
                django_capture_on_commit_callbacks,
                export_start,
                actor=staff,
                call=call,
                dataset="dossiers",
                fmt="csv",
                columns=["reference"],
            )
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200
        assert response.content.decode().count("/telecharger/") == n
        counts.append(len(queries.captured_queries))
    assert counts[0] == counts[1]


# --- imports ------------------------------------------------------------------------------


def test_staff_import_from_upload_to_confirmation(
    client, fund, call, staff, bodies, django_capture_on_commit_callbacks
):
    client.force_login(staff)
    url = reverse("backoffice:fund_import", args=[fund.pk])
    page = client.get(url)
    assert page.status_code == 200 and "Modèle Excel" in page.content.decode()
    template = client.get(reverse("backoffice:fund_import_template", args=[fund.pk, "xlsx"]))
    assert template.status_code == 200 and template["Content-Disposition"].startswith("attachment;")
    response = client.post(
        url, {"file": SimpleUploadedFile("modele.xlsx", template_file(fund, "xlsx"))}
    )
    job = ImportJob.objects.get()
    report_url = reverse("backoffice:fund_import_report", args=[fund.pk, job.pk])
    assert response.status_code == 302 and response["Location"] == report_url
    report = client.get(report_url).content.decode()
    assert "Importer ces dossiers" in report and "Premier appel" in report
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("backoffice:fund_import_confirm", args=[fund.pk, job.pk]))
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.status == ImportStatus.DONE
    assert "Import terminé : 1 dossier créé." in client.get(report_url).content.decode()


def test_import_report_lists_problems_in_a_table(client, fund, staff):
    client.force_login(staff)
    content = "Référence;Appel;État;Déposé le;Titre du projet\nMNT-1;inconnu;Déposé;hier;X\n"
    client.post(
        reverse("backoffice:fund_import", args=[fund.pk]),
        {"file": SimpleUploadedFile("a.csv", content.encode())},
    )
    job = ImportJob.objects.get()
    html = client.get(
        reverse("backoffice:fund_import_report", args=[fund.pk, job.pk])
    ).content.decode()
    assert "Appel inconnu dans ce fonds" in html and "Date illisible" in html
    assert "Importer ces dossiers" not in html
    assert (
        client.post(reverse("backoffice:fund_import_confirm", args=[fund.pk, job.pk])).status_code
        == 302
    )
    job.refresh_from_db()
    assert job.status == ImportStatus.INVALID


def test_import_upload_error_is_shown_beside_the_field(client, fund, staff):
    client.force_login(staff)
    response = client.post(
        reverse("backoffice:fund_import", args=[fund.pk]),
        {"file": SimpleUploadedFile("photo.png", b"\x89PNG\r\n")},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Il y a un problème" in html and "Déposez un fichier .csv ou .xlsx." in html
    assert not ImportJob.objects.exists()


def test_import_pages_refuse_others(client, fund, staff, outsider, other_fund_staff):
    client.force_login(staff)
    client.post(
        reverse("backoffice:fund_import", args=[fund.pk]),
        {"file": SimpleUploadedFile("a.csv", "Référence;Appel\nA;b\n".encode())},
    )
    job = ImportJob.objects.get()
    client.logout()
    urls = [
        ("get", reverse("backoffice:fund_import", args=[fund.pk])),
        ("get", reverse("backoffice:fund_import_template", args=[fund.pk, "csv"])),
        ("get", reverse("backoffice:fund_import_report", args=[fund.pk, job.pk])),
        ("post", reverse("backoffice:fund_import_confirm", args=[fund.pk, job.pk])),
    ]
    for method, url in urls:
        assert getattr(client, method)(url).status_code == 302
    client.force_login(outsider)
    for method, url in urls:
        assert getattr(client, method)(url).status_code == 403, url
    client.force_login(other_fund_staff)
    for method, url in urls:
        assert getattr(client, method)(url).status_code == 404, url
    # another fund's page does not reach this fund's import either
    other_fund = other_fund_staff.fund_memberships.get().fund
    url = reverse("backoffice:fund_import_report", args=[other_fund.pk, job.pk])
    assert client.get(url).status_code == 404
