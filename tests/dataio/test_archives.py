"""ZIP archives of dossiers for the jury: contents, names, files byte for byte, PDF text,
and memory that stays flat whatever the size of the files."""

import csv
import io
import subprocess
import tracemalloc
import zipfile

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile

from essaim.applications.enums import ApplicationState, AttachmentKind
from essaim.applications.models import Application, Attachment
from essaim.applications.services.attachments import attachment_add
from essaim.dataio.archives import safe_part, write_application_archive, write_call_archive

from ..factories import ApplicationFactory, CallFactory, UserFactory, submitted_for_real

MINIMAL_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


def pdf_upload(name: str, tag: bytes = b"") -> SimpleUploadedFile:
    return SimpleUploadedFile(
        name, MINIMAL_PDF + b"%" + tag + b"\n", content_type="application/pdf"
    )


def dossier(call, title: str, *, files=(), organisation="Commune de Pessac", owner=None):
    owner = owner or UserFactory(full_name=f"Porteur de {title}")
    application = ApplicationFactory(
        call=call,
        created_by=owner,
        complete=True,
        ready=True,
        title=title,
        organisation_name=organisation,
    )
    for name, tag in files:
        attachment_add(application=application, actor=owner, upload=pdf_upload(name, tag))
    return submitted_for_real(application)


def read_zip(buffer: io.BytesIO) -> zipfile.ZipFile:
    buffer.seek(0)
    archive = zipfile.ZipFile(buffer)
    assert archive.testzip() is None
    return archive


def pdf_text(content: bytes, tmp_path) -> str:
    path = tmp_path / "dossier.pdf"
    path.write_bytes(content)
    out = subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, check=True, text=True
    ).stdout
    return " ".join(out.split())


def index_rows(archive: zipfile.ZipFile) -> list[dict]:
    text = archive.read("index.csv").decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text[1:]), delimiter=";"))


@pytest.fixture
def three(call):
    return [
        dossier(call, "Un guichet unique", files=[("note.pdf", b"a"), ("note.pdf", b"b")]),
        dossier(call, "Accueil / téléphone : « rappel »", organisation="Ville de Saint-Denis"),
        dossier(call, "Un guichet unique", files=[("plan.pdf", b"c")]),
    ]


def test_call_archive_has_a_folder_per_dossier_with_pdf_files_and_index(call, three, tmp_path):
    draft = ApplicationFactory(call=call, title="Brouillon oublié", complete=True)
    buffer = io.BytesIO()
    write_call_archive(call, buffer)
    archive = read_zip(buffer)
    names = archive.namelist()

    first, second, third = three
    folder = f"{first.reference} - Commune de Pessac - Un guichet unique/"
    assert f"{folder}{first.reference} - dossier.pdf" in names
    # two files with the same name in one dossier are both kept
    assert f"{folder}pieces-jointes/note.pdf" in names
    assert f"{folder}pieces-jointes/note (2).pdf" in names
    # same title and body in two dossiers: the reference keeps their folders apart
    assert (
        f"{third.reference} - Commune de Pessac - Un guichet unique/pieces-jointes/plan.pdf"
        in names
    )
    # separators and reserved characters never reach a path
    second_folder = f"{second.reference} - Ville de Saint-Denis - Accueil téléphone « rappel »/"
    assert f"{second_folder}{second.reference} - dossier.pdf" in names
    assert all(".." not in name and not name.startswith("/") for name in names)
    # drafts stay out
    assert not any(draft.title in name for name in names)

    # files byte for byte
    for application in three:
        for attachment in application.attachments.all():
            matches = [
                n
                for n in names
                if n.startswith(f"{application.reference} ") and "/pieces-jointes/" in n
            ]
            stored = attachment.file.open("rb").read()
            attachment.file.close()
            assert stored in [archive.read(n) for n in matches]

    # the index lists every dossier and its folder
    rows = index_rows(archive)
    assert [row["Référence"] for row in rows] == [a.reference for a in three]
    assert rows[0]["Dossier dans l'archive"] == folder
    assert rows[0]["Pièces jointes"] == "2"
    assert rows[0]["État"] == "Déposé"

    # the PDF says what the dossier is
    text = pdf_text(archive.read(f"{folder}{first.reference} - dossier.pdf"), tmp_path)
    assert "Un guichet unique" in text
    assert first.reference in text
    assert "Les usagers attendent longtemps au téléphone." in text
    assert "Porteur de Un guichet unique" in text  # the team, by name
    assert "note.pdf" in text  # the list of files
    assert "@" not in text  # no e-mail address in the jury's copy


def test_progress_is_reported_after_each_dossier(call, three):
    seen = []
    write_call_archive(call, io.BytesIO(), progress=lambda done, total: seen.append((done, total)))
    assert seen == [(0, 3), (1, 3), (2, 3), (3, 3)]


def test_chosen_dossiers_only_and_never_another_calls(call, three, fund):
    other = dossier(CallFactory(fund=fund), "Autre appel")
    buffer = io.BytesIO()
    chosen = Application.objects.filter(pk__in=[three[1].pk, other.pk])
    write_call_archive(call, buffer, applications=chosen)
    rows = index_rows(read_zip(buffer))
    assert [row["Référence"] for row in rows] == [three[1].reference]


def test_application_archive_of_one_dossier(call, three):
    buffer = io.BytesIO()
    write_application_archive(three[0], buffer)
    archive = read_zip(buffer)
    folders = {name.split("/")[0] for name in archive.namelist() if "/" in name}
    assert folders == {f"{three[0].reference} - Commune de Pessac - Un guichet unique"}
    assert len(index_rows(archive)) == 1


def test_a_file_missing_from_storage_is_noted_not_fatal(call, three):
    lost = three[2].attachments.get()
    lost.file.storage.delete(lost.file.name)
    buffer = io.BytesIO()
    write_call_archive(call, buffer)
    rows = index_rows(read_zip(buffer))
    assert rows[2]["Fichiers introuvables"] == "plan.pdf"
    assert rows[2]["Pièces jointes"] == "0"


def test_hiding_applicants_leaves_names_and_files_out(call, three, tmp_path):
    buffer = io.BytesIO()
    write_call_archive(call, buffer, hide_applicants=True)
    archive = read_zip(buffer)
    names = archive.namelist()
    assert f"{three[0].reference}/{three[0].reference} - dossier.pdf" in names
    assert not any("pieces-jointes" in name or "Pessac" in name for name in names)
    text = pdf_text(
        archive.read(f"{three[0].reference}/{three[0].reference} - dossier.pdf"), tmp_path
    )
    assert "Porteur de Un guichet unique" not in text
    assert "Commune de Pessac" not in text and "Claire Martin" not in text
    assert "Les usagers attendent longtemps au téléphone." in text


def test_signed_support_scan_is_named_as_such(call, staff):
    application = ApplicationFactory(call=call, created_by=staff, complete=True, ready=True)
    scan = attachment_add(application=application, actor=staff, upload=pdf_upload("scan.pdf"))
    Attachment.objects.filter(pk=scan.pk).update(kind=AttachmentKind.SIGNED_SUPPORT)
    buffer = io.BytesIO()
    write_application_archive(application, buffer)
    names = read_zip(buffer).namelist()
    assert any(name.endswith("pieces-jointes/soutien-signe - scan.pdf") for name in names)


class OneWayStream(io.RawIOBase):
    """A response body: written to, never sought nor read back."""

    def __init__(self):
        self.parts = []

    def writable(self):
        return True

    def write(self, data):
        self.parts.append(bytes(data))
        return len(data)


def test_archive_streams_to_an_unseekable_output(call, three):
    stream = OneWayStream()
    write_call_archive(call, stream)
    archive = read_zip(io.BytesIO(b"".join(stream.parts)))
    assert len(index_rows(archive)) == 3


def test_safe_part_keeps_names_portable():
    assert safe_part("../../etc/passwd") == "etc passwd"
    assert safe_part('a<b>c:d"e|f?g*h\\i') == "a b c d e f g h i"
    assert safe_part("  Titre. ") == "Titre"
    assert safe_part("x" * 80).endswith("…") and len(safe_part("x" * 80)) == 61
    assert safe_part("fdp\u202eexe.pdf") == "fdp exe.pdf"


# --- memory -----------------------------------------------------------------------------------


def _dossier_with_big_files(call, count: int, size: int) -> Application:
    """A submitted dossier with `count` stored files of `size` bytes (written straight to the
    storage: the upload limits are not what is measured here)."""
    application = dossier(call, f"Dossier de {count} fichiers de {size} octets")
    for n in range(count):
        attachment = Attachment(
            application=application,
            original_name=f"fichier-{n:03d}.pdf",
            content_type="application/pdf",
            size=size,
            sha256="0" * 64,
        )
        attachment.file.save(f"f{n}", ContentFile(bytes([n % 251]) * size), save=False)
        attachment.save()
    return application


def _peak_while_archiving(application, tmp_path) -> int:
    target = tmp_path / f"{application.pk}.zip"
    write_application_archive(application, io.BytesIO())  # warm up: fonts, templates
    tracemalloc.start()
    try:
        with target.open("wb") as out:
            write_application_archive(application, out)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_memory_does_not_grow_with_the_files(call, tmp_path):
    count = 40
    small = _dossier_with_big_files(call, count, 16 * 1024)
    big = _dossier_with_big_files(call, count, 1024 * 1024)  # 40 Mo of files
    peak_small = _peak_while_archiving(small, tmp_path)
    peak_big = _peak_while_archiving(big, tmp_path)
    # 39 Mo more of files cost less than 4 Mo more of memory: files are copied in chunks,
    # never held whole, let alone together
    assert peak_big - peak_small < 4 * 1024 * 1024, (peak_small, peak_big)
    with zipfile.ZipFile(tmp_path / f"{big.pk}.zip") as archive:
        files = [n for n in archive.namelist() if "/pieces-jointes/" in n]
        assert len(files) == count
        assert archive.getinfo(files[-1]).file_size == 1024 * 1024
    assert big.state == ApplicationState.SUBMITTED
