"""The shapes the read API returns and the filters it takes (OpenAPI comes from these).

The values come from `catalogue.opendata`'s `*_record` functions: what is public is decided
there, these classes only describe it.
"""

import datetime as dt
from enum import Enum

from ninja import Field, Schema

from essaim.catalogue.enums import ReuseStatus, Topic
from essaim.funds.enums import CallStatus, SupportKind
from essaim.territory.enums import DEPARTEMENT_NAMES, REGION_NAMES, OrganisationType, SizeBand


def _enum(name: str, values) -> type[Enum]:
    """A str Enum for OpenAPI, so that every filter lists its allowed values."""
    return Enum(name, {f"V_{v}".upper().replace("-", "_"): str(v) for v in values}, type=str)


TopicValue = _enum("Topic", Topic.values)
OrganisationKindValue = _enum("OrganisationKind", OrganisationType.values)
SizeBandValue = _enum("SizeBand", SizeBand.values)
SupportKindValue = _enum("SupportKind", SupportKind.values)
CallStatusValue = _enum("CallStatus", [v for v in CallStatus.values if v != CallStatus.DRAFT])
ReuseStatusValue = _enum("ReuseStatus", ReuseStatus.values)

# Département and région codes are strings with leading zeros ("01", "2A", "974"): the
# enums above prefix them only to make valid Python names; the values are plain codes.
DepartementValue = Enum("Departement", {f"D{code}": code for code in DEPARTEMENT_NAMES}, type=str)
RegionValue = Enum("Region", {f"R{code}": code for code in REGION_NAMES}, type=str)


# --- pieces ------------------------------------------------------------------------------


class FundOut(Schema):
    slug: str
    name: str
    operator: str


class CallRef(Schema):
    id: int
    slug: str
    title: str
    year: int


class OrganisationOut(Schema):
    name: str
    kind: str = Field(description="Type d'organisme public (référentiel Essaim).")
    siren: str | None
    insee_code: str | None
    departement: str
    region: str
    size_band: str = Field(description="Tranche de population ; vide si inconnue.")


class Page(Schema):
    count: int = Field(description="Nombre total de résultats pour ces filtres.")
    limit: int
    offset: int
    next: str | None = Field(description="Adresse de la page suivante, absente à la fin.")
    previous: str | None


# --- calls -------------------------------------------------------------------------------


class CallOut(Schema):
    id: int
    fund: FundOut
    slug: str
    year: int
    edition: int
    title: str
    summary: str
    opens_at: dt.datetime
    closes_at: dt.datetime
    status: str = Field(description="upcoming, open ou closed au moment de la requête.")
    support_kind: str = Field(description="accompaniment (mécénat de compétences) ou funding.")
    min_amount: str | None = Field(description="En euros, deux décimales ; appels financés.")
    max_amount: str | None
    envelope: str | None
    accompaniment_months: int | None
    max_laureates: int | None
    results_published_at: dt.datetime | None
    url: str | None = Field(description="Chemin de la page publique de l'appel.")


class CallPage(Page):
    results: list[CallOut]


# --- laureates ---------------------------------------------------------------------------


class LaureateOut(Schema):
    reference: str
    title: str
    state: str = Field(description="laureate, in_accompaniment ou accompanied.")
    organisation: OrganisationOut
    fund: FundOut
    call: CallRef
    year: int
    support_kind: str
    granted_amount: str | None = Field(
        description="Montant accordé (euros) par l'engagement signé en vigueur, appels financés."
    )
    innovation: str | None = Field(description="Identifiant de la fiche d'innovation publiée.")


class LaureatePage(Page):
    results: list[LaureateOut]


# --- innovations -------------------------------------------------------------------------


class FigureOut(Schema):
    label: str
    value: str
    detail: str


class ResourceOut(Schema):
    kind: str
    title: str
    url: str | None


class ContactOut(Schema):
    full_name: str
    job_title: str


class InnovationOut(Schema):
    slug: str
    title: str
    summary: str
    topic: str
    organisation: OrganisationOut | None
    place: str
    departement: str
    region: str
    fund: FundOut | None
    call: CallRef | None
    year: int | None
    is_external: bool
    source_url: str | None
    problem: str
    solution: str
    results: str
    steps: str
    duration: str
    cost: str
    skills: str
    pitfalls: str
    licence: str
    figures: list[FigureOut]
    resources: list[ResourceOut]
    contacts: list[ContactOut] = Field(
        description="Nom et fonction ; on écrit à l'équipe par la plateforme, jamais d'adresse."
    )
    published_at: dt.datetime | None
    updated_at: dt.datetime
    url: str | None


class InnovationPage(Page):
    results: list[InnovationOut]


# --- reuses ------------------------------------------------------------------------------


class InnovationRef(Schema):
    slug: str
    title: str


class ReuseOrganisationOut(Schema):
    name: str
    kind: str


class ReuseOut(Schema):
    id: int
    innovation: InnovationRef
    organisation: ReuseOrganisationOut
    departement: str
    region: str
    status: str
    created_at: dt.datetime
    updated_at: dt.datetime


class ReusePage(Page):
    results: list[ReuseOut]


# --- filters -----------------------------------------------------------------------------


class Paging(Schema):
    limit: int = Field(20, ge=1, le=100, description="Taille de la page (100 au plus).")
    offset: int = Field(0, ge=0, le=1_000_000)


class CallFilters(Schema):
    fund: str | None = Field(None, max_length=40, description="Identifiant du fonds.")
    year: int | None = Field(None, ge=2000, le=2100)
    support_kind: SupportKindValue | None = None
    status: CallStatusValue | None = None


class LaureateFilters(Schema):
    fund: str | None = Field(None, max_length=40)
    call: int | None = Field(None, ge=1, le=2**31 - 1, description="Identifiant de l'appel.")
    year: int | None = Field(None, ge=2000, le=2100)
    departement: DepartementValue | None = None
    region: RegionValue | None = None
    organisation_kind: OrganisationKindValue | None = None
    support_kind: SupportKindValue | None = None


class InnovationFilters(Schema):
    q: str | None = Field(None, max_length=200, description="Recherche plein texte en français.")
    topic: TopicValue | None = None
    organisation_kind: OrganisationKindValue | None = None
    size_band: SizeBandValue | None = None
    departement: DepartementValue | None = None
    region: RegionValue | None = None
    fund: str | None = Field(None, max_length=40)
    call: int | None = Field(None, ge=1, le=2**31 - 1)
    year: int | None = Field(None, ge=1900, le=2100)


class ReuseFilters(Schema):
    innovation: str | None = Field(None, max_length=120, description="Identifiant de la fiche.")
    status: ReuseStatusValue | None = None
    departement: DepartementValue | None = None
    region: RegionValue | None = None
    organisation_kind: OrganisationKindValue | None = None
