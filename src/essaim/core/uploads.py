"""Checking an uploaded file before it is stored: its real type, its size, its name, and what
it may carry (macros, scripts, hidden archives). The one checker of every upload of Essaim:
dossier attachments, accompaniment documents, catalogue resources and photos, fund logos.

The type is read from the file's own bytes, never from its name or from the content type the
browser announces: both are chosen by the sender. libmagic (`python-magic`, the library
behind `file(1)`) reads it; when libmagic is not installed on the machine (a developer's Mac
or Windows without it) the pure-Python `filetype` takes over, so that Essaim still runs —
with the same allow-list and the same checks below, which do not depend on either reader.

Only a short allow-list is accepted (`DOCUMENTS`: PDF, ODT, DOCX, PNG, JPEG; `IMAGES` for
logos). On top of the readers, the first bytes are matched against programs (PE, ELF,
Mach-O, Java, shell scripts), old Office files (OLE2, which carry macros unseen), archives,
web pages and SVG, to say precisely why a file is refused. Then:

- ZIP containers are opened: a DOCX or ODT must really be a text document, without a macro
  project, ActiveX control, embedded OLE package or script event; any other ZIP is refused;
  a ZIP announcing far more bytes than it holds (a "zip bomb") is refused unread.
- PDFs are read for active content: JavaScript (`/JS`, `/JavaScript`), launch actions
  (`/Launch`), attached files (`/EmbeddedFile`) and Flash (`/RichMedia`), also inside
  compressed object streams and behind `#xx` escapes in names. Such a PDF is refused with
  the advice to print it to PDF, which flattens it; a dossier's document needs none of that.
- A PDF or image that is at the same time a ZIP (a polyglot) is refused.
- Images are opened by Pillow: a header it cannot read, or more than 64 million pixels
  (a decompression bomb for whoever views it), is refused.

Nothing here touches the database or the storage.
"""

import contextlib
import hashlib
import io
import re
import unicodedata
import warnings
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import PurePosixPath

import filetype
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

try:  # libmagic is a system library (Debian: libmagic1); without it, filetype reads types.
    import magic as _libmagic

    _libmagic.from_buffer(b"%PDF-1.4\n", mime=True)
except (ImportError, OSError, AttributeError):  # pragma: no cover - machines without libmagic
    _libmagic = None

PDF = "application/pdf"
ODT = "application/vnd.oasis.opendocument.text"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PNG = "image/png"
JPEG = "image/jpeg"
GIF = "image/gif"
WEBP = "image/webp"


@dataclass(frozen=True)
class Accepted:
    """What one upload field takes: detected type -> its extensions (the usual one first)."""

    types: dict[str, tuple[str, ...]]
    labels: str

    @property
    def accept_attribute(self) -> str:
        """A hint for the browser's file picker only; the server never trusts it."""
        return ",".join([ext for exts in self.types.values() for ext in exts] + list(self.types))


DOCUMENTS = Accepted(
    types={
        PDF: (".pdf",),
        ODT: (".odt",),
        DOCX: (".docx",),
        PNG: (".png",),
        JPEG: (".jpg", ".jpeg"),
    },
    labels="PDF, ODT, DOCX, PNG, JPEG",
)
IMAGES = Accepted(
    types={PNG: (".png",), JPEG: (".jpg", ".jpeg"), WEBP: (".webp",), GIF: (".gif",)},
    labels="PNG, JPEG, WebP, GIF",
)
# Every type any field accepts, with its extensions (names of stored files follow it).
ALL_TYPES = {**DOCUMENTS.types, **IMAGES.types}
# What may be shown in the browser rather than downloaded (see core.downloads).
IMAGE_TYPES = frozenset({PNG, JPEG, GIF, WEBP})

ACCEPTED_TYPES = DOCUMENTS.types
ACCEPTED_LABELS = DOCUMENTS.labels
ACCEPT_ATTRIBUTE = DOCUMENTS.accept_attribute

MAX_NAME_LENGTH = 200  # the models' original_name
SNIFF_BYTES = 8192  # what the type readers look at
# A real document unpacks to a few times its size; a ZIP that claims far more is a bomb
# aimed at whoever opens it later.
MAX_UNPACKED_BYTES = 250 * 1024 * 1024
MAX_ZIP_RATIO = 100  # unpacked / packed, over the whole archive, beyond 10 Mo unpacked
RATIO_FLOOR_BYTES = 10 * 1024 * 1024
MAX_ZIP_ENTRIES = 5000
MAX_XML_SCAN_BYTES = 20 * 1024 * 1024  # content.xml and the like, read for script events
# PDF streams inflated to look for hidden active content, in total, per file.
MAX_PDF_INFLATED_BYTES = 64 * 1024 * 1024
MAX_PDF_STREAMS = 20_000
MAX_IMAGE_PIXELS = 64_000_000  # 8000 x 8000; Pillow's own bomb limit is about 89 M

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
PROGRAM_MAGICS = (
    b"MZ",  # Windows PE, DOS, .com/.scr/.dll
    b"\x7fELF",
    b"\xfe\xed\xfa\xce",  # Mach-O, both byte orders, 32 and 64 bits
    b"\xfe\xed\xfa\xcf",
    b"\xce\xfa\xed\xfe",
    b"\xcf\xfa\xed\xfe",
    b"\xca\xfe\xba\xbe",  # Mach-O universal binary, Java class
    b"#!",  # shell, Python, Perl… scripts
    b"\x00asm",  # WebAssembly
    b"dex\n",  # Android
)
ARCHIVE_MAGICS = (
    b"\x1f\x8b",  # gzip (.gz, .tgz)
    b"BZh",
    b"\xfd7zXZ\x00",
    b"7z\xbc\xaf\x27\x1c",
    b"Rar!\x1a\x07",
    b"MSCF",  # cabinet
    b"\x28\xb5\x2f\xfd",  # zstd
    b"LZIP",
    b"\x04\x22\x4d\x18",  # lz4
    b"!<arch>",  # .deb, .a
    b"\xed\xab\xee\xdb",  # .rpm
    b"xar!",  # .pkg
)
# Text that a browser, Windows or an interpreter would run: web pages, SVG, HTA, scripts.
CODE_MARKERS = re.compile(
    rb"<\s*(?:!doctype\s+html|html|script|svg|hta:application|iframe|object|embed)\b"
    rb"|<\?xml|<\?php|\bcreateobject\s*\(|\bwscript\.|\bpowershell\b|@echo\s+off"
    rb"|\bfunction\s*\(|\beval\s*\(|\bset-executionpolicy\b|x5o!p%@ap\[4\\pzx54\(p\^\)7cc\)7\}",
    re.IGNORECASE,
)
# PDF names that run or carry something (see the module docstring).
PDF_ACTIVE = re.compile(rb"/(?:JavaScript|JS|Launch|EmbeddedFiles?|RichMedia)(?![A-Za-z0-9])")
PDF_NAME_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")
PDF_STREAM = re.compile(rb"stream\r?\n")

ODT_MACRO_FOLDERS = ("basic/", "scripts/")
ODF_SCRIPT_MARKERS = (b"vnd.sun.star.script", b"macro:", b"script:event-listener")
OOXML_ACTIVE = re.compile(r"(^|/)(vbaproject\.bin|vbadata\.xml|activex/|oleobject[^/]*\.bin$)")
OTHER_OFFICE_LABELS = {
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "XLSX",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": "PPTX",
    "application/vnd.oasis.opendocument.spreadsheet": "ODS",
    "application/vnd.oasis.opendocument.presentation": "ODP",
    "application/vnd.oasis.opendocument.graphics": "ODG",
    "application/vnd.ms-excel": "XLS",
    "application/vnd.ms-powerpoint": "PPT",
    "application/msword": "DOC",
    "application/rtf": "RTF",
    "text/rtf": "RTF",
}


class UploadRefused(ValueError):
    """The file itself is refused (type, content, size); the message names it, in French."""


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
    """The name to show and to offer on download: NFC, no folders, no control or invisible
    characters (a right-to-left override can disguise 'fdp.exe' as 'exe.pdf'), at most 200
    characters; with `content_type`, an extension that matches the detected type
    ('facture.pdf.exe' holding a PDF becomes 'facture.pdf')."""
    name = unicodedata.normalize("NFC", name or "")
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(" " if unicodedata.category(ch).startswith("C") else ch for ch in name)
    name = " ".join(name.split()).strip(" .")
    extensions = ALL_TYPES.get(content_type, ())
    if extensions:
        suffix = PurePosixPath(name).suffix
        if suffix.lower() not in extensions:
            stem = name[: -len(suffix)] if suffix and _has_letter(suffix) else name
            stem = stem.rstrip(" .")
            if PurePosixPath(stem).suffix.lower() in extensions:
                name = stem  # 'facture.pdf.exe' -> 'facture.pdf'
            else:
                name = f"{stem or _('piece-jointe')}{extensions[0]}"
    if not name:
        name = _("piece-jointe")
    if len(name) > MAX_NAME_LENGTH:
        suffix = PurePosixPath(name).suffix
        suffix = suffix if len(suffix) <= 10 else ""
        name = name[: MAX_NAME_LENGTH - len(suffix)].rstrip(" .") + suffix
    return name


sanitise_filename = sanitise_name


def detect_type(head: bytes) -> str:
    """The MIME type libmagic (or, without it, filetype) reads in the first bytes; ""
    when neither knows."""
    if not head:
        return ""
    if _libmagic is not None:
        # libmagic's errors are not typed; on any of them filetype reads instead
        with contextlib.suppress(Exception):
            return _libmagic.from_buffer(head, mime=True) or ""
    kind = filetype.guess(head)
    return kind.mime if kind else ""


def inspect_upload(
    upload, *, max_bytes: int | None = None, accept: Accepted = DOCUMENTS
) -> CheckedFile:
    """Accept a file of a type in `accept` (of at most `max_bytes`, when given), judged from
    its content, or raise UploadRefused with a message that names the file and says why.
    Leaves `upload` rewound."""
    shown_name = sanitise_name(getattr(upload, "name", "") or "")
    size = upload.size
    if max_bytes is not None and size > max_bytes:
        raise UploadRefused(
            _("« %(name)s » pèse %(size)s : un fichier ne peut pas dépasser %(max)s.")
            % {"name": shown_name, "size": format_size(size), "max": format_size(max_bytes)}
        )
    if not size:
        raise UploadRefused(
            _(
                "« %(name)s » est vide : joignez un fichier d'un type accepté (%(formats)s) "
                "qui a un contenu."
            )
            % {"name": shown_name, "formats": accept.labels}
        )
    upload.seek(0)
    head = upload.read(SNIFF_BYTES)
    upload.seek(0)
    try:
        content_type = _content_type(upload, head, shown_name, accept)
    finally:
        upload.seek(0)
    return CheckedFile(
        name=sanitise_name(upload.name, content_type=content_type),
        content_type=content_type,
        size=size,
        sha256=_sha256(upload),
    )


def check_upload(upload, *, max_bytes: int, accept: Accepted = DOCUMENTS) -> CheckedFile:
    return inspect_upload(upload, max_bytes=max_bytes, accept=accept)


def _content_type(upload, head: bytes, shown_name: str, accept: Accepted) -> str:
    detected = detect_type(head)
    refusal = _refusal_by_magic(head, detected)
    if refusal:
        raise UploadRefused(refusal % {"name": shown_name, "formats": accept.labels})
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        content_type = _check_zip(upload, shown_name)
    elif detected == PDF or head.startswith(b"%PDF-"):
        content_type = PDF
    else:
        content_type = detected
    if content_type not in accept.types:
        raise UploadRefused(
            _not_accepted(content_type) % {"name": shown_name, "formats": accept.labels}
        )
    if content_type == PDF:
        _check_pdf(upload, shown_name)
    if content_type in IMAGE_TYPES:
        _check_image(upload, shown_name)
    if content_type != DOCX and content_type != ODT and _is_zip(upload):
        raise UploadRefused(
            _(
                "« %(name)s » cache une archive compressée derrière son contenu : il est "
                "refusé. Enregistrez le document à nouveau depuis le logiciel qui l'a créé."
            )
            % {"name": shown_name}
        )
    return content_type


def _refusal_by_magic(head: bytes, detected: str) -> str:
    """A precise reason for the kinds of file never accepted anywhere, or ""."""
    lowered = head[:4096].lower()
    if head.startswith(PROGRAM_MAGICS) or detected in {
        "application/x-dosexec",
        "application/x-msdownload",
        "application/vnd.microsoft.portable-executable",
        "application/x-executable",
        "application/x-sharedlib",
        "application/x-pie-executable",
        "application/x-mach-binary",
        "application/x-elf",
        "application/java-archive",
        "application/x-java-applet",
        "application/wasm",
        "application/x-shockwave-flash",
        "text/x-shellscript",
        "text/x-python",
        "text/x-perl",
        "text/x-msdos-batch",
    }:
        return _(
            "« %(name)s » est un programme ou un script : les programmes ne sont pas d'un "
            "type accepté. Joignez un fichier %(formats)s."
        )
    if head.startswith(OLE2_MAGIC):
        return _(
            "« %(name)s » est un fichier Office d'un ancien format (DOC, XLS, PPT…), qui "
            "peut cacher des macros : il n'est pas d'un type accepté. Enregistrez-le en PDF "
            "ou au format DOCX ou ODT, puis joignez-le à nouveau."
        )
    if (
        head.startswith(ARCHIVE_MAGICS)
        or head[257:262] == b"ustar"
        or detected
        in {
            "application/gzip",
            "application/x-gzip",
            "application/x-tar",
            "application/x-7z-compressed",
            "application/x-rar",
            "application/vnd.rar",
            "application/x-rar-compressed",
            "application/x-bzip2",
            "application/x-xz",
        }
    ):
        return _(
            "« %(name)s » est une archive compressée : les archives ne sont pas acceptées. "
            "Joignez chaque document séparément, au format %(formats)s."
        )
    binary = head.startswith((b"%PDF-", b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"RIFF", b"PK"))
    if not binary and (CODE_MARKERS.search(lowered) or detected in {"text/html", "image/svg+xml"}):
        return _(
            "« %(name)s » contient du code (page web, image SVG, script) : ce type de "
            "fichier n'est pas accepté. Joignez un fichier %(formats)s."
        )
    return ""


def _not_accepted(detected: str) -> str:
    if detected in OTHER_OFFICE_LABELS:
        return _(
            "« %(name)s » est un fichier %(kind)s, qui n'est pas d'un type accepté : "
            "enregistrez-le en PDF puis joignez-le à nouveau."
        ).replace("%(kind)s", OTHER_OFFICE_LABELS[detected])
    return _(
        "« %(name)s » n'est pas d'un type accepté : joignez un fichier dans un format accepté "
        "(%(formats)s)."
    )


def _sha256(upload) -> str:
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()


def _raw(upload):
    return getattr(upload, "file", upload)


def _is_zip(upload) -> bool:
    upload.seek(0)
    try:
        return zipfile.is_zipfile(_raw(upload))
    finally:
        upload.seek(0)


# --- ZIP containers: DOCX and ODT ----------------------------------------------------------


def _check_zip(upload, shown_name: str) -> str:
    """A ZIP is accepted only as a real DOCX or ODT text document, without macros, ActiveX
    or embedded packages, of a sane unpacked size. Returns its type or raises."""
    damaged = _(
        "« %(name)s » est endommagé : ce fichier abîmé ou incomplet ne s'ouvre pas comme un "
        "document DOCX ou ODT. Enregistrez-le à nouveau depuis votre traitement de texte, ou "
        "joignez-le en PDF."
    ) % {"name": shown_name}
    macros = _(
        "« %(name)s » contient des macros ou des objets actifs, qui ne sont pas acceptés : "
        "enregistrez-le sans macros (au format DOCX ou ODT) ou en PDF, puis joignez-le à "
        "nouveau."
    ) % {"name": shown_name}
    bomb = _(
        "« %(name)s » annonce un contenu décompressé démesuré (%(size)s) : il est refusé, "
        "comme le serait une « bombe de décompression ». Joignez le document en PDF."
    )
    upload.seek(0)
    try:
        with zipfile.ZipFile(_raw(upload)) as archive:
            entries = archive.infolist()
            if not entries or len(entries) > MAX_ZIP_ENTRIES:
                raise UploadRefused(damaged)
            unpacked = sum(entry.file_size for entry in entries)
            packed = sum(entry.compress_size for entry in entries) or 1
            if unpacked > MAX_UNPACKED_BYTES or (
                unpacked > RATIO_FLOOR_BYTES and unpacked / packed > MAX_ZIP_RATIO
            ):
                raise UploadRefused(bomb % {"name": shown_name, "size": format_size(unpacked)})
            names = {entry.filename for entry in entries}
            lowered = {name.lower() for name in names}
            # A macro project, ActiveX or OLE package in any Office container (.docm renamed
            # .docx included).
            if any(OOXML_ACTIVE.search(name) for name in lowered):
                raise UploadRefused(macros)
            kind = _zip_kind(archive, entries, names)
            if kind == DOCX:
                types = archive.getinfo("[Content_Types].xml")
                if types.file_size > 1024 * 1024 or "word/document.xml" not in names:
                    raise UploadRefused(damaged)
                if b"macroenabled" in archive.read(types).lower():
                    raise UploadRefused(macros)
                return DOCX
            if kind == ODT:
                if "content.xml" not in names:
                    raise UploadRefused(damaged)
                if any(name.startswith(ODT_MACRO_FOLDERS) for name in lowered):
                    raise UploadRefused(macros)
                for part in ("content.xml", "styles.xml", "settings.xml"):
                    if part in names and _odf_part_runs_scripts(archive, part):
                        raise UploadRefused(macros)
                return ODT
            if kind in OTHER_OFFICE_LABELS:
                return kind
            raise UploadRefused(
                _(
                    "« %(name)s » est une archive compressée : les archives ne sont pas "
                    "acceptées. Joignez chaque document séparément."
                )
                % {"name": shown_name}
            )
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
        zlib.error,
    ) as exc:
        # RuntimeError: an encrypted part; NotImplementedError: an unknown compression.
        raise UploadRefused(damaged) from exc
    finally:
        upload.seek(0)


def _zip_kind(archive: zipfile.ZipFile, entries, names: set[str]) -> str:
    """What the container's own manifest says it is (never the readers' guess)."""
    if entries[0].filename == "mimetype" and entries[0].file_size <= 200:
        return archive.read(entries[0]).strip().decode("ascii", "replace")
    if "[Content_Types].xml" in names:
        if "word/document.xml" in names:
            return DOCX
        if any(name.startswith("xl/") for name in names):
            return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        if any(name.startswith("ppt/") for name in names):
            return "application/vnd.openxmlformats-officedocument.presentationml.presentation"
        return DOCX  # then refused as damaged: no word/document.xml
    return "application/zip"


def _odf_part_runs_scripts(archive: zipfile.ZipFile, part: str) -> bool:
    """An ODF event listener can call a macro stored elsewhere (the user's own library)."""
    info = archive.getinfo(part)
    if info.file_size > MAX_XML_SCAN_BYTES:
        return True  # no text document has a 20 Mo content.xml; do not read it
    body = archive.read(info).lower()
    return any(marker in body for marker in ODF_SCRIPT_MARKERS)


# --- PDF -----------------------------------------------------------------------------------


def _check_pdf(upload, shown_name: str) -> None:
    upload.seek(0)
    data = b"".join(upload.chunks())
    upload.seek(0)
    found = _pdf_active_content(data)
    if found:
        raise UploadRefused(
            _(
                "« %(name)s » est un PDF qui contient %(what)s : ce contenu actif n'est pas "
                "accepté. Ouvrez-le et choisissez « Imprimer » puis « Enregistrer au format "
                "PDF » : la copie obtenue, sans ce contenu, peut être jointe."
            )
            % {"name": shown_name, "what": found}
        )


def _pdf_active_content(data: bytes) -> str:
    """What active content the PDF holds, in French words, or ""."""
    texts = [data]
    budget = MAX_PDF_INFLATED_BYTES
    view = memoryview(data)
    for count, match in enumerate(PDF_STREAM.finditer(data)):
        if budget <= 0 or count >= MAX_PDF_STREAMS:
            break
        start = match.end()
        end = data.find(b"endstream", start)
        if end < 0:
            end = len(data)
        if start >= len(data) or data[start] & 0x0F != 8:
            continue  # no zlib header (deflate method 8): an image or an unfiltered stream
        try:
            inflated = zlib.decompressobj().decompress(view[start:end], budget)
        except zlib.error:
            continue
        budget -= len(inflated)
        if inflated:
            texts.append(inflated)
    kinds = set()
    for text in texts:
        text = PDF_NAME_ESCAPE.sub(lambda m: bytes([int(m.group(1), 16)]), text)
        kinds.update(match.group(0) for match in PDF_ACTIVE.finditer(text))
    if not kinds:
        return ""
    words = []
    if kinds & {b"/JS", b"/JavaScript"}:
        words.append(_("du JavaScript"))
    if b"/Launch" in kinds:
        words.append(_("une commande de lancement de programme"))
    if kinds & {b"/EmbeddedFile", b"/EmbeddedFiles"}:
        words.append(_("des fichiers joints"))
    if b"/RichMedia" in kinds:
        words.append(_("du contenu multimédia actif"))
    return _(" et ").join(words)


# --- images --------------------------------------------------------------------------------


def _check_image(upload, shown_name: str) -> None:
    from PIL import Image

    upload.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(upload.read())) as image:
                width, height = image.size
                # Reading the header is enough here: the file is served as the image type
                # it is, never run; a full decode would only cost time.
                if width * height > MAX_IMAGE_PIXELS:
                    raise Image.DecompressionBombError
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise UploadRefused(
            _(
                "« %(name)s » est une image trop grande (plus de 64 millions de pixels) : "
                "réduisez-la avant de la joindre."
            )
            % {"name": shown_name}
        ) from exc
    except Exception as exc:  # Pillow raises many kinds on broken images
        raise UploadRefused(
            _(
                "« %(name)s » est une image endommagée, qui ne s'ouvre pas : enregistrez-la "
                "à nouveau puis joignez-la."
            )
            % {"name": shown_name}
        ) from exc
    finally:
        upload.seek(0)
