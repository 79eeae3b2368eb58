"""The read API under /api/v1/ (django-ninja): calls, laureates, innovations, reuses, and
the open-data files. Read-only and anonymous: everything here is public by construction
(see `catalogue.opendata`), so there is no authentication and no write method.

Lists take `limit` (1–100) and `offset`, answer `count`, `next` and `previous`, are ordered
on a unique key and read a fixed number of queries per page.
"""

from urllib.parse import urlencode

from django.conf import settings
from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja import NinjaAPI, Path, Query, Router, Schema

from essaim.catalogue import opendata

from . import errors, exports
from .schemas import (
    CallFilters,
    CallOut,
    CallPage,
    InnovationFilters,
    InnovationOut,
    InnovationPage,
    LaureateFilters,
    LaureateOut,
    LaureatePage,
    Paging,
    ReuseFilters,
    ReuseOut,
    ReusePage,
)

DESCRIPTION = """\
API en lecture seule des données publiques d'Essaim : appels publiés, lauréats annoncés,
fiches d'innovation publiées et réutilisations. Aucune authentification ; données sous
Licence Ouverte 2.0 (Etalab), sauf mention contraire sur une fiche (champ `licence`).

Les listes sont paginées (`limit`, `offset`) et renvoient `count`, `next`, `previous`.
Les montants sont des chaînes en euros avec deux décimales.
"""


class Error(Schema):
    detail: str


class InvalidParameter(Schema):
    type: str
    loc: list[str | int]
    msg: str


class ValidationFailed(Schema):
    detail: list[InvalidParameter]


MAX_ID = 2**31 - 1
SLUG_PATTERN = r"^[-a-zA-Z0-9_]+$"


def _answers(ok, *, not_found: bool = False) -> dict:
    answers = {200: ok, 422: ValidationFailed}
    if not_found:
        answers[404] = Error
    return answers


api = NinjaAPI(
    title="Essaim — API des données ouvertes",
    version="1.0.0",
    description=DESCRIPTION,
    urls_namespace="api:rest",  # nested in the app namespace "api"
    # Swagger UI only from our own static files, which needs "ninja" in INSTALLED_APPS;
    # otherwise ninja would load it from a CDN: then there is no docs page at all.
    docs_url="/docs/" if "ninja" in settings.INSTALLED_APPS else None,
)
errors.install(api)


def _page(request: HttpRequest, queryset, paging: Paging, to_record) -> dict:
    """One page: a count query, then the page's rows (with their prefetches)."""
    count = queryset.count()
    limit, offset = paging.limit, paging.offset
    rows = list(queryset[offset : offset + limit]) if offset < count else []

    def link(new_offset: int) -> str:
        params = request.GET.copy()
        params["limit"] = str(limit)
        params["offset"] = str(new_offset)
        return request.build_absolute_uri(f"{request.path}?{urlencode(sorted(params.items()))}")

    return {
        "count": count,
        "limit": limit,
        "offset": offset,
        "next": link(offset + limit) if offset + limit < count else None,
        "previous": link(max(offset - limit, 0)) if offset > 0 and count else None,
        "results": [to_record(row) for row in rows],
    }


def _values(filters: Schema) -> dict:
    """Filter values as plain strings (the enums are only there for OpenAPI)."""
    return {
        key: (value.value if hasattr(value, "value") else value)
        for key, value in filters.dict().items()
    }


# --- calls -------------------------------------------------------------------------------

calls = Router(tags=["appels"])


@calls.get("/", response=_answers(CallPage), summary="Appels publiés")
def list_calls(request, filters: Query[CallFilters], paging: Query[Paging]):
    now = timezone.now()
    queryset = opendata.filter_calls(opendata.public_calls(), now=now, **_values(filters))
    return _page(request, queryset, paging, lambda call: opendata.call_record(call, now=now))


@calls.get("/{call_id}/", response=_answers(CallOut, not_found=True), summary="Un appel publié")
def get_call(request, call_id: int = Path(..., ge=1, le=MAX_ID)):
    call = opendata.public_calls().filter(pk=call_id).first()
    if call is None:
        raise Http404
    return opendata.call_record(call)


# --- laureates ---------------------------------------------------------------------------

laureates = Router(tags=["lauréats"])


@laureates.get("/", response=_answers(LaureatePage), summary="Lauréats annoncés")
def list_laureates(request, filters: Query[LaureateFilters], paging: Query[Paging]):
    queryset = opendata.filter_laureates(opendata.public_laureates(), **_values(filters))
    return _page(request, queryset, paging, opendata.laureate_record)


@laureates.get(
    "/{reference}/", response=_answers(LaureateOut, not_found=True), summary="Un lauréat annoncé"
)
def get_laureate(request, reference: str = Path(..., max_length=30, pattern=SLUG_PATTERN)):
    application = opendata.public_laureates().filter(reference=reference).first()
    if application is None:
        raise Http404
    return opendata.laureate_record(application)


# --- innovations -------------------------------------------------------------------------

innovations = Router(tags=["innovations"])


@innovations.get("/", response=_answers(InnovationPage), summary="Fiches d'innovation publiées")
def list_innovations(request, filters: Query[InnovationFilters], paging: Query[Paging]):
    queryset = opendata.filter_innovations(opendata.public_innovations(), **_values(filters))
    return _page(request, queryset, paging, opendata.innovation_record)


@innovations.get(
    "/{slug}/", response=_answers(InnovationOut, not_found=True), summary="Une fiche publiée"
)
def get_innovation(request, slug: str = Path(..., max_length=120, pattern=SLUG_PATTERN)):
    innovation = opendata.public_innovations().filter(slug=slug).first()
    if innovation is None:
        raise Http404
    return opendata.innovation_record(innovation)


# --- reuses ------------------------------------------------------------------------------

reuses = Router(tags=["réutilisations"])


@reuses.get("/", response=_answers(ReusePage), summary="Réutilisations des fiches publiées")
def list_reuses(request, filters: Query[ReuseFilters], paging: Query[Paging]):
    queryset = opendata.filter_reuses(opendata.public_reuses(), **_values(filters))
    return _page(request, queryset, paging, opendata.reuse_record)


@reuses.get(
    "/{reuse_id}/", response=_answers(ReuseOut, not_found=True), summary="Une réutilisation"
)
def get_reuse(request, reuse_id: int = Path(..., ge=1, le=MAX_ID)):
    reuse = opendata.public_reuses().filter(pk=reuse_id).first()
    if reuse is None:
        raise Http404
    return opendata.reuse_record(reuse)


api.add_router("/calls/", calls)
api.add_router("/laureates/", laureates)
api.add_router("/innovations/", innovations)
api.add_router("/reuses/", reuses)
api.add_router("/exports/", exports.router)
