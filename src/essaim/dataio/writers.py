"""Writing rows to CSV, XLSX or ODS in constant memory, each value typed by its column.

- CSV: for Excel in French like the other exports (UTF-8 with a byte-order mark, `;`,
  decimal commas, dates dd/mm/yyyy, times in Europe/Paris); a cell that a spreadsheet would
  read as a formula gets a leading apostrophe.
- XLSX: openpyxl's write-only workbook streams each row to a temporary XML file; dates are
  dates and amounts numbers, shown in French formats through one styled cell per column,
  reused on every row.
- ODS: odfpy builds the whole document tree in memory — measured by bench/exports.py, its
  peak grows with the rows: 125 MiB of Python allocations for 5,000 rows (about 2.5 GB
  for 100,000), against 5 MiB whatever the rows for this writer — so the spreadsheet's
  content.xml is written here, row by row, straight into the ZIP stream; the other parts
  of the package are a few fixed lines. The file reads back through odfpy (see the tests).
"""

import csv
import datetime as dt
import io
import re
import zipfile
from decimal import Decimal
from xml.sax.saxutils import escape, quoteattr
from zoneinfo import ZoneInfo

from .columns import Kind

PARIS = ZoneInfo("Europe/Paris")
# A cell starting with one of these is read by spreadsheets as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Control characters XML 1.0 refuses (openpyxl raises on them, ODS would be broken).
_ILLEGAL_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def typed(value, kind: str):
    """The value as a sheet should hold it: local naive datetimes (spreadsheets have no time
    zones), dates, Decimals, ints, or text."""
    if value is None or value == "":
        return None
    if kind == Kind.DATETIME:
        if isinstance(value, dt.datetime):
            if value.tzinfo is not None:
                value = value.astimezone(PARIS)
            return value.replace(tzinfo=None, microsecond=0)
        return value
    if kind == Kind.DATE:
        if isinstance(value, dt.datetime):
            return (value.astimezone(PARIS) if value.tzinfo else value).date()
        return value
    if kind == Kind.AMOUNT:
        return value if isinstance(value, Decimal) else Decimal(str(value))
    if kind == Kind.INTEGER:
        return int(value)
    return _ILLEGAL_XML.sub("", str(value))


class CsvWriter:
    extension = "csv"
    content_type = "text/csv; charset=utf-8"

    def __init__(self, fileobj, *, title: str = ""):
        self._text = io.TextIOWrapper(fileobj, encoding="utf-8-sig", newline="")
        self._csv = csv.writer(self._text, delimiter=";", lineterminator="\r\n")

    def header(self, labels: list[str]) -> None:
        self._csv.writerow(labels)

    def row(self, values: list, kinds: list[str]) -> None:
        self._csv.writerow(
            [self._cell(value, kind) for value, kind in zip(values, kinds, strict=True)]
        )

    @staticmethod
    def _cell(value, kind: str) -> str:
        value = typed(value, kind)
        if value is None:
            return ""
        if kind == Kind.DATETIME and isinstance(value, dt.datetime):
            return value.strftime("%d/%m/%Y %H:%M")
        if kind == Kind.DATE and isinstance(value, dt.date):
            return value.strftime("%d/%m/%Y")
        if kind == Kind.AMOUNT:
            return f"{value:.2f}".replace(".", ",")
        value = str(value)
        if kind == Kind.TEXT and value.startswith(FORMULA_STARTS):
            return "'" + value
        return value

    def close(self) -> None:
        self._text.flush()
        self._text.detach()  # leave the underlying file open for the caller


class XlsxWriter:
    extension = "xlsx"
    content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    FORMATS = {Kind.DATE: "DD/MM/YYYY", Kind.DATETIME: "DD/MM/YYYY HH:MM", Kind.AMOUNT: "#,##0.00"}

    def __init__(self, fileobj, *, title: str = ""):
        from openpyxl import Workbook

        self._fileobj = fileobj
        self._book = Workbook(write_only=True)
        self._sheet = self._book.create_sheet(title=(title or "Export")[:31])
        self._cells: list = []

    def header(self, labels: list[str]) -> None:
        from openpyxl.cell import WriteOnlyCell
        from openpyxl.styles import Font

        bold = Font(bold=True)
        cells = []
        for label in labels:
            cell = WriteOnlyCell(self._sheet, value=typed(label, Kind.TEXT))
            cell.font = bold
            cells.append(cell)
        self._sheet.append(cells)
        self._sheet.freeze_panes = "A2"

    def row(self, values: list, kinds: list[str]) -> None:
        if not self._cells:
            self._cells = [self._styled_cell(kind) for kind in kinds]
        out = []
        for value, kind, cell in zip(values, kinds, self._cells, strict=True):
            value = typed(value, kind)
            if value is None:
                out.append(None)
            elif cell is not None:
                cell.value = value  # one styled cell per column, reused on every row
                out.append(cell)
            elif isinstance(value, str) and value.startswith("="):
                out.append(self._text_cell(value))  # text, never a formula
            else:
                out.append(value)
        self._sheet.append(out)

    def _styled_cell(self, kind: str):
        from openpyxl.cell import WriteOnlyCell

        if kind not in self.FORMATS:
            return None
        cell = WriteOnlyCell(self._sheet)
        cell.number_format = self.FORMATS[kind]
        return cell

    def _text_cell(self, value: str):
        from openpyxl.cell import WriteOnlyCell

        cell = WriteOnlyCell(self._sheet, value=value)
        cell.data_type = "s"
        return cell

    def close(self) -> None:
        self._book.save(self._fileobj)


ODS_MIMETYPE = "application/vnd.oasis.opendocument.spreadsheet"
_NS = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:number="urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0" '
    'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" '
    'office:version="1.2"'
)
_ODS_MANIFEST = f"""<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">
 <manifest:file-entry manifest:full-path="/" manifest:version="1.2" manifest:media-type="{ODS_MIMETYPE}"/>
 <manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>
 <manifest:file-entry manifest:full-path="styles.xml" manifest:media-type="text/xml"/>
</manifest:manifest>
"""
_ODS_STYLES = f"""<?xml version="1.0" encoding="UTF-8"?>
<office:document-styles {_NS}><office:styles/></office:document-styles>
"""
_D = "<number:text>/</number:text>"
_ODS_AUTOMATIC_STYLES = (
    "<office:automatic-styles>"
    '<number:date-style style:name="N1"><number:day number:style="long"/>'
    f'{_D}<number:month number:style="long"/>{_D}<number:year/></number:date-style>'
    '<number:date-style style:name="N2"><number:day number:style="long"/>'
    f'{_D}<number:month number:style="long"/>{_D}<number:year/>'
    '<number:text> </number:text><number:hours number:style="long"/>'
    '<number:text>:</number:text><number:minutes number:style="long"/></number:date-style>'
    '<number:number-style style:name="N3"><number:number number:decimal-places="2" '
    'number:min-decimal-places="2" number:min-integer-digits="1" number:grouping="true"/>'
    "</number:number-style>"
    '<style:style style:name="ceDate" style:family="table-cell" style:data-style-name="N1"/>'
    '<style:style style:name="ceDateTime" style:family="table-cell" style:data-style-name="N2"/>'
    '<style:style style:name="ceAmount" style:family="table-cell" style:data-style-name="N3"/>'
    '<style:style style:name="ceHead" style:family="table-cell">'
    '<style:text-properties fo:font-weight="bold"/></style:style>'
    "</office:automatic-styles>"
)


class OdsWriter:
    extension = "ods"
    content_type = ODS_MIMETYPE

    def __init__(self, fileobj, *, title: str = ""):
        self._zip = zipfile.ZipFile(fileobj, "w", compression=zipfile.ZIP_DEFLATED)
        # the mimetype first and stored uncompressed, as the OpenDocument package requires
        self._zip.writestr(zipfile.ZipInfo("mimetype"), ODS_MIMETYPE, zipfile.ZIP_STORED)
        self._zip.writestr("META-INF/manifest.xml", _ODS_MANIFEST)
        self._zip.writestr("styles.xml", _ODS_STYLES)
        self._content = self._zip.open("content.xml", "w", force_zip64=True)
        self._write(
            f'<?xml version="1.0" encoding="UTF-8"?>\n<office:document-content {_NS}>'
            f"{_ODS_AUTOMATIC_STYLES}<office:body><office:spreadsheet>"
            f"<table:table table:name={quoteattr((title or 'Export')[:31])}>"
        )

    def _write(self, text: str) -> None:
        self._content.write(text.encode("utf-8"))

    def header(self, labels: list[str]) -> None:
        self._write(
            "<table:table-row>"
            + "".join(self._text(str(label), ' table:style-name="ceHead"') for label in labels)
            + "</table:table-row>"
        )

    def row(self, values: list, kinds: list[str]) -> None:
        self._write(
            "<table:table-row>"
            + "".join(self._cell(value, kind) for value, kind in zip(values, kinds, strict=True))
            + "</table:table-row>"
        )

    @staticmethod
    def _text(value: str, style: str = "") -> str:
        lines = "".join(f"<text:p>{escape(line)}</text:p>" for line in value.split("\n"))
        return f'<table:table-cell{style} office:value-type="string">{lines}</table:table-cell>'

    def _cell(self, value, kind: str) -> str:
        value = typed(value, kind)
        if value is None:
            return "<table:table-cell/>"
        if kind == Kind.DATETIME and isinstance(value, dt.datetime):
            return (
                '<table:table-cell table:style-name="ceDateTime" office:value-type="date" '
                f'office:date-value="{value.isoformat()}"/>'
            )
        if kind == Kind.DATE and isinstance(value, dt.date):
            return (
                '<table:table-cell table:style-name="ceDate" office:value-type="date" '
                f'office:date-value="{value.isoformat()}"/>'
            )
        if kind == Kind.AMOUNT:
            return (
                '<table:table-cell table:style-name="ceAmount" office:value-type="float" '
                f'office:value="{value}"/>'
            )
        if kind == Kind.INTEGER:
            return f'<table:table-cell office:value-type="float" office:value="{value}"/>'
        return self._text(str(value))

    def close(self) -> None:
        self._write("</table:table></office:spreadsheet></office:body></office:document-content>")
        self._content.close()
        self._zip.close()


WRITERS = {"csv": CsvWriter, "xlsx": XlsxWriter, "ods": OdsWriter}
