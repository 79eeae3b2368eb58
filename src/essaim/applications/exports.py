"""The CSV export of a call's dossiers, written for Excel in French.

UTF-8 with a byte-order mark (Excel otherwise reads it as Windows-1252), `;` between cells
(`,` is the French decimal separator), amounts with a decimal comma, times in Europe/Paris.
Rows are read with `iterator(chunk_size=…)` and written one by one, so memory stays flat
whatever the number of dossiers.
"""

import csv
from collections.abc import Iterator
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from essaim.core.audit import record
from essaim.funds.models import Call
from essaim.territory.enums import (
    DEPARTEMENT_CHOICES,
    REGION_CHOICES,
    REGION_OF_DEPARTEMENT,
    OrganisationType,
    SizeBand,
)

from .enums import ApplicationState, Maturity
from .models import Application
from .selectors import with_owner

PARIS = ZoneInfo("Europe/Paris")
BOM = "\ufeff"
CHUNK_SIZE = 1000
# A cell starting with one of these is read by spreadsheets as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
EXPORT_FIELDS = (
    "id",
    "reference",
    "state",
    "submitted_at",
    "title",
    "organisation_name",
    "organisation_type",
    "organisation_departement",
    "maturity",
    "amount_requested",
    "theme__id",
    "theme__title",
    # --- territory: the body chosen in the referential (empty for older dossiers) ---
    "organisation__id",
    "organisation__kind",
    "organisation__siren",
    "organisation__insee_code",
    "organisation__population",
    "organisation__size_band",
)


def header() -> list[str]:
    return [
        _("Référence"),
        _("État"),
        _("Déposé le (heure de Paris)"),
        _("Titre du projet"),
        _("Organisme"),
        _("Type d'organisme"),
        _("Département"),
        _("Thématique"),
        _("Maturité"),
        _("Montant demandé (€)"),
        _("Porteur"),
        _("E-mail du porteur"),
        _("Région"),
        _("SIREN"),
        _("Code INSEE"),
        _("Population"),
        _("Taille de l'organisme"),
    ]


def _text(value) -> str:
    value = "" if value is None else str(value)
    if value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _amount(value: Decimal | None) -> str:
    if value is None:
        return ""
    return f"{value:.2f}".replace(".", ",")


def row(application: Application, labels: "Labels | None" = None) -> list[str]:
    labels = labels or Labels()
    submitted = application.submitted_at
    return [
        application.reference or "",
        labels.state.get(application.state, application.state),
        submitted.astimezone(PARIS).strftime("%d/%m/%Y %H:%M") if submitted else "",
        _text(application.title),
        _text(application.organisation_name),
        labels.organisation_type.get(application.organisation_type, ""),
        labels.departement.get(application.organisation_departement, ""),
        _text(application.theme.title if application.theme else ""),
        labels.maturity.get(application.maturity, ""),
        _amount(application.amount_requested),
        _text(getattr(application, "owner_name", "")),
        _text(getattr(application, "owner_email", "")),
        *_organisation_cells(application, labels),
    ]


def _organisation_cells(application: Application, labels: "Labels") -> list[str]:
    region = REGION_OF_DEPARTEMENT.get(application.organisation_departement, "")
    organisation = application.organisation
    if organisation is None:
        return [labels.region.get(region, ""), "", "", "", ""]
    return [
        labels.region.get(region, ""),
        organisation.siren or "",
        (organisation.insee_code or "") if organisation.kind == OrganisationType.COMMUNE else "",
        "" if organisation.population is None else str(organisation.population),
        labels.size_band.get(organisation.size_band, ""),
    ]


class Labels:
    """The French (or English) labels of the coded columns, looked up in plain dicts:
    `get_FOO_display()` rebuilds its choices on every call, too slow for 100,000 rows."""

    def __init__(self):
        self.state = {k: str(v) for k, v in ApplicationState.choices}
        self.organisation_type = {k: str(v) for k, v in OrganisationType.choices}
        self.departement = dict(DEPARTEMENT_CHOICES)
        self.maturity = {k: str(v) for k, v in Maturity.choices}
        self.region = dict(REGION_CHOICES)
        self.size_band = {k: str(v) for k, v in SizeBand.choices}


class _Echo:
    """A file-like object whose write() hands back the line, for csv.writer."""

    def write(self, value: str) -> str:
        return value


def csv_lines(queryset: QuerySet[Application]) -> Iterator[str]:
    writer = csv.writer(_Echo(), delimiter=";", lineterminator="\r\n")
    yield BOM + writer.writerow(header())
    # only() replaces the list's own field selection with what the columns read
    rows = with_owner(queryset).select_related("theme", "organisation").only(*EXPORT_FIELDS)
    labels = Labels()  # translated once, not once per row
    for application in rows.iterator(chunk_size=CHUNK_SIZE):
        yield writer.writerow(row(application, labels))


def call_applications_export(
    *, call: Call, actor, queryset: QuerySet[Application], filters: dict
) -> Iterator[str]:
    """Record the export (`call.exported`, with its filters) and return the CSV lines."""
    record(
        actor=actor,
        action="call.exported",
        obj=call,
        data={"filters": {key: value for key, value in filters.items() if value}},
    )
    return csv_lines(queryset)


def export_filename(call: Call) -> str:
    return f"dossiers-{call.fund.reference_prefix}-{call.year}-{call.edition:02d}.csv"
