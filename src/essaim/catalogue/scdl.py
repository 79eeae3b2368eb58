"""Granted amounts of funding calls in the SCDL « subventions » format, version 2.1.1
(schema.data.gouv.fr/scdl/subventions, Socle commun des données locales, OpenDataFrance).

One row per laureate of a funding call whose engagement is signed (the version in force),
once the call's results are published. The columns, their order and their rules are the
schema's; `tests/api/scdl_rules.py` checks every row against them.

Two identifiers are required that Essaim does not hold in its data:

- `idAttribuant`, the SIRET of the body that grants the money. A fund has no SIRET field:
  the setting `ESSAIM_SCDL_ATTRIBUANT_SIRETS` maps a fund's slug to it.
- `idBeneficiaire`, the SIRET of the laureate's body (or, for an association, its RNA
  number). The referential holds SIRENs only, and a SIRET cannot be derived from one (its
  NIC names an establishment). The setting `ESSAIM_SCDL_BENEFICIAIRE_SIRETS` maps a SIREN
  to the SIRET to publish; an `Organisation.siret` attribute, if the referential ever
  carries one, is read first.

A grant lacking either identifier cannot make a valid row: it is left out of the file and
counted in `ScdlExport.skipped`, so the open-data page can say how many are missing and
why. Nothing is guessed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from stdnum.fr import siret as siret_number

from essaim.accompaniment.enums import EngagementStatus
from essaim.accompaniment.models import Engagement, Tranche
from essaim.funds.enums import SupportKind

from .opendata import PUBLIC_LAUREATE_STATES

SCHEMA_NAME = "scdl/subventions"
SCHEMA_VERSION = "2.1.1"

COLUMNS = [
    "nomAttribuant",
    "idAttribuant",
    "dateConvention",
    "referenceDecision",
    "nomBeneficiaire",
    "idBeneficiaire",
    "rnaBeneficiaire",
    "objet",
    "montant",
    "nature",
    "conditionsVersement",
    "datesPeriodeVersement",
    "idRAE",
    "notificationUE",
    "pourcentageSubvention",
    "dispositifAide",
]

NATURE_CASH = "aide en numéraire"
SINGLE_PAYMENT = "unique"
INSTALMENTS = "échelonné"
OBJECT_MAX_LENGTH = 256

# why a grant is not in the file
MISSING_ATTRIBUANT = "attribuant"
MISSING_BENEFICIAIRE = "beneficiaire"


def valid_siret(value: str | None) -> str:
    """The 14 digits if `value` is a SIRET with a right checksum, else ''."""
    if not value:
        return ""
    value = siret_number.compact(str(value))
    return value if len(value) == 14 and siret_number.is_valid(value) else ""


def attribuant_siret(fund) -> str:
    return valid_siret(settings.ESSAIM_SCDL_ATTRIBUANT_SIRETS.get(fund.slug))


def beneficiaire_siret(organisation) -> str:
    if organisation is None:
        return ""
    own = valid_siret(getattr(organisation, "siret", None))
    if own:
        return own
    if not organisation.siren:
        return ""
    mapped = settings.ESSAIM_SCDL_BENEFICIAIRE_SIRETS.get(organisation.siren)
    mapped = valid_siret(mapped)
    # a SIRET must belong to the body's own SIREN
    return mapped if mapped[:9] == organisation.siren else ""


def signed_grants(now=None) -> QuerySet[Engagement]:
    """Signed engagements with an amount, of public laureates of published funding calls."""
    now = now or timezone.now()
    return (
        Engagement.objects.filter(
            status=EngagementStatus.SIGNED,
            granted_amount__gt=0,
            signed_at__isnull=False,
            application__state__in=PUBLIC_LAUREATE_STATES,
            application__reference__isnull=False,
            application__call__support_kind=SupportKind.FUNDING,
            application__call__is_published=True,
            application__call__fund__is_published=True,
            application__call__results_published_at__lte=now,
        )
        .select_related("application__call__fund", "application__organisation")
        .prefetch_related(
            Prefetch("tranches", queryset=Tranche.objects.order_by("position", "planned_on", "id"))
        )
        .order_by("signed_at", "id")
    )


def _local_date(moment: dt.datetime) -> dt.date:
    return timezone.localtime(moment).date()


def _payment_period(engagement: Engagement) -> tuple[str, str]:
    """(conditionsVersement, datesPeriodeVersement) from the tranches: one tranche is a
    single payment on its date; several are instalments from the first to the last date.
    Without tranches, the engagement's period (or the signature day) stands in."""
    tranches = list(engagement.tranches.all())
    dates = sorted(t.paid_on or t.planned_on for t in tranches)
    if len(tranches) == 1:
        return SINGLE_PAYMENT, dates[0].isoformat()
    if tranches:
        return INSTALMENTS, f"{dates[0].isoformat()}/{dates[-1].isoformat()}"
    if engagement.starts_on and engagement.ends_on and engagement.starts_on < engagement.ends_on:
        return (
            SINGLE_PAYMENT,
            f"{engagement.starts_on.isoformat()}/{engagement.ends_on.isoformat()}",
        )
    return SINGLE_PAYMENT, _local_date(engagement.signed_at).isoformat()


def _object(engagement: Engagement) -> str:
    text = " ".join((engagement.summary or engagement.application.title).split())
    if len(text) > OBJECT_MAX_LENGTH:
        text = text[: OBJECT_MAX_LENGTH - 1].rstrip() + "…"
    return text


def _money(value: Decimal) -> str:
    return f"{value:.2f}"


@dataclass
class ScdlExport:
    rows: list[dict] = field(default_factory=list)
    skipped: dict[str, int] = field(default_factory=dict)


def grant_row(engagement: Engagement) -> tuple[dict | None, str]:
    """The SCDL row of one grant, or (None, why) when an identifier is missing."""
    application = engagement.application
    fund = application.call.fund
    id_attribuant = attribuant_siret(fund)
    if not id_attribuant:
        return None, MISSING_ATTRIBUANT
    organisation = application.organisation
    id_beneficiaire = beneficiaire_siret(organisation)
    if not id_beneficiaire:
        return None, MISSING_BENEFICIAIRE
    conditions, period = _payment_period(engagement)
    beneficiary_name = application.organisation_name or (
        organisation.formal_name or organisation.name
    )
    return {
        "nomAttribuant": fund.operator or fund.name,
        "idAttribuant": id_attribuant,
        "dateConvention": _local_date(engagement.signed_at).isoformat(),
        "referenceDecision": application.reference
        + (f"-v{engagement.version}" if engagement.version > 1 else ""),
        "nomBeneficiaire": beneficiary_name,
        "idBeneficiaire": id_beneficiaire,
        "rnaBeneficiaire": "",
        "objet": _object(engagement),
        "montant": _money(engagement.granted_amount),
        "nature": NATURE_CASH,
        "conditionsVersement": conditions,
        "datesPeriodeVersement": period,
        "idRAE": "",
        "notificationUE": "non",
        # one beneficiary per grant: 100 %
        "pourcentageSubvention": "1.00",
        "dispositifAide": "",
    }, ""


def iter_grant_rows(engagements: QuerySet[Engagement] | None = None) -> Iterator[dict]:
    """Valid rows only, streamed in chunks."""
    engagements = signed_grants() if engagements is None else engagements
    for engagement in engagements.iterator(chunk_size=500):
        row, _missing = grant_row(engagement)
        if row is not None:
            yield row


def export(engagements: QuerySet[Engagement] | None = None) -> ScdlExport:
    engagements = signed_grants() if engagements is None else engagements
    result = ScdlExport()
    for engagement in engagements.iterator(chunk_size=500):
        row, missing = grant_row(engagement)
        if row is None:
            result.skipped[missing] = result.skipped.get(missing, 0) + 1
        else:
            result.rows.append(row)
    return result
