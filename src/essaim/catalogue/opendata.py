"""What Essaim publishes as open data, and the one place that decides it.

The read API (`essaim.api`) and the downloadable files (CSV, JSON) both read these
querysets and turn rows into plain dicts with the `*_record` functions, so a field is public
in one place only. What stays out, whatever the endpoint:

- calls and funds that are not published;
- dossiers other than laureates, and laureates of a call whose results are not published
  yet (a jury outcome is public only once announced, see `applications.visibility`);
- innovation sheets that are not published; contacts' e-mail addresses, always;
- people: who declared a reuse, notes and messages, team members, reviewers;
- staff-only fields: internal notes, reasons, budget lines, the dossier's answers.

Each list is ordered on a unique key, and reads a fixed number of queries whatever its
length (select_related for the single-valued relations, prefetch for the lists).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from decimal import Decimal
from typing import Any

from django.db import connection
from django.db.models import OuterRef, Prefetch, QuerySet, Subquery
from django.db.models.expressions import RawSQL
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from essaim.accompaniment.enums import EngagementStatus
from essaim.accompaniment.models import Engagement
from essaim.applications.enums import ApplicationState
from essaim.applications.models import Application
from essaim.funds.enums import SupportKind
from essaim.funds.models import Call
from essaim.territory.enums import REGION_OF_DEPARTEMENT, departements_of_region

from .models import Innovation, InnovationContact, InnovationResource, InnovationResult, Reuse

PUBLIC_LAUREATE_STATES = tuple(ApplicationState.selected())


# --- small helpers --------------------------------------------------------------------


def public_path(viewname: str, **kwargs: Any) -> str | None:
    """The path of a public page, or None while the page does not exist (yet)."""
    try:
        return reverse(viewname, kwargs=kwargs)
    except NoReverseMatch:
        return None


def _amount(value: Decimal | None) -> str | None:
    """Amounts travel as strings with a point and two decimals: no float rounding."""
    return None if value is None else f"{value:.2f}"


def _region(departement: str) -> str:
    return REGION_OF_DEPARTEMENT.get(departement, "") if departement else ""


def _fund_record(fund) -> dict | None:
    if fund is None:
        return None
    return {"slug": fund.slug, "name": fund.name, "operator": fund.operator}


def _call_ref(call) -> dict | None:
    if call is None:
        return None
    return {"id": call.pk, "slug": call.slug, "title": call.title, "year": call.year}


def organisation_record(
    organisation, *, name: str = "", kind: str = "", departement: str = ""
) -> dict:
    """A public body as the open data shows it; the dossier's copies fill what the
    referential lacks (a body added by hand, a dossier without a chosen body)."""
    if organisation is not None:
        departement = organisation.departement or departement
        return {
            "name": name or organisation.formal_name or organisation.name,
            "kind": organisation.kind or kind,
            "siren": organisation.siren or None,
            "insee_code": organisation.insee_code or None,
            "departement": departement,
            "region": organisation.region or _region(departement),
            "size_band": organisation.size_band,
        }
    return {
        "name": name,
        "kind": kind,
        "siren": None,
        "insee_code": None,
        "departement": departement,
        "region": _region(departement),
        "size_band": "",
    }


# --- calls --------------------------------------------------------------------------------


def public_calls() -> QuerySet[Call]:
    return Call.objects.published().select_related("fund").order_by("-opens_at", "-id")


def filter_calls(
    calls: QuerySet[Call],
    *,
    fund: str | None = None,
    year: int | None = None,
    support_kind: str | None = None,
    status: str | None = None,
    now=None,
) -> QuerySet[Call]:
    if fund:
        calls = calls.filter(fund__slug=fund)
    if year:
        calls = calls.filter(year=year)
    if support_kind:
        calls = calls.filter(support_kind=support_kind)
    if status:
        now = now or timezone.now()
        calls = {
            "upcoming": calls.upcoming_at,
            "open": calls.open_at,
            "closed": calls.closed_at,
        }[status](now)
    return calls


def call_record(call: Call, *, now=None) -> dict:
    is_funding = call.support_kind == SupportKind.FUNDING
    return {
        "id": call.pk,
        "fund": _fund_record(call.fund),
        "slug": call.slug,
        "year": call.year,
        "edition": call.edition,
        "title": call.title,
        "summary": call.summary,
        "opens_at": call.opens_at,
        "closes_at": call.closes_at,
        "status": str(call.status_at(now)),
        "support_kind": call.support_kind,
        "min_amount": _amount(call.min_amount) if is_funding else None,
        "max_amount": _amount(call.max_amount) if is_funding else None,
        "envelope": _amount(call.envelope) if is_funding else None,
        "accompaniment_months": call.accompaniment_months,
        "max_laureates": call.max_laureates,
        "results_published_at": _results_date(call, now),
        "url": public_path("public:call_detail", fund_slug=call.fund.slug, call_slug=call.slug),
    }


def _results_date(call: Call, now=None):
    published = call.results_published_at
    if published is None or published > (now or timezone.now()):
        return None
    return published


# --- laureates ----------------------------------------------------------------------------


def _signed_engagement() -> QuerySet[Engagement]:
    return Engagement.objects.filter(application=OuterRef("pk"), status=EngagementStatus.SIGNED)


def public_laureates(now=None) -> QuerySet[Application]:
    """Laureates (accompanied ones included) of published calls whose results are out.

    `granted_amount` comes from the engagement in force (at most one signed version per
    dossier, a database constraint); the record shows it for funding calls only.
    """
    now = now or timezone.now()
    return (
        Application.objects.filter(
            state__in=PUBLIC_LAUREATE_STATES,
            call__is_published=True,
            call__fund__is_published=True,
            call__results_published_at__lte=now,
            reference__isnull=False,
        )
        .select_related("call__fund", "organisation", "innovation")
        .annotate(
            granted_amount=Subquery(_signed_engagement().values("granted_amount")[:1]),
        )
        .only(
            "id",
            "reference",
            "title",
            "state",
            "organisation_name",
            "organisation_type",
            "organisation_departement",
            "call__id",
            "call__slug",
            "call__title",
            "call__year",
            "call__support_kind",
            "call__results_published_at",
            "call__fund__id",
            "call__fund__slug",
            "call__fund__name",
            "call__fund__operator",
            "organisation",
            "innovation__id",
            "innovation__slug",
            "innovation__is_published",
        )
        .order_by("-call__year", "reference", "id")
    )


def filter_laureates(
    laureates: QuerySet[Application],
    *,
    fund: str | None = None,
    call: int | None = None,
    year: int | None = None,
    departement: str | None = None,
    region: str | None = None,
    organisation_kind: str | None = None,
    support_kind: str | None = None,
) -> QuerySet[Application]:
    if fund:
        laureates = laureates.filter(call__fund__slug=fund)
    if call:
        laureates = laureates.filter(call_id=call)
    if year:
        laureates = laureates.filter(call__year=year)
    if departement:
        laureates = laureates.filter(organisation_departement=departement)
    if region:
        laureates = laureates.filter(organisation_departement__in=departements_of_region(region))
    if organisation_kind:
        laureates = laureates.filter(organisation_type=organisation_kind)
    if support_kind:
        laureates = laureates.filter(call__support_kind=support_kind)
    return laureates


def laureate_record(application: Application) -> dict:
    call = application.call
    innovation = getattr(application, "innovation", None)
    return {
        "reference": application.reference,
        "title": application.title,
        "state": application.state,
        "organisation": organisation_record(
            application.organisation,
            name=application.organisation_name,
            kind=application.organisation_type,
            departement=application.organisation_departement,
        ),
        "fund": _fund_record(call.fund),
        "call": _call_ref(call),
        "year": call.year,
        "support_kind": call.support_kind,
        "granted_amount": (
            _amount(getattr(application, "granted_amount", None))
            if call.support_kind == SupportKind.FUNDING
            else None
        ),
        "innovation": innovation.slug if innovation and innovation.is_published else None,
    }


# --- innovations --------------------------------------------------------------------------


def public_innovations() -> QuerySet[Innovation]:
    return (
        Innovation.objects.filter(is_published=True)
        .select_related("organisation", "fund", "call")
        .prefetch_related(
            Prefetch("figures", queryset=InnovationResult.objects.order_by("position", "id")),
            Prefetch(
                "resources",
                queryset=InnovationResource.objects.order_by("position", "id").only(
                    "id", "innovation_id", "position", "kind", "title", "file", "url"
                ),
            ),
            Prefetch(
                "contacts",
                queryset=InnovationContact.objects.order_by("position", "id").only(
                    "id", "innovation_id", "position", "full_name", "job_title"
                ),
            ),
        )
        .defer("search_document")
        .order_by("-published_at", "-id")
    )


def _search(innovations: QuerySet[Innovation], q: str) -> QuerySet[Innovation]:
    """French full-text search (stems, accents folded) through the catalogue's search
    index when it is there; otherwise every word must appear in the sheet's plain text.
    The order stays the list's (newest first), so that pages are stable."""
    try:
        from essaim.catalogue.search import text_match
    except ImportError:  # the search helper is not installed
        text_match = None
    if text_match is None:
        for word in q.split():
            innovations = innovations.filter(search_document__icontains=word)
        return innovations
    match = text_match(q, connection.vendor)
    if match is None:  # no significant word: nothing to filter on
        return innovations
    # match.sql is the search helper's constant SQL; the user's words are in its params
    matching = f"SELECT id FROM ({match.sql}) AS essaim_text_match"  # noqa: S608
    return innovations.filter(pk__in=RawSQL(matching, match.params))  # noqa: S611


def filter_innovations(
    innovations: QuerySet[Innovation],
    *,
    q: str | None = None,
    topic: str | None = None,
    organisation_kind: str | None = None,
    size_band: str | None = None,
    departement: str | None = None,
    region: str | None = None,
    fund: str | None = None,
    call: int | None = None,
    year: int | None = None,
) -> QuerySet[Innovation]:
    if topic:
        innovations = innovations.filter(topic=topic)
    if organisation_kind:
        innovations = innovations.filter(organisation__kind=organisation_kind)
    if size_band:
        innovations = innovations.filter(organisation__size_band=size_band)
    if departement:
        innovations = innovations.filter(departement=departement)
    if region:
        innovations = innovations.filter(departement__in=departements_of_region(region))
    if fund:
        innovations = innovations.filter(fund__slug=fund)
    if call:
        innovations = innovations.filter(call_id=call)
    if year:
        innovations = innovations.filter(year=year)
    if q and q.strip():
        innovations = _search(innovations, q.strip())
    return innovations


def _resource_url(resource: InnovationResource) -> str | None:
    if resource.url:
        return resource.url
    if resource.file:
        return public_path(
            "public:innovation_resource",
            slug=resource.innovation.slug,
            pk=resource.pk,
        )
    return None


def innovation_record(innovation: Innovation) -> dict:
    for resource in innovation.resources.all():
        resource.innovation = innovation  # no query to build its URL
    return {
        "slug": innovation.slug,
        "title": innovation.title,
        "summary": innovation.summary,
        "topic": innovation.topic,
        "organisation": (
            organisation_record(innovation.organisation, departement=innovation.departement)
            if innovation.organisation_id
            else None
        ),
        "place": innovation.place,
        "departement": innovation.departement,
        "region": _region(innovation.departement),
        "fund": _fund_record(innovation.fund),
        "call": _call_ref(innovation.call),
        "year": innovation.year,
        "is_external": innovation.is_external,
        "source_url": innovation.source_url or None,
        "problem": innovation.problem,
        "solution": innovation.solution,
        "results": innovation.results,
        "steps": innovation.steps,
        "duration": innovation.duration,
        "cost": innovation.cost,
        "skills": innovation.skills,
        "pitfalls": innovation.pitfalls,
        "licence": innovation.licence,
        "figures": [
            {"label": f.label, "value": f.value, "detail": f.detail}
            for f in innovation.figures.all()
        ],
        "resources": [
            {"kind": r.kind, "title": r.title, "url": _resource_url(r)}
            for r in innovation.resources.all()
        ],
        "contacts": [
            {"full_name": c.full_name, "job_title": c.job_title} for c in innovation.contacts.all()
        ],
        "published_at": innovation.published_at,
        "updated_at": innovation.updated_at,
        "url": public_path("public:innovation_detail", slug=innovation.slug),
    }


# --- reuses -------------------------------------------------------------------------------


def public_reuses() -> QuerySet[Reuse]:
    """Reuses of published sheets: which body, where, how far. Never who declared it, nor
    the notes and messages."""
    return (
        Reuse.objects.public()
        .filter(innovation__is_published=True)
        .select_related("innovation", "organisation")
        .only(
            "id",
            "status",
            "departement",
            "created_at",
            "updated_at",
            "innovation__id",
            "innovation__slug",
            "innovation__title",
            "organisation__id",
            "organisation__name",
            "organisation__formal_name",
            "organisation__kind",
            "organisation__region",
            "organisation__departement",
        )
        .order_by("-created_at", "-id")
    )


def filter_reuses(
    reuses: QuerySet[Reuse],
    *,
    innovation: str | None = None,
    status: str | None = None,
    departement: str | None = None,
    region: str | None = None,
    organisation_kind: str | None = None,
) -> QuerySet[Reuse]:
    if innovation:
        reuses = reuses.filter(innovation__slug=innovation)
    if status:
        reuses = reuses.filter(status=status)
    if departement:
        reuses = reuses.filter(departement=departement)
    if region:
        reuses = reuses.filter(departement__in=departements_of_region(region))
    if organisation_kind:
        reuses = reuses.filter(organisation__kind=organisation_kind)
    return reuses


def reuse_record(reuse: Reuse) -> dict:
    organisation = reuse.organisation
    departement = reuse.departement or organisation.departement
    return {
        "id": reuse.pk,
        "innovation": {"slug": reuse.innovation.slug, "title": reuse.innovation.title},
        "organisation": {
            "name": organisation.formal_name or organisation.name,
            "kind": organisation.kind,
        },
        "departement": departement,
        "region": organisation.region or _region(departement),
        "status": reuse.status,
        "created_at": reuse.created_at,
        "updated_at": reuse.updated_at,
    }


# --- flat rows for the CSV files ----------------------------------------------------------


def iterate(queryset: QuerySet, chunk_size: int = 500) -> Iterator:
    """Rows in chunks: prefetches run once per chunk, memory stays flat on large files."""
    return queryset.iterator(chunk_size=chunk_size)


def _flatten(record: dict, prefix: str = "") -> dict:
    flat: dict[str, Any] = {}
    for key, value in record.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            flat.update(_flatten(value, f"{name}_"))
        else:
            flat[name] = value
    return flat


INNOVATION_CSV_COLUMNS = [
    "slug", "title", "summary", "topic", "organisation_name", "organisation_kind",
    "organisation_siren", "organisation_insee_code", "organisation_size_band", "place",
    "departement", "region", "fund_slug", "fund_name", "call_id", "call_title", "year",
    "is_external", "source_url", "problem", "solution", "results", "steps", "duration",
    "cost", "skills", "pitfalls", "licence", "figures", "resources", "published_at",
    "updated_at", "url",
]  # fmt: skip

LAUREATE_CSV_COLUMNS = [
    "reference", "title", "state", "organisation_name", "organisation_kind",
    "organisation_siren", "organisation_insee_code", "organisation_departement",
    "organisation_region", "fund_slug", "fund_name", "call_id", "call_title", "year",
    "support_kind", "granted_amount", "innovation",
]  # fmt: skip

REUSE_CSV_COLUMNS = [
    "id", "innovation_slug", "innovation_title", "organisation_name", "organisation_kind",
    "departement", "region", "status", "created_at", "updated_at",
]  # fmt: skip


def innovation_row(record: dict) -> dict:
    flat = _flatten({k: v for k, v in record.items() if k not in ("figures", "resources")})
    flat["figures"] = " | ".join(
        " : ".join(part for part in (f["label"], f["value"], f["detail"]) if part)
        for f in record["figures"]
    )
    flat["resources"] = " ".join(r["url"] for r in record["resources"] if r["url"])
    return {column: flat.get(column) for column in INNOVATION_CSV_COLUMNS}


def laureate_row(record: dict) -> dict:
    flat = _flatten(record)
    return {column: flat.get(column) for column in LAUREATE_CSV_COLUMNS}


def reuse_row(record: dict) -> dict:
    flat = _flatten(record)
    return {column: flat.get(column) for column in REUSE_CSV_COLUMNS}


def records(queryset: Iterable, to_record) -> Iterator[dict]:
    for obj in queryset:
        yield to_record(obj)
