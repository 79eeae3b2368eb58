"""The open-data files: innovations, laureates and reuses in CSV and JSON, and the granted
amounts in the SCDL « subventions » format. Streamed (rows read in chunks and written as
they come), so a large file never sits whole in memory.

CSV: UTF-8 without BOM, comma-separated, a header line, RFC 4180 quoting, as data.gouv.fr
and the SCDL validators expect. JSON: one array of the same records as the API.
"""

import csv
import json
from collections.abc import Callable, Iterable, Iterator

from django.core.serializers.json import DjangoJSONEncoder
from django.http import StreamingHttpResponse
from ninja import Router

from essaim.catalogue import opendata, scdl

router = Router(tags=["données ouvertes"])


class _Line:
    """A file-like object whose write() hands back the line instead of storing it."""

    def write(self, value: str) -> str:
        return value


def csv_lines(columns: list[str], rows: Iterable[dict]) -> Iterator[str]:
    writer = csv.DictWriter(_Line(), fieldnames=columns, lineterminator="\r\n")
    yield writer.writeheader()
    for row in rows:
        yield writer.writerow({k: "" if v is None else _cell(v) for k, v in row.items()})


def _cell(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def json_lines(records: Iterable[dict]) -> Iterator[str]:
    yield "["
    first = True
    for record in records:
        yield ("\n" if first else ",\n") + json.dumps(
            record, cls=DjangoJSONEncoder, ensure_ascii=False
        )
        first = False
    yield "\n]\n"


def _file(lines: Iterator[str], filename: str, content_type: str) -> StreamingHttpResponse:
    response = StreamingHttpResponse(
        (line.encode("utf-8") for line in lines), content_type=content_type
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _csv(name: str, columns: list[str], records: Iterable[dict], to_row: Callable):
    return _file(
        csv_lines(columns, (to_row(r) for r in records)),
        f"essaim-{name}.csv",
        "text/csv; charset=utf-8",
    )


def _json(name: str, records: Iterable[dict]):
    return _file(json_lines(records), f"essaim-{name}.json", "application/json; charset=utf-8")


def _innovations():
    return opendata.records(
        opendata.iterate(opendata.public_innovations()), opendata.innovation_record
    )


def _laureates():
    return opendata.records(opendata.iterate(opendata.public_laureates()), opendata.laureate_record)


def _reuses():
    return opendata.records(opendata.iterate(opendata.public_reuses()), opendata.reuse_record)


# int keys, as ninja's own: "200" beside its 200 made a document with the key twice, which
# Swagger UI refuses to read ("duplicated mapping key")
CSV_RESPONSE = {200: {"description": "Fichier CSV", "content": {"text/csv": {}}}}
JSON_RESPONSE = {200: {"description": "Fichier JSON", "content": {"application/json": {}}}}


def _doc(responses: dict) -> dict:
    return {"responses": responses}


@router.get("/innovations.csv", summary="Innovations (CSV)", openapi_extra=_doc(CSV_RESPONSE))
def innovations_csv(request):
    return _csv(
        "innovations", opendata.INNOVATION_CSV_COLUMNS, _innovations(), opendata.innovation_row
    )


@router.get("/innovations.json", summary="Innovations (JSON)", openapi_extra=_doc(JSON_RESPONSE))
def innovations_json(request):
    return _json("innovations", _innovations())


@router.get("/laureates.csv", summary="Lauréats (CSV)", openapi_extra=_doc(CSV_RESPONSE))
def laureates_csv(request):
    return _csv("laureats", opendata.LAUREATE_CSV_COLUMNS, _laureates(), opendata.laureate_row)


@router.get("/laureates.json", summary="Lauréats (JSON)", openapi_extra=_doc(JSON_RESPONSE))
def laureates_json(request):
    return _json("laureats", _laureates())


@router.get("/reuses.csv", summary="Réutilisations (CSV)", openapi_extra=_doc(CSV_RESPONSE))
def reuses_csv(request):
    return _csv("reutilisations", opendata.REUSE_CSV_COLUMNS, _reuses(), opendata.reuse_row)


@router.get("/reuses.json", summary="Réutilisations (JSON)", openapi_extra=_doc(JSON_RESPONSE))
def reuses_json(request):
    return _json("reutilisations", _reuses())


@router.get(
    "/subventions.csv",
    summary=f"Montants accordés, schéma SCDL subventions {scdl.SCHEMA_VERSION} (CSV)",
    openapi_extra=_doc(CSV_RESPONSE),
)
def subventions_csv(request):
    return _csv("subventions", scdl.COLUMNS, scdl.iter_grant_rows(), lambda row: row)
