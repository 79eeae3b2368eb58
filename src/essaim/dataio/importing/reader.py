"""Reading an uploaded sheet into a header and rows of raw values, whatever its format.

CSV: UTF-8 (with or without a byte-order mark) is expected; a file that is not valid UTF-8
is read as Windows-1252 (what Excel writes for "CSV" in French) with a warning; `;`, `,` or
a tab between cells, found from the header line. XLSX: must be a real Office Open XML
workbook (a ZIP holding its content types and its workbook part), read in openpyxl's
read-only mode; the first sheet is imported.
"""

import csv
import io
import zipfile
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from ..enums import Severity
from .problems import Problem

XLSX_PARTS = ("[Content_Types].xml", "xl/workbook.xml")
# a workbook expanding to more than this is refused before it is read (ZIP bomb)
MAX_UNCOMPRESSED = 200 * 1024 * 1024


class SheetError(Exception):
    """The file cannot be read at all; the message says why, in French."""

    def __init__(self, message: str, code: str = "unreadable"):
        super().__init__(message)
        self.message = message
        self.code = code


@dataclass
class Sheet:
    headers: list[str]
    # (row number in the sheet, raw values)
    rows: list[tuple[int, list]]
    problems: list[Problem] = field(default_factory=list)


def detect_format(name: str, head: bytes) -> str:
    """ "xlsx" or "csv" from the file's own bytes (a ZIP is a workbook candidate), checked
    against its name; raises SheetError for anything else."""
    lowered = name.lower()
    if head.startswith(b"PK\x03\x04"):
        if not lowered.endswith(".xlsx"):
            raise SheetError(_("Ce fichier est une archive : déposez un fichier .xlsx ou .csv."))
        return "xlsx"
    if lowered.endswith(".xlsx"):
        raise SheetError(_("Ce fichier n'est pas un vrai classeur Excel (.xlsx)."))
    if not lowered.endswith((".csv", ".txt")):
        raise SheetError(_("Déposez un fichier .csv ou .xlsx."))
    if b"\x00" in head:
        raise SheetError(_("Ce fichier n'est pas un fichier texte CSV."))
    return "csv"


def read_sheet(content: bytes, *, file_format: str, max_rows: int) -> Sheet:
    if file_format == "xlsx":
        sheet = _read_xlsx(content, max_rows=max_rows)
    else:
        sheet = _read_csv(content, max_rows=max_rows)
    if not sheet.headers or not any(str(h).strip() for h in sheet.headers):
        raise SheetError(
            _("La feuille est vide : la première ligne doit porter les noms des colonnes."),
            code="empty_sheet",
        )
    return sheet


def _read_csv(content: bytes, *, max_rows: int) -> Sheet:
    if b"\x00" in content:
        raise SheetError(_("Ce fichier n'est pas un fichier texte CSV."))
    problems = []
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        try:
            text = content.decode("cp1252")
        except UnicodeDecodeError:
            raise SheetError(
                _(
                    "Ce fichier n'est ni en UTF-8 ni en Windows-1252 : enregistrez-le en "
                    "« CSV UTF-8 » depuis votre tableur."
                )
            ) from exc
        problems.append(
            Problem(
                code="encoding",
                message=_(
                    "Le fichier n'est pas en UTF-8 : il a été lu en Windows-1252. Vérifiez les "
                    "accents dans le rapport ; pour être sûr, enregistrez-le en « CSV UTF-8 »."
                ),
                severity=Severity.WARNING,
            )
        )
    first_line = text.split("\n", 1)[0]
    delimiter = max(";,\t", key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        headers = next(reader, [])
        rows = []
        for number, values in enumerate(reader, start=2):
            if len(rows) >= max_rows:
                raise SheetError(_too_many(max_rows), code="too_many_rows")
            rows.append((number, values))
    except csv.Error as exc:
        raise SheetError(_("Ce fichier CSV est mal formé : %(error)s") % {"error": exc}) from exc
    return Sheet(headers=[h.strip() for h in headers], rows=rows, problems=problems)


def _too_many(max_rows: int) -> str:
    return _("La feuille compte plus de %(n)s lignes : découpez-la en plusieurs fichiers.") % {
        "n": max_rows
    }


def _read_xlsx(content: bytes, *, max_rows: int) -> Sheet:
    from openpyxl import load_workbook

    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            names = set(archive.namelist())
            if not all(part in names for part in XLSX_PARTS):
                raise SheetError(_("Ce fichier n'est pas un vrai classeur Excel (.xlsx)."))
            if sum(info.file_size for info in archive.infolist()) > MAX_UNCOMPRESSED:
                raise SheetError(_("Ce classeur est trop volumineux une fois décompressé."))
            if any(name.lower().endswith(".bin") and "vba" in name.lower() for name in names):
                raise SheetError(_("Ce classeur contient des macros : enregistrez-le sans macros."))
    except zipfile.BadZipFile as exc:
        raise SheetError(_("Ce fichier n'est pas un vrai classeur Excel (.xlsx).")) from exc
    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds on a broken workbook
        raise SheetError(
            _("Ce classeur Excel ne peut pas être lu : il est peut-être abîmé.")
        ) from exc
    try:
        worksheet = book.worksheets[0] if book.worksheets else None
        if worksheet is None:
            raise SheetError(_("Ce classeur ne contient aucune feuille."))
        lines = worksheet.iter_rows(values_only=True)
        headers = next(lines, None) or ()
        rows = []
        for number, values in enumerate(lines, start=2):
            if len(rows) >= max_rows:
                raise SheetError(_too_many(max_rows), code="too_many_rows")
            rows.append((number, list(values)))
    finally:
        book.close()
    # trailing empty header cells (a formatted but empty column)
    headers = ["" if h is None else str(h).strip() for h in headers]
    while headers and not headers[-1]:
        headers.pop()
    return Sheet(headers=headers, rows=rows)
