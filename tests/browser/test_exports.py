"""Programme staff export a call's dossiers in Chromium: they open the export page, choose
XLSX and a few columns, start the export, watch its progress bar move (the page asks the
job's status in the background), download the file and find the dossiers in it — with
axe-core on each page.

The task queue is the dummy backend here, so that the job waits until the test runs it
(in production the database queue's worker does), and the page is seen before, during and
after the work."""

import io
import re

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from playwright.sync_api import expect

from essaim.dataio.enums import JobStatus
from essaim.dataio.exports import _progress, run_export_job
from essaim.dataio.models import ExportJob

from ..dataio.conftest import make_dossiers
from ..factories import CallFactory, FundFactory, FundMembershipFactory, UserFactory
from .navigation import click_and_wait

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "motdepasse-solide-42"  # UserFactory's


def _log_in(page, base: str, email: str):
    page.goto(f"{base}/compte/login/")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", PASSWORD)
    click_and_wait(page, page.locator("main form button[type=submit]"))


def test_staff_export_dossiers_to_xlsx_and_download(
    live_server, page, axe_check, settings, tmp_path
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    fund = FundFactory(slug="mnt", name="Fonds MNT", reference_prefix="MNT")
    call = CallFactory(fund=fund, slug="2024-6", year=2024, edition=6, title="Sixième appel")
    staff = FundMembershipFactory(
        fund=fund, user=UserFactory(email="equipe@fonds-mnt.fr", full_name="Sophie Équipe")
    ).user
    dossiers = make_dossiers(call, 4)
    base = live_server.url

    _log_in(page, base, staff.email)
    page.goto(f"{base}{reverse('backoffice:call_detail', args=[call.pk])}")
    click_and_wait(page, page.get_by_role("link", name="Exporter", exact=True))
    assert page.locator("h1").inner_text() == "Exporter les données de l'appel"
    axe_check(page, "export form")

    page.get_by_label("Excel (XLSX)").check()
    # keep three columns: untick every default, then tick the ones wanted
    for box in page.locator("#id_columns input[type=checkbox]").all():
        box.set_checked(False)
    for label in ("Référence", "Titre du projet", "Porteur"):
        page.get_by_label(label, exact=True).check()
    click_and_wait(page, page.get_by_role("button", name="Lancer l'export"))

    job = ExportJob.objects.get()
    assert job.status == JobStatus.QUEUED
    assert job.columns == ["reference", "title", "owner_name"]
    assert page.locator("progress").get_attribute("value") == "0"
    axe_check(page, "export job, queued")

    # the worker starts: the bar moves without a reload
    ExportJob.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING)
    _progress(job, 2, 4)
    # (the progress element's value and max properties reflect its attributes)
    expect(page.locator("progress")).to_have_attribute("value", "2", timeout=10_000)
    expect(page.locator("progress")).to_have_attribute("max", "4")
    assert "2 éléments écrits sur 4" in page.locator("[data-export-text]").inner_text()

    # and finishes: the page reloads itself with the download link
    ExportJob.objects.filter(pk=job.pk).update(status=JobStatus.QUEUED)
    assert run_export_job(job_id=job.pk) == JobStatus.DONE
    link = page.get_by_role("link", name=re.compile(r"^Télécharger dossiers-mnt-2024-06"))
    link.wait_for(timeout=10_000)
    assert page.locator("progress").get_attribute("value") == "4"
    axe_check(page, "export job, done")

    with page.expect_download() as download_info:
        link.click()
    download = download_info.value
    assert download.suggested_filename.endswith(".xlsx")
    path = tmp_path / download.suggested_filename
    download.save_as(path)
    book = load_workbook(io.BytesIO(path.read_bytes()), read_only=True)
    rows = list(book.worksheets[0].iter_rows(values_only=True))
    assert rows[0] == ("Référence", "Titre du projet", "Porteur")
    assert dossiers[0].reference in {row[0] for row in rows[1:]}
    assert ("Porteur 1") in {row[2] for row in rows[1:]}

    page.goto(f"{base}{reverse('backoffice:export_list')}")
    assert page.locator("tbody tr").count() == 1
    axe_check(page, "my exports")


def test_staff_import_a_sheet_through_the_dry_run(live_server, page, axe_check, tmp_path):
    fund = FundFactory(slug="mnt", name="Fonds MNT", reference_prefix="MNT")
    staff = FundMembershipFactory(fund=fund, user=UserFactory(email="equipe@fonds-mnt.fr")).user
    base = live_server.url
    _log_in(page, base, staff.email)
    page.goto(f"{base}{reverse('backoffice:fund_import', args=[fund.pk])}")
    axe_check(page, "import form")
    sheet = tmp_path / "historique.csv"
    sheet.write_text(
        "Appel;Référence;État;Déposé le;Titre du projet\n"
        "2021-1;MNT-2021-01-0001;Déposé;15/03/2021;Un projet\n",
        encoding="utf-8",
    )
    page.get_by_label("Fichier à importer").set_input_files(str(sheet))
    click_and_wait(page, page.get_by_role("button", name="Vérifier le fichier"))
    assert "Appel inconnu dans ce fonds" in page.locator("main").inner_text()
    axe_check(page, "import report with errors")
