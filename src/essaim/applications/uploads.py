"""Checking an uploaded file before it joins a dossier: its real type, its size, its name.

The type is read from the file's own bytes (`filetype`), never from its name or from the
content type the browser announces: both are chosen by the sender. Office documents are ZIP
containers, so anything that starts like a ZIP is also opened as one: a DOCX or ODT must
really be a text document and carry no macros; any other ZIP is refused. Nothing here
touches the database or the storage.
"""

import hashlib
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import PurePosixPath

import filetype
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .errors import ApplicationError

PDF = "application/pdf"
ODT = "application/vnd.oasis.opendocument.text"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PNG = "image/png"
JPEG = "image/jpeg"

# Detected type -> the extensions a file of that type may carry (the first is the usual one).
ACCEPTED_TYPES: dict[str, tuple[str, ...]] = {
    PDF: (".pdf",),
    ODT: (".odt",),
    DOCX: (".docx",),
    PNG: (".png",),
    JPEG: (".jpg", ".jpeg"),
}
ACCEPTED_LABELS = "PDF, ODT, DOCX, PNG, JPEG"
# A hint for the browser's file picker only; the server never trusts it.
ACCEPT_ATTRIBUTE = ",".join(
    [ext for exts in ACCEPTED_TYPES.values() for ext in exts] + list(ACCEPTED_TYPES)
)

ZIP_FAMILY = {
    "application/zip",
    "application/epub+zip",
    DOCX,
    ODT,
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "application/vnd.oasis.opendocument.spreadsheet",
    "application/vnd.oasis.opendocument.presentation",
}
ARCHIVES = {
    "application/x-tar",
    "application/x-rar-compressed",
    "application/gzip",
    "application/x-bzip2",
    "application/x-7z-compressed",
    "application/vnd.ms-cab-compressed",
    "application/x-xz",
    "application/x-unix-archive",
    "application/x-compress",
    "application/x-lzop",
    "application/x-lzip",
    "application/x-lz4",
    "application/zstd",
}
PROGRAMS = {
    "application/x-msdownload",
    "application/x-executable",
    "application/wasm",
    "application/x-shockwave-flash",
    "application/x-google-chrome-extension",
    "application/x-deb",
    "application/x-rpm",
}
OTHER_OFFICE_LABELS = {
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "XLSX",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": "PPTX",
    "application/vnd.oasis.opendocument.spreadsheet": "ODS",
    "application/vnd.oasis.opendocument.presentation": "ODP",
    "application/vnd.ms-excel": "XLS",
    "application/vnd.ms-powerpoint": "PPT",
    "application/msword": "DOC",
}

MAX_NAME_LENGTH = 200  # Attachment.original_name
SNIFF_BYTES = 8192  # what filetype reads at most
# A real document unpacks to a few times its size; a ZIP that claims far more is a bomb
# aimed at whoever opens it later.
MAX_UNPACKED_BYTES = 250 * 1024 * 1024
MAX_ZIP_ENTRIES = 5000
ODT_MACRO_FOLDERS = ("basic/", "scripts/")


class UploadRefused(ApplicationError):
    """The file itself is refused (type, content, size); the message names it."""


@dataclass(frozen=True)
class CheckedFile:
    name: str
    content_type: str
    size: int
    sha256: str


CheckedUpload = CheckedFile


def format_size(size: int) -> str:
    """'12 octets', '350 Ko', '1,2 Mo', '10 Mo' — the French way, 1 Ko = 1 024 octets."""
    if size < 1024:
        template = ngettext("%(size)s octet", "%(size)s octets", size)
        return template.replace(" ", "\u00a0") % {"size": size}
    for unit_size, template in (
        (1024**3, _("%(size)s Go")),
        (1024**2, _("%(size)s Mo")),
        (1024, _("%(size)s Ko")),
    ):
        if size >= unit_size:
            value = round(size / unit_size, 1)
            decimals = 1 if value < 10 and value != int(value) else 0
            number = formats.number_format(round(value, decimals), decimals)
            return template.replace(" ", "\u00a0") % {"size": number}
    raise AssertionError("unreachable")


human_size = format_size


def _has_letter(suffix: str) -> bool:
    return any(ch.isalpha() for ch in suffix)


def sanitise_name(name: str, *, content_type: str = "") -> str:
    """The name to show and to offer on download: no folders, no control or invisible
    characters (a right-to-left override can disguise 'fdp.exe' as 'exe.pdf'), at most 200
    characters; with `content_type`, an extension that matches the detected type."""
    name = unicodedata.normalize("NFC", name or "")
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(" " if unicodedata.category(ch).startswith("C") else ch for ch in name)
    name = " ".join(name.split()).strip(" .")
    extensions = ACCEPTED_TYPES.get(content_type, ())
    if extensions:
        suffix = PurePosixPath(name).suffix
        if suffix.lower() not in extensions:
            stem = name[: -len(suffix)] if suffix and _has_letter(suffix) else name
            name = f"{stem.rstrip(' .') or _('piece-jointe')}{extensions[0]}"
    if not name:
        name = _("piece-jointe")
    if len(name) > MAX_NAME_LENGTH:
        suffix = PurePosixPath(name).suffix
        suffix = suffix if len(suffix) <= 10 else ""
        name = name[: MAX_NAME_LENGTH - len(suffix)].rstrip(" .") + suffix
    return name


sanitise_filename = sanitise_name


def inspect_upload(upload, *, max_bytes: int | None = None) -> CheckedFile:
    """Accept a PDF, ODT, DOCX, PNG or JPEG (of at most `max_bytes`, when given), judged from
    its content, or raise UploadRefused with a message that names the file. Leaves `upload`
    rewound."""
    shown_name = sanitise_name(getattr(upload, "name", "") or "")
    size = upload.size
    if max_bytes is not None and size > max_bytes:
        raise UploadRefused(
            _("« %(name)s » pèse %(size)s : un fichier ne peut pas dépasser %(max)s.")
            % {"name": shown_name, "size": format_size(size), "max": format_size(max_bytes)}
        )
    if not size:
        raise UploadRefused(
            _(
                "« %(name)s » est vide : joignez un fichier d'un type accepté (PDF, ODT, DOCX, "
                "PNG ou JPEG) qui a un contenu."
            )
            % {"name": shown_name}
        )
    upload.seek(0)
    head = upload.read(SNIFF_BYTES)
    upload.seek(0)
    kind = filetype.guess(head) if head else None
    detected = kind.mime if kind else ""
    if detected in ZIP_FAMILY or head.startswith(b"PK\x03\x04"):
        content_type = _check_zip(upload, detected, shown_name)
    elif detected in ACCEPTED_TYPES:
        content_type = detected
    else:
        raise UploadRefused(_refusal(detected) % {"name": shown_name})
    return CheckedFile(
        name=sanitise_name(upload.name, content_type=content_type),
        content_type=content_type,
        size=size,
        sha256=_sha256(upload),
    )


def check_upload(upload, *, max_bytes: int) -> CheckedFile:
    return inspect_upload(upload, max_bytes=max_bytes)


def _refusal(detected: str) -> str:
    if detected in PROGRAMS:
        return _(
            "« %(name)s » est un programme : les programmes ne sont pas d'un type accepté. "
            "Joignez un document PDF, ODT ou DOCX, ou une image PNG ou JPEG."
        )
    if detected in ARCHIVES or detected == "application/zip":
        return _(
            "« %(name)s » est une archive compressée : les archives ne sont pas acceptées. "
            "Joignez chaque document séparément, au format PDF, ODT, DOCX, PNG ou JPEG."
        )
    if detected in OTHER_OFFICE_LABELS:
        return _(
            "« %(name)s » est un fichier %(kind)s, qui n'est pas d'un type accepté : "
            "enregistrez-le en PDF puis joignez-le à nouveau."
        ).replace("%(kind)s", OTHER_OFFICE_LABELS[detected])
    return _(
        "« %(name)s » n'est pas d'un type accepté : joignez un fichier dans un format accepté, "
        "un document PDF, ODT ou DOCX, ou une image PNG ou JPEG."
    )


def _sha256(upload) -> str:
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()


def _check_zip(upload, detected: str, shown_name: str) -> str:
    """A ZIP is accepted only as a real DOCX or ODT text document without macros.

    Returns the document's content type, or raises UploadRefused."""
    label = {DOCX: "DOCX", ODT: "ODT"}.get(detected, "")
    damaged = _(
        "« %(name)s » est endommagé : ce fichier abîmé ou incomplet ne s'ouvre pas comme un "
        "document %(kind)s. Enregistrez-le à nouveau depuis votre traitement de texte, ou "
        "joignez-le en PDF."
    ) % {"name": shown_name, "kind": label or _("DOCX ou ODT")}
    macros = _(
        "« %(name)s » contient des macros, qui ne sont pas acceptées : enregistrez-le sans "
        "macros (au format DOCX ou ODT) ou en PDF, puis joignez-le à nouveau."
    ) % {"name": shown_name}
    upload.seek(0)
    try:
        with zipfile.ZipFile(getattr(upload, "file", upload)) as archive:
            entries = archive.infolist()
            names = {entry.filename for entry in entries}
            lowered = {name.lower() for name in names}
            if (
                not entries
                or len(entries) > MAX_ZIP_ENTRIES
                or (sum(entry.file_size for entry in entries) > MAX_UNPACKED_BYTES)
            ):
                raise UploadRefused(damaged)
            # A macro project in any Office container (.docm renamed .docx included).
            if any(PurePosixPath(name).name == "vbaproject.bin" for name in lowered):
                raise UploadRefused(macros)
            if detected == DOCX:
                if "[Content_Types].xml" not in names or "word/document.xml" not in names:
                    raise UploadRefused(damaged)
                types = archive.getinfo("[Content_Types].xml")
                if types.file_size > 1024 * 1024:
                    raise UploadRefused(damaged)
                if b"macroenabled" in archive.read(types).lower():
                    raise UploadRefused(macros)
                return DOCX
            if detected == ODT:
                if entries[0].filename != "mimetype" or "content.xml" not in names:
                    raise UploadRefused(damaged)
                if archive.read(entries[0]).strip() != ODT.encode():
                    raise UploadRefused(damaged)
                if any(name.startswith(ODT_MACRO_FOLDERS) for name in lowered):
                    raise UploadRefused(macros)
                return ODT
            raise UploadRefused(_refusal(detected or "application/zip") % {"name": shown_name})
    except UploadRefused:
        raise
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        OSError,
        EOFError,
        ValueError,
        KeyError,
        NotImplementedError,
        RuntimeError,
    ) as exc:
        # RuntimeError: an encrypted part; NotImplementedError: an unknown compression.
        raise UploadRefused(damaged) from exc
    finally:
        upload.seek(0)
