"""Counts of a call's dossiers for the staff's statistics page and its CSV.

Each breakdown is one aggregate query (`values().annotate(Count)`), so the page costs the
same number of queries whatever the number of dossiers. The région is derived in Python from
the dossier's département, as the staff filters do (`applications.filters`), so dossiers
recorded before the referential are counted too; the size band comes from the body chosen
in the referential and is "non renseigné" for a dossier without one (or for a body whose
population is unknown).

Each row's `key` is the value of the matching staff-list filter (`?type=`, `?taille=`,
`?region=`, `?departement=`, `?etat=`); "" for the "non renseigné" rows, which no filter
selects.
"""

import csv
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db import models
from django.db.models import Count, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from essaim.funds.models import Call
from essaim.territory.enums import (
    DEPARTEMENT_CHOICES,
    REGION_NAMES,
    REGION_OF_DEPARTEMENT,
    OrganisationType,
    SizeBand,
)

from .enums import ApplicationState
from .models import Application


class Scope(models.TextChoices):
    """Which dossiers are counted; the value is the page's `?perimetre=` parameter."""

    SUBMITTED = "deposes", gettext_lazy("Dossiers déposés")
    WITH_DRAFTS = "tous", gettext_lazy("Dossiers déposés et brouillons")
    LAUREATES = "laureats", gettext_lazy("Lauréats")


DEFAULT_SCOPE = Scope.SUBMITTED

BREAKDOWN_TITLES = {
    "type": gettext_lazy("Type d'organisme"),
    "taille": gettext_lazy("Taille de l'organisme"),
    "region": gettext_lazy("Région"),
    "departement": gettext_lazy("Département"),
    "etat": gettext_lazy("État du dossier"),
}


@dataclass(frozen=True)
class Row:
    key: str  # the staff-list filter value; "" when the information is missing
    label: str
    count: int
    share: Decimal  # percentage of the breakdown's total, one decimal


@dataclass(frozen=True)
class Breakdown:
    name: str  # also the staff-list filter parameter: type, taille, region, departement, etat
    rows: list[Row]
    total: int

    @property
    def title(self) -> str:
        return str(BREAKDOWN_TITLES[self.name])


@dataclass(frozen=True)
class CallStatistics:
    scope: str
    total: int
    by_type: Breakdown
    by_size_band: Breakdown
    by_region: Breakdown
    by_departement: Breakdown
    by_state: Breakdown

    @property
    def breakdowns(self) -> list[Breakdown]:
        return [
            self.by_type,
            self.by_size_band,
            self.by_region,
            self.by_departement,
            self.by_state,
        ]


def scoped_applications(call: Call, scope: str) -> QuerySet[Application]:
    """The call's dossiers counted in `scope`: every state but draft by default."""
    queryset = Application.objects.filter(call=call).order_by()
    if scope == Scope.LAUREATES:
        return queryset.filter(state__in=ApplicationState.selected())
    if scope == Scope.WITH_DRAFTS:
        return queryset
    return queryset.exclude(state=ApplicationState.DRAFT)


def _counts(queryset: QuerySet[Application], field: str) -> dict[str, int]:
    """{value: count} grouped on `field`, in one query; NULL and "" both become ""."""
    counts: dict[str, int] = {}
    for value, n in queryset.values_list(field).annotate(n=Count("*")).order_by():
        key = value or ""
        counts[key] = counts.get(key, 0) + n
    return counts


def _share(count: int, total: int) -> Decimal:
    if not total:
        return Decimal("0.0")
    return (Decimal(100) * count / total).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def _breakdown(
    name: str, counts: dict[str, int], labels: dict[str, str], *, order: list[str] | None = None
) -> Breakdown:
    """Rows in `order` (keys listed there, those counted only), else by count, largest first
    (ties by label); the "non renseigné" row always last."""
    total = sum(counts.values())
    keys = [key for key in counts if key]
    if order is not None:
        keys = [key for key in order if key in counts]
    else:
        keys.sort(key=lambda key: (-counts[key], labels.get(key, key)))
    rows = [
        Row(
            key=key, label=labels.get(key, key), count=counts[key], share=_share(counts[key], total)
        )
        for key in keys
    ]
    if counts.get(""):
        rows.append(
            Row(key="", label=_("Non renseigné"), count=counts[""], share=_share(counts[""], total))
        )
    return Breakdown(name=name, rows=rows, total=total)


def call_statistics(call: Call, *, scope: str = DEFAULT_SCOPE) -> CallStatistics:
    """The breakdowns of the call's dossiers in `scope`, in four aggregate queries."""
    queryset = scoped_applications(call, scope)
    by_state = _counts(queryset, "state")
    by_type = _counts(queryset, "organisation_type")
    by_size_band = _counts(queryset, "organisation__size_band")
    by_departement = _counts(queryset, "organisation_departement")

    by_region: dict[str, int] = {}
    for departement, n in by_departement.items():
        region = REGION_OF_DEPARTEMENT.get(departement, "")
        by_region[region] = by_region.get(region, 0) + n

    departement_labels = dict(DEPARTEMENT_CHOICES)
    return CallStatistics(
        scope=scope,
        total=sum(by_state.values()),
        by_type=_breakdown(
            "type", by_type, {key: str(label) for key, label in OrganisationType.choices}
        ),
        by_size_band=_breakdown(
            "taille",
            by_size_band,
            {key: str(label) for key, label in SizeBand.choices},
            order=list(SizeBand.values),
        ),
        by_region=_breakdown("region", by_region, dict(REGION_NAMES)),
        by_departement=_breakdown("departement", by_departement, departement_labels),
        by_state=_breakdown(
            "etat",
            by_state,
            {key: str(label) for key, label in ApplicationState.choices},
            order=list(ApplicationState.values),
        ),
    )


class _Echo:
    """A file-like object whose write() hands back the line, for csv.writer."""

    def write(self, value: str) -> str:
        return value


def statistics_csv(statistics: CallStatistics) -> Iterator[str]:
    """The breakdowns as CSV for Excel in French (as `applications.exports`: UTF-8 with a
    byte-order mark, `;` between cells, decimal comma). Every cell comes from our own
    lists of labels and codes, never from what an applicant typed."""
    writer = csv.writer(_Echo(), delimiter=";", lineterminator="\r\n")
    yield "\ufeff" + writer.writerow(
        [_("Répartition"), _("Code"), _("Libellé"), _("Dossiers"), _("Part (%)")]
    )
    for breakdown in statistics.breakdowns:
        for row in breakdown.rows:
            yield writer.writerow(
                [breakdown.title, row.key, row.label, row.count, str(row.share).replace(".", ",")]
            )
        full = "100,0" if breakdown.total else ""
        yield writer.writerow([breakdown.title, "", _("Total"), breakdown.total, full])


def statistics_filename(call: Call, scope: str) -> str:
    return f"statistiques-{call.fund.reference_prefix}-{call.year}-{call.edition:02d}-{scope}.csv"
