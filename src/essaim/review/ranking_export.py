"""The CSV export of a stage's ranking, written for Excel in French like the dossiers'
export: UTF-8 with a byte-order mark, `;` between cells, decimal commas."""

import csv
from collections.abc import Iterable, Iterator

from django.utils.translation import gettext as _

from essaim.applications.enums import ApplicationState
from essaim.core.audit import record

from .models import ReviewStage
from .selectors.ranking_table import RankingRow

BOM = "\ufeff"
# A cell starting with one of these is read by spreadsheets as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def header() -> list[str]:
    return [
        _("Rang"),
        _("Référence"),
        _("Titre du projet"),
        _("Organisme"),
        _("Thématique"),
        _("État"),
        _("Évaluations"),
        _("Moyenne /20"),
        _("Médiane /20"),
        _("Écart-type /20"),
        _("Score normalisé"),
        _("Désaccord"),
    ]


def _text(value) -> str:
    value = "" if value is None else str(value)
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def _number(value: float | None, places: int) -> str:
    return "" if value is None else f"{value:.{places}f}".replace(".", ",")


def row(item: RankingRow, states: dict[str, str]) -> list[str]:
    line, application = item.line, item.application
    return [
        "" if line.rank is None else str(line.rank),
        application.reference or "",
        _text(application.title),
        _text(application.organisation_name),
        _text(item.theme_title),
        states.get(application.state, application.state),
        str(line.reviews_count),
        _number(line.mean, 2),
        _number(line.median, 2),
        _number(line.spread, 2),
        _number(line.normalised, 3),
        _("oui") if line.disagreement else _("non"),
    ]


class _Echo:
    def write(self, value: str) -> str:
        return value


def ranking_csv(
    *, stage: ReviewStage, actor, rows: Iterable[RankingRow], filters: dict
) -> Iterator[str]:
    """Record the export (`ranking.exported`, with its filters) and return the CSV lines."""
    record(
        actor=actor,
        action="ranking.exported",
        obj=stage,
        data={"filters": {key: value for key, value in filters.items() if value}},
    )
    return _lines(rows)


def _lines(rows: Iterable[RankingRow]) -> Iterator[str]:
    writer = csv.writer(_Echo(), delimiter=";", lineterminator="\r\n")
    states = {k: str(v) for k, v in ApplicationState.choices}
    yield BOM + writer.writerow(header())
    for item in rows:
        yield writer.writerow(row(item, states))


def export_filename(stage: ReviewStage) -> str:
    call = stage.call
    return (
        f"classement-{call.fund.reference_prefix}-{call.year}-{call.edition:02d}-{stage.kind}.csv"
    )
