"""The receipt PDF: drawn from the frozen version, readable, and a clear message without
WeasyPrint."""

import datetime as dt
import shutil
import subprocess
import sys
import types
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from essaim.applications.errors import ApplicationError
from essaim.applications.models import Application
from essaim.applications.receipts import PdfUnavailable, render_receipt_pdf
from essaim.applications.services.attachments import attachment_add
from essaim.applications.services.submission import application_submit

from .test_attachments import MINIMAL_PDF

pytestmark = pytest.mark.django_db


def pdf_text(content: bytes, tmp_path) -> str:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext absent (apt install poppler-utils)")
    path = tmp_path / "receipt.pdf"
    path.write_bytes(content)
    result = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"],
        capture_output=True,
        check=True,
    )
    return result.stdout.decode("utf-8")


@pytest.fixture
def submitted(complete_application, applicant):
    attachment_add(
        application=complete_application,
        actor=applicant,
        upload=SimpleUploadedFile("note de cadrage.pdf", MINIMAL_PDF),
    )
    return application_submit(application_id=complete_application.pk, user=applicant)


def test_receipt_is_a_pdf_with_reference_and_fingerprint(submitted, tmp_path):
    filename, content = render_receipt_pdf(application_id=submitted.pk)
    assert filename == "recepisse-MNT-2024-06-0001.pdf"
    assert content.startswith(b"%PDF")
    text = pdf_text(content, tmp_path)
    assert "MNT-2024-06-0001" in text
    # a long hash may wrap: compare without white space
    assert submitted.content_sha256 in "".join(text.split())
    assert "Commune de Pessac" in text
    assert "Les usagers attendent longtemps au téléphone." in text
    assert "heure de Paris" in text
    assert "note de cadrage.pdf" in " ".join(text.split())
    assert "Soutien confirmé" in text
    assert "Alice Martin" in text


def test_receipt_shows_the_submitted_content_not_later_changes(submitted, tmp_path):
    Application.objects.filter(pk=submitted.pk).update(problem="Texte changé après le dépôt.")
    _, content = render_receipt_pdf(application_id=submitted.pk)
    text = pdf_text(content, tmp_path)
    assert "Texte changé après le dépôt." not in text
    assert "Les usagers attendent longtemps au téléphone." in text


def test_submission_time_is_written_in_french_in_paris_time(
    complete_application, applicant, tmp_path
):
    moment = dt.datetime.now(dt.UTC).replace(hour=10, minute=30, second=5, microsecond=0)
    call = complete_application.call
    call.opens_at = moment - dt.timedelta(days=1)
    call.closes_at = moment + dt.timedelta(days=1)
    call.save()
    with time_machine.travel(moment, tick=False):
        application_submit(application_id=complete_application.pk, user=applicant)
    text = pdf_text(render_receipt_pdf(application_id=complete_application.pk)[1], tmp_path)
    paris = moment.astimezone(ZoneInfo("Europe/Paris"))  # 11 h in winter, 12 h in summer
    assert paris.hour != moment.hour
    assert f"{paris.day} " in text and f"à {paris.hour} h 30 min 05 s (heure de Paris)" in text


def test_draft_has_no_receipt(application):
    with pytest.raises(ApplicationError):
        render_receipt_pdf(application_id=application.pk)


def test_missing_weasyprint_says_what_to_install(submitted, monkeypatch):
    monkeypatch.setitem(sys.modules, "weasyprint", None)  # import fails
    with pytest.raises(PdfUnavailable) as exc:
        render_receipt_pdf(application_id=submitted.pk)
    assert "apt install libpango-1.0-0 libpangoft2-1.0-0" in str(exc.value)


def test_missing_pango_libraries_say_what_to_install(submitted, monkeypatch):
    class BrokenWeasyPrint(types.ModuleType):
        def __getattr__(self, name):
            raise OSError("cannot load library 'libpango-1.0-0': no such file")

    monkeypatch.setitem(sys.modules, "weasyprint", BrokenWeasyPrint("weasyprint"))
    with pytest.raises(PdfUnavailable, match="libpango"):
        render_receipt_pdf(application_id=submitted.pk)


def test_receipt_download_explains_when_pdf_cannot_be_made(
    client, submitted, applicant, monkeypatch
):
    monkeypatch.setitem(sys.modules, "weasyprint", None)
    client.force_login(applicant)
    response = client.get(reverse("portal:application_receipt", args=[submitted.pk]))
    assert response.status_code == 503
    assert "libpango" in response.content.decode()


def test_receipt_mail_carries_the_pdf(
    complete_application, applicant, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        application = application_submit(application_id=complete_application.pk, user=applicant)
    message = mailoutbox[-1]
    assert application.reference in message.subject
    assert application.content_sha256 in message.body
    assert "/recepisse.pdf" in message.body
    ((name, content, mimetype),) = message.attachments
    assert name == f"recepisse-{application.reference}.pdf"
    assert content.startswith(b"%PDF") and mimetype == "application/pdf"


def test_receipt_mail_still_goes_without_weasyprint(
    complete_application, applicant, mailoutbox, django_capture_on_commit_callbacks, monkeypatch
):
    monkeypatch.setitem(sys.modules, "weasyprint", None)
    with django_capture_on_commit_callbacks(execute=True):
        application = application_submit(application_id=complete_application.pk, user=applicant)
    assert application.reference in mailoutbox[-1].subject
    assert mailoutbox[-1].attachments == []
