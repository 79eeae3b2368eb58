"""The audit journal as CSV, written for Excel in French (as the dossiers' export: UTF-8
with a byte-order mark, `;` between cells, times in Europe/Paris), streamed row by row.

Exporting the journal is itself written in the journal (`audit_log.exported`, with the
filters), once per fund the export covers, so that each fund's staff see it.
"""

import csv
import json
from collections.abc import Iterable, Iterator
from zoneinfo import ZoneInfo

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from .audit import record
from .models import AuditEvent

PARIS = ZoneInfo("Europe/Paris")
BOM = "\ufeff"
CHUNK_SIZE = 1000
EXPORTED = "audit_log.exported"
# A cell starting with one of these is read by spreadsheets as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _text(value) -> str:
    value = "" if value is None else str(value)
    return "'" + value if value.startswith(FORMULA_STARTS) else value


class _Echo:
    def write(self, value: str) -> str:
        return value


def header() -> list[str]:
    return [
        _("Date (heure de Paris)"),
        _("Auteur"),
        _("Action"),
        _("Type d'objet"),
        _("Numéro de l'objet"),
        _("Fonds"),
        _("Avant"),
        _("Après"),
        _("Motif"),
        _("Détails (JSON)"),
    ]


def csv_lines(queryset: QuerySet[AuditEvent]) -> Iterator[str]:
    writer = csv.writer(_Echo(), delimiter=";", lineterminator="\r\n")
    yield BOM + writer.writerow(header())
    for event in queryset.select_related("fund").iterator(chunk_size=CHUNK_SIZE):
        yield writer.writerow(
            [
                event.created_at.astimezone(PARIS).strftime("%d/%m/%Y %H:%M:%S"),
                _text(event.actor_label),
                event.action,
                event.object_type,
                event.object_id,
                _text(event.fund.name if event.fund else ""),
                _text(event.from_value),
                _text(event.to_value),
                _text(event.reason),
                _text(json.dumps(event.data, ensure_ascii=False, sort_keys=True, default=str)),
            ]
        )


def audit_log_export(
    *, actor, queryset: QuerySet[AuditEvent], filters: dict, funds: Iterable
) -> Iterator[str]:
    """Record the export (one row per fund it covers; one without a fund when it covers
    every fund, for a platform administrator) and return the CSV lines."""
    funds = list(funds)
    for fund in funds or [None]:
        record(
            actor=actor,
            action=EXPORTED,
            obj=fund if fund is not None else actor,
            fund_id=fund.pk if fund is not None else None,
            data={"filters": filters},
        )
    return csv_lines(queryset)
