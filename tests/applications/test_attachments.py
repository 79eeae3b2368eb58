"""Attachments: what is accepted (judged from the content), the limits, the stored names."""

import hashlib
import io
import unicodedata
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from PIL import Image

from essaim.applications.errors import ApplicationError
from essaim.applications.models import Attachment
from essaim.applications.services.attachments import attachment_add, attachment_delete
from essaim.applications.services.submission import application_submit
from essaim.applications.uploads import (
    DOCX,
    JPEG,
    ODT,
    PDF,
    PNG,
    UploadRefused,
    format_size,
    sanitise_name,
)
from essaim.core.models import AuditEvent

pytestmark = pytest.mark.django_db

# --- real, minimal files -------------------------------------------------------------

MINIMAL_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


def image_bytes(fmt: str) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), (31, 78, 121)).save(buffer, format=fmt)
    return buffer.getvalue()


def docx_bytes(*, macros: bool = False, macro_content_type: bool = False) -> bytes:
    main = (
        "application/vnd.ms-word.document.macroEnabled.main+xml"
        if macro_content_type
        else "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" '
            'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/word/document.xml" ContentType="{main}"/></Types>',
        )
        archive.writestr(
            "_rels/.rels",
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
            'relationships/officeDocument" Target="word/document.xml"/></Relationships>',
        )
        archive.writestr(
            "word/document.xml",
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
            "<w:body><w:p><w:r><w:t>Note de projet</w:t></w:r></w:p></w:body></w:document>",
        )
        if macros:
            archive.writestr("word/vbaProject.bin", b"\xd0\xcf\x11\xe0 macro")
    return buffer.getvalue()


def odt_bytes(*, macros: bool = False) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(
            zipfile.ZipInfo("mimetype"),
            "application/vnd.oasis.opendocument.text",
            compress_type=zipfile.ZIP_STORED,
        )
        archive.writestr(
            "content.xml",
            '<?xml version="1.0" encoding="UTF-8"?><office:document-content '
            'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
            'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0">'
            "<office:body><office:text><text:p>Note</text:p></office:text></office:body>"
            "</office:document-content>",
            compress_type=zipfile.ZIP_DEFLATED,
        )
        archive.writestr(
            "META-INF/manifest.xml",
            '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
            'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"/>',
        )
        if macros:
            archive.writestr("Basic/Standard/Module1.xml", "<script>Sub Main</script>")
    return buffer.getvalue()


def plain_zip_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("notes.txt", "bonjour")
    return buffer.getvalue()


EXE_BYTES = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 200


def upload(name: str, content: bytes, content_type: str = "application/pdf"):
    return SimpleUploadedFile(name, content, content_type=content_type)


# --- accepted --------------------------------------------------------------------------


def test_pdf_is_stored_with_its_fingerprint_and_audited(application, applicant):
    attachment = attachment_add(
        application=application,
        actor=applicant,
        upload=upload("note.pdf", MINIMAL_PDF),
        description="  Note   de cadrage ",
    )
    assert attachment.original_name == "note.pdf"
    assert attachment.content_type == PDF
    assert attachment.size == len(MINIMAL_PDF)
    assert attachment.sha256 == hashlib.sha256(MINIMAL_PDF).hexdigest()
    assert attachment.description == "Note de cadrage"
    assert attachment.uploaded_by == applicant
    # stored under a random name, never the one given
    assert "note" not in attachment.file.name
    with attachment.file.open("rb") as handle:
        assert handle.read() == MINIMAL_PDF
    event = AuditEvent.objects.for_object(application).get(action="attachment.added")
    assert event.actor == applicant and event.to_value == "note.pdf"
    assert event.data["sha256"] == attachment.sha256


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("photo.png", image_bytes("PNG"), PNG),
        ("photo.jpg", image_bytes("JPEG"), JPEG),
        ("note.docx", docx_bytes(), DOCX),
        ("note.odt", odt_bytes(), ODT),
    ],
)
def test_accepted_formats(application, applicant, name, content, expected):
    attachment = attachment_add(
        application=application,
        actor=applicant,
        upload=upload(name, content, "application/octet-stream"),
    )
    assert attachment.content_type == expected
    assert attachment.original_name == name


def test_the_browser_content_type_is_ignored(application, applicant):
    attachment = attachment_add(
        application=application,
        actor=applicant,
        upload=upload("scan.png", image_bytes("PNG"), "application/x-msdownload"),
    )
    assert attachment.content_type == PNG


def test_extension_is_made_to_match_the_content(application, applicant):
    attachment = attachment_add(
        application=application, actor=applicant, upload=upload("photo.pdf", image_bytes("PNG"))
    )
    assert attachment.content_type == PNG
    assert attachment.original_name.startswith("photo")
    assert attachment.original_name.endswith(".png")


# --- refused ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("rapport.pdf", EXE_BYTES, "type accepté"),
        ("rapport.pdf", b"Juste du texte, pas un PDF.", "type accepté"),
        ("archive.pdf", plain_zip_bytes(), "archive"),
        ("note.docx", docx_bytes(macros=True), "macros"),
        ("note.docm", docx_bytes(macro_content_type=True), "macros"),
        ("note.odt", odt_bytes(macros=True), "macros"),
        # the parts look like a DOCX but the ZIP directory is missing
        ("note.docx", docx_bytes()[:-40], "endommagé"),
        ("vide.pdf", b"", "type accepté"),
    ],
)
def test_refused_files_name_the_file_and_the_reason(application, applicant, name, content, reason):
    with pytest.raises(UploadRefused) as exc:
        attachment_add(application=application, actor=applicant, upload=upload(name, content))
    assert name.rsplit(".", 1)[0] in str(exc.value)
    assert reason in str(exc.value)
    assert not Attachment.objects.exists()
    assert not AuditEvent.objects.filter(action="attachment.added").exists()


def test_spreadsheet_is_refused(application, applicant):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
    with pytest.raises(UploadRefused, match="type accepté"):
        attachment_add(
            application=application,
            actor=applicant,
            upload=upload("budget.docx", buffer.getvalue()),
        )


@override_settings(ESSAIM_MAX_ATTACHMENT_BYTES=100)
def test_file_over_the_size_limit_is_refused(application, applicant):
    with pytest.raises(UploadRefused) as exc:
        attachment_add(
            application=application, actor=applicant, upload=upload("gros.pdf", MINIMAL_PDF)
        )
    message = str(exc.value).replace("\u00a0", " ")
    assert "« gros.pdf »" in message and "100 octets" in message


@override_settings(ESSAIM_MAX_ATTACHMENTS=2)
def test_too_many_files_are_refused(application, applicant):
    for n in range(2):
        attachment_add(
            application=application, actor=applicant, upload=upload(f"n{n}.pdf", MINIMAL_PDF)
        )
    with pytest.raises(UploadRefused) as exc:
        attachment_add(
            application=application, actor=applicant, upload=upload("n3.pdf", MINIMAL_PDF)
        )
    assert "« n3.pdf »" in str(exc.value) and "2 pièces jointes" in str(exc.value)
    assert application.attachments.count() == 2


def test_dossier_total_is_capped(application, applicant):
    with override_settings(ESSAIM_MAX_APPLICATION_BYTES=len(MINIMAL_PDF) * 2 + 10):
        attachment_add(
            application=application, actor=applicant, upload=upload("a.pdf", MINIMAL_PDF)
        )
        attachment_add(
            application=application, actor=applicant, upload=upload("b.pdf", MINIMAL_PDF)
        )
        with pytest.raises(UploadRefused) as exc:
            attachment_add(
                application=application, actor=applicant, upload=upload("c.pdf", MINIMAL_PDF)
            )
    assert "« c.pdf »" in str(exc.value) and "au-delà de la limite" in str(exc.value)


def test_submitted_dossier_takes_no_new_file(complete_application, applicant):
    application = application_submit(application_id=complete_application.pk, user=applicant)
    with pytest.raises(ApplicationError, match="déposé"):
        attachment_add(
            application=application, actor=applicant, upload=upload("n.pdf", MINIMAL_PDF)
        )


# --- names -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("../../etc/passwd.pdf", "passwd.pdf"),
        ("C:\\Users\\agnes\\Bureau\\Compte rendu.pdf", "Compte rendu.pdf"),
        ("Réunion d'équipe.pdf", "Réunion d'équipe.pdf"),
        ("  ...  ", "piece-jointe"),
    ],
)
def test_names_lose_their_folders(raw, expected):
    assert sanitise_name(raw) == expected


@pytest.mark.parametrize("raw", ["note\x00\x07 de\r\nprojet.pdf", "facture\u202efdp.exe\x1b[0m"])
def test_names_lose_control_and_invisible_characters(raw):
    name = sanitise_name(raw)
    assert name and all(unicodedata.category(c)[0] != "C" for c in name)
    assert name.startswith(("note", "facture"))


def test_long_names_are_cut_keeping_the_extension(application, applicant):
    attachment = attachment_add(
        application=application, actor=applicant, upload=upload("x" * 300 + ".pdf", MINIMAL_PDF)
    )
    assert len(attachment.original_name) == 200
    assert attachment.original_name.endswith("x.pdf")


@pytest.mark.parametrize(
    ("size", "expected"),
    [
        (1, "1 octet"),
        (12, "12 octets"),
        (1536, "1,5 Ko"),
        (int(1.2 * 1024 * 1024), "1,2 Mo"),
        (10 * 1024 * 1024, "10 Mo"),
    ],
)
def test_sizes_are_written_the_french_way(size, expected):
    assert format_size(size).replace("\u00a0", " ") == expected


# --- deleting --------------------------------------------------------------------------


def test_delete_removes_row_and_file_and_audits(
    application, applicant, django_capture_on_commit_callbacks
):
    attachment = attachment_add(
        application=application, actor=applicant, upload=upload("n.pdf", MINIMAL_PDF)
    )
    storage, stored = attachment.file.storage, attachment.file.name
    with django_capture_on_commit_callbacks(execute=True):
        attachment_delete(attachment=attachment, actor=applicant)
    assert not Attachment.objects.exists()
    assert not storage.exists(stored)
    event = AuditEvent.objects.for_object(application).get(action="attachment.deleted")
    assert event.from_value == "n.pdf" and event.actor == applicant


def test_submitted_dossier_keeps_its_files(complete_application, applicant):
    attachment = attachment_add(
        application=complete_application, actor=applicant, upload=upload("n.pdf", MINIMAL_PDF)
    )
    application_submit(application_id=complete_application.pk, user=applicant)
    with pytest.raises(ApplicationError):
        attachment_delete(attachment=attachment, actor=applicant)
    assert Attachment.objects.filter(pk=attachment.pk).exists()
