"""ZIP archives of dossiers for the jury's off-line reading.

    write_application_archive(application, fileobj)
    write_call_archive(call, fileobj, applications=None, progress=None)

Each dossier gets a folder "MNT-2024-06-0012 - Commune de Pessac - Un guichet unique/"
holding the PDF of the dossier (applications.dossier_pdf) and its files under
"pieces-jointes/"; the root holds "index.csv" (one row per dossier, UTF-8 with BOM and ";"
for spreadsheets set to French) listing every folder.

Memory stays flat whatever the size of the call: dossiers are read from the database in
chunks, one PDF is held at a time, and each file is copied from the storage to the ZIP in
chunks of CHUNK_BYTES; `fileobj` may be a file on disk or any writable stream (it need not
be seekable). A file missing from the storage is noted in the index, not fatal.

What the archive holds (decided for the jury's use): the full dossier as the team
submitted it — team names and functions, the body, every answer, the support's signatory,
every file — but no e-mail address or other contact details, which the back-office keeps.
It is a confidential document for the fund's staff and its jurors, who see the applicants'
names at the jury stage. With `hide_applicants=True` (for a reading stage that hides who
applied) the people's and body's names leave the PDFs and the folder names, and the files
are left out, since a scan or a letter names its authors and cannot be cleaned reliably.
"""

import csv
import io
import unicodedata
import zipfile
from collections.abc import Callable, Iterable

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from essaim.applications.dossier_pdf import latest_version, render_dossier_pdf
from essaim.applications.enums import ApplicationState, AttachmentKind, SubmissionChannel
from essaim.applications.models import Application
from essaim.funds.models import Call

__all__ = ["write_application_archive", "write_call_archive"]

CHUNK_BYTES = 256 * 1024
DB_CHUNK = 50
MAX_PART = 60  # characters of each part of a folder name
ATTACHMENTS_FOLDER = "pieces-jointes"
INDEX_NAME = "index.csv"
FORBIDDEN = set('<>:"/\\|?*')

Progress = Callable[[int, int], None]


def safe_part(text: str, *, limit: int = MAX_PART) -> str:
    """A piece of a path that every system accepts: no separators, no reserved or control
    characters, no leading or trailing dots or spaces, at most `limit` characters."""
    text = unicodedata.normalize("NFC", text or "")
    text = "".join(
        " " if ch in FORBIDDEN or unicodedata.category(ch).startswith("C") else ch for ch in text
    )
    text = " ".join(text.split()).strip(" .")
    if len(text) > limit:
        text = text[:limit].rstrip(" .") + "…"
    return text


def _unique(name: str, taken: set[str], *, is_file: bool = True) -> str:
    """`name`, or "name (2)" (before a file's extension) when it is already used;
    case-insensitive, as Windows and macOS compare names."""
    stem, dot, ext = name.rpartition(".") if is_file and "." in name else (name, "", "")
    candidate, n = name, 1
    while candidate.lower() in taken:
        n += 1
        candidate = f"{stem} ({n}).{ext}" if dot else f"{name} ({n})"
    taken.add(candidate.lower())
    return candidate


def _folder_name(application: Application, hide_applicants: bool) -> str:
    reference = application.reference or _("Brouillon %(pk)s") % {"pk": application.pk}
    parts = [safe_part(reference)]
    if not hide_applicants:
        if application.organisation_name:
            parts.append(safe_part(application.organisation_name, limit=40))
        if application.title:
            parts.append(safe_part(application.title))
    return " - ".join(part for part in parts if part) or str(application.pk)


def _zip_info(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=timezone.localtime().timetuple()[:6])
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    return info


def _copy_file(archive: zipfile.ZipFile, name: str, field) -> int:
    """Stream a stored file into the archive in chunks; returns the bytes copied."""
    copied = 0
    field.open("rb")
    try:
        with archive.open(_zip_info(name), "w", force_zip64=True) as target:
            for chunk in field.chunks(CHUNK_BYTES):
                target.write(chunk)
                copied += len(chunk)
    finally:
        field.close()
    return copied


def _add_dossier(
    archive: zipfile.ZipFile, application: Application, taken: set[str], *, hide_applicants: bool
) -> dict:
    """Write one dossier's folder; returns its row of the index."""
    folder = _unique(_folder_name(application, hide_applicants), taken, is_file=False)
    version = latest_version(application) if application.state != ApplicationState.DRAFT else None
    pdf = render_dossier_pdf(application, version=version, hide_applicants=hide_applicants)
    pdf_name = f"{folder}/{safe_part(application.reference or _('dossier'))} - {_('dossier')}.pdf"
    archive.writestr(_zip_info(pdf_name), pdf)
    del pdf  # one PDF at a time
    written, missing = [], []
    if not hide_applicants:
        names: set[str] = set()
        for attachment in application.attachments.all():
            shown = safe_part(attachment.original_name, limit=120) or _("piece-jointe")
            if attachment.kind == AttachmentKind.SIGNED_SUPPORT:
                shown = f"{_('soutien-signe')} - {shown}"
            name = f"{folder}/{ATTACHMENTS_FOLDER}/{_unique(shown, names)}"
            try:
                _copy_file(archive, name, attachment.file)
            except (FileNotFoundError, OSError, ValueError):
                missing.append(attachment.original_name)
            else:
                written.append(attachment.original_name)
    return {
        "reference": application.reference or "",
        "title": application.title,
        "organisation": "" if hide_applicants else application.organisation_name,
        "departement": application.organisation_departement,
        "state": str(ApplicationState(application.state).label),
        "submitted_at": timezone.localtime(application.submitted_at).strftime("%d/%m/%Y %H:%M")
        if application.submitted_at
        else "",
        "channel": str(SubmissionChannel(application.submission_channel).label),
        "folder": folder + "/",
        "files": len(written),
        "missing": ", ".join(missing),
    }


INDEX_COLUMNS = [
    ("reference", gettext_lazy("Référence")),
    ("title", gettext_lazy("Titre du projet")),
    ("organisation", gettext_lazy("Organisme")),
    ("departement", gettext_lazy("Département")),
    ("state", gettext_lazy("État")),
    ("submitted_at", gettext_lazy("Déposé le")),
    ("channel", gettext_lazy("Canal de dépôt")),
    ("folder", gettext_lazy("Dossier dans l'archive")),
    ("files", gettext_lazy("Pièces jointes")),
    ("missing", gettext_lazy("Fichiers introuvables")),
]


def _write_index(archive: zipfile.ZipFile, rows: list[dict]) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([str(label) for _key, label in INDEX_COLUMNS])
    for row in rows:
        writer.writerow([row[key] for key, _label in INDEX_COLUMNS])
    archive.writestr(_zip_info(INDEX_NAME), "\ufeff" + buffer.getvalue())


def _queryset(applications: Iterable[Application] | QuerySet) -> Iterable[Application]:
    if isinstance(applications, QuerySet):
        return (
            applications.select_related("call__fund")
            .prefetch_related("attachments")
            .order_by("reference", "pk")
            .iterator(chunk_size=DB_CHUNK)
        )
    return applications


def _write(
    fileobj,
    applications: Iterable[Application],
    *,
    total: int,
    progress: Progress | None,
    hide_applicants: bool,
) -> None:
    taken: set[str] = {INDEX_NAME.lower()}
    rows = []  # a few hundred bytes per dossier: the index is written last
    with zipfile.ZipFile(fileobj, "w", compression=zipfile.ZIP_DEFLATED, allowZip64=True) as zf:
        for done, application in enumerate(applications, start=1):
            rows.append(_add_dossier(zf, application, taken, hide_applicants=hide_applicants))
            if progress is not None:
                progress(done, total)
        _write_index(zf, rows)


def write_application_archive(
    application: Application, fileobj, *, hide_applicants: bool = False
) -> None:
    """A ZIP of one dossier (its PDF, its files, the index) written to `fileobj`."""
    _write(
        fileobj,
        _queryset(Application.objects.filter(pk=application.pk)),
        total=1,
        progress=None,
        hide_applicants=hide_applicants,
    )


def write_call_archive(
    call: Call,
    fileobj,
    *,
    applications: QuerySet[Application] | None = None,
    progress: Progress | None = None,
    hide_applicants: bool = False,
) -> None:
    """A ZIP of a call's dossiers written to `fileobj`.

    `applications` (a queryset, within the call) defaults to every submitted dossier, drafts
    left out. `progress(done, total)` is called after each dossier, for a progress bar.
    """
    if applications is None:
        applications = Application.objects.filter(call=call).exclude(state=ApplicationState.DRAFT)
    else:
        applications = applications.filter(call=call)  # never another call's dossier
    total = applications.count()
    if progress is not None:
        progress(0, total)
    _write(
        fileobj,
        _queryset(applications),
        total=total,
        progress=progress,
        hide_applicants=hide_applicants,
    )
