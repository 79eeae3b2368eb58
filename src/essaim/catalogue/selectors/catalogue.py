"""Reads behind the public catalogue and its map. Published sheets only.

`catalogue_page` reads the facets' counts, the total and, without a text, the page's order
from in-memory bitmaps (`facet_index`); with a text, the database ranks the page. A
facet's counts ignore that facet's own selection ("any of") but apply every other one, so
each count says what a click would give.
"""

# Raw SQL here names only constants and model tables; every value is a parameter.
# ruff: noqa: S608

from __future__ import annotations

import hashlib
import heapq
import math
from dataclasses import dataclass, field

from django.db import connection
from django.utils.translation import gettext_lazy as _

from essaim.funds.models import Call, Fund
from essaim.territory.enums import (
    DEPARTEMENTS,
    REGION_NAMES,
    REGION_OF_DEPARTEMENT,
    OrganisationType,
    SizeBand,
    departements_of_region,
)
from essaim.territory.models import Organisation

from .. import facet_index, search
from ..enums import ReuseStatus, Topic
from ..filters import CatalogueFilters
from ..models import Innovation, Reuse

PAGE_SIZE = 20
# a search narrowed to at most this many sheets is scored sheet by sheet (`_best_matches`)
RANK_CANDIDATES_MAX = 5000

FACET_LABELS = {
    "theme": _("Thème"),
    "type": _("Type d'organisme"),
    "taille": _("Taille"),
    "region": _("Région"),
    "departement": _("Département"),
    "fonds": _("Fonds"),
    "appel": _("Appel"),
    "annee": _("Année"),
}
DEPARTEMENT_NAMES = dict(DEPARTEMENTS)


@dataclass(frozen=True)
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool


@dataclass(frozen=True)
class Facet:
    parameter: str
    label: str
    values: list[FacetValue]

    @property
    def selected(self) -> list[FacetValue]:
        return [v for v in self.values if v.selected]


@dataclass
class CataloguePage:
    filters: CatalogueFilters
    innovations: list[Innovation]
    total: int
    page: int
    page_count: int
    facets: list[Facet] = field(default_factory=list)
    # no sheet had every word: these have words beginning as the query's (`prefixed`) or
    # some of the words (`relaxed`)
    prefixed: bool = False
    relaxed: bool = False

    @property
    def has_previous(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.page_count


def _tables() -> dict[str, str]:
    return {
        "innovation": Innovation._meta.db_table,
        "organisation": Organisation._meta.db_table,
        "fund": Fund._meta.db_table,
        "call": Call._meta.db_table,
    }


def _in(column: str, values) -> tuple[str, list]:
    return f"{column} IN ({', '.join(['%s'] * len(values))})", list(values)


def _conditions(filters: CatalogueFilters, t: dict[str, str]) -> dict[str, tuple[str, list]]:
    """One SQL condition per active facet, on the columns of the `m` table expression."""
    conditions = {}
    if filters.topics:
        conditions["theme"] = _in("m.topic", filters.topics)
    if filters.kinds:
        conditions["type"] = _in("m.kind", filters.kinds)
    if filters.size_bands:
        conditions["taille"] = _in("m.size_band", filters.size_bands)
    if filters.regions:
        departements = [d for r in filters.regions for d in departements_of_region(r)]
        conditions["region"] = _in("m.departement", departements or [""])
    if filters.departements:
        conditions["departement"] = _in("m.departement", filters.departements)
    if filters.funds:
        sql, params = _in("slug", filters.funds)
        conditions["fonds"] = (f"m.fund_id IN (SELECT id FROM {t['fund']} WHERE {sql})", params)
    if filters.calls:
        conditions["appel"] = _in("m.call_id", filters.calls)
    if filters.years:
        conditions["annee"] = _in("m.year", filters.years)
    return conditions


def _where(conditions: dict, *, skip: tuple[str, ...] = ()) -> tuple[str, list]:
    parts, params = ["1 = 1"], []
    for parameter, (sql, values) in conditions.items():
        if parameter not in skip:
            parts.append(sql)
            params += values
    return " AND ".join(parts), params


@dataclass(frozen=True)
class Reading:
    """How the query's words were matched: whole (the default), as the beginning of words,
    or any of them rather than all."""

    any_word: bool = False
    prefix: bool = False


WHOLE_WORDS, WORD_BEGINNINGS, ANY_WORD = Reading(), Reading(prefix=True), Reading(any_word=True)


def _matching(filters: CatalogueFilters, t: dict[str, str], reading: Reading) -> tuple[str, list]:
    """`WITH m AS (...)`: the published sheets matching the text, with the facets' columns
    and the text score (0 without a text)."""
    match = search.text_match(
        filters.q, connection.vendor, any_word=reading.any_word, prefix=reading.prefix
    )
    join, score, params = "", "0", []
    if match:
        join = f"JOIN ({match.sql}) s ON s.id = i.id"
        score, params = "s.score", list(match.params)
    sql = (
        f"WITH m AS (SELECT i.id, i.topic, COALESCE(o.kind, '') AS kind, "
        f"COALESCE(o.size_band, '') AS size_band, i.departement, i.fund_id, i.call_id, i.year, "
        f"i.published_at, {score} AS score "
        f"FROM {t['innovation']} i {join} "
        f"LEFT JOIN {t['organisation']} o ON o.id = i.organisation_id "
        f"WHERE i.is_published = %s) "
    )
    return sql, [*params, True]


def _ranked_ids(filters, t, conditions, reading: Reading, *, offset: int) -> list[int]:
    """The ids of a page of the sheets having the text, best match first."""
    with_sql, params = _matching(filters, t, reading)
    where, values = _where(conditions)
    sql = (
        f"{with_sql} SELECT m.id FROM m WHERE {where} "
        f"ORDER BY m.score DESC, m.published_at DESC, m.id DESC LIMIT %s OFFSET %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, *values, PAGE_SIZE, offset])
        return [row[0] for row in cursor.fetchall()]


def _facets(filters: CatalogueFilters, counts: dict[str, list[tuple]]) -> list[Facet]:
    labels = {
        "theme": dict(Topic.choices),
        "type": dict(OrganisationType.choices),
        "taille": dict(SizeBand.choices),
    }
    order = {
        "theme": list(Topic.values),
        "type": list(OrganisationType.values),
        "taille": list(SizeBand.values),
    }

    def absent_label(parameter: str, value: str) -> str:
        """The name of a chosen value no sheet has (any more), for its removable chip."""
        if parameter in labels:
            return str(labels[parameter].get(value, value))
        if parameter == "region":
            return REGION_NAMES.get(value, value)
        if parameter == "departement":
            return f"{value} — {DEPARTEMENT_NAMES.get(value, value)}"
        return value

    def build(parameter: str, rows: list[tuple], *, sort) -> Facet:
        selected = {str(v) for v in filters.values(parameter)}
        values = [
            FacetValue(value, label, count, value in selected) for value, label, count in rows
        ]
        present = {v.value for v in values}
        # a selected value with no sheet left stays visible, so it can be removed
        values += [FacetValue(v, absent_label(parameter, v), 0, True) for v in selected - present]
        return Facet(parameter, FACET_LABELS[parameter], sorted(values, key=sort))

    facets = []
    for parameter in ("theme", "type", "taille"):
        rows = [(v, str(labels[parameter].get(v, v)), n) for v, _l, n in counts[parameter]]
        rank = {v: i for i, v in enumerate(order[parameter])}
        facets.append(build(parameter, rows, sort=lambda v, r=rank: r.get(v.value, 999)))

    by_region: dict[str, int] = {}
    for departement, _label, count in counts["departement"]:
        region = REGION_OF_DEPARTEMENT.get(departement)
        if region:
            by_region[region] = by_region.get(region, 0) + count
    facets.append(
        build(
            "region",
            [(r, REGION_NAMES[r], n) for r, n in by_region.items()],
            sort=lambda v: v.label,
        )
    )
    departements = counts["departement"]
    if filters.regions:  # the départements of the chosen régions only
        allowed = {d for r in filters.regions for d in departements_of_region(r)}
        departements = [row for row in departements if row[0] in allowed]
    facets.append(
        build(
            "departement",
            [(d, f"{d} — {DEPARTEMENT_NAMES.get(d, d)}", n) for d, _l, n in departements],
            sort=lambda v: v.value,
        )
    )
    facets.append(build("fonds", counts["fonds"], sort=lambda v: v.label))
    facets.append(build("appel", counts["appel"], sort=lambda v: v.label))
    facets.append(
        build(
            "annee",
            [(y, y, n) for y, _l, n in counts["annee"]],
            sort=lambda v: -int(v.value) if v.value.isdigit() else 0,
        )
    )
    return facets


def index_version() -> int:
    """The search index's version: any write to catalogue_innovation bumps it (a trigger),
    so what is cached under it is never stale for the sheets (a body's kind or a fund's
    name changed elsewhere shows at the next write or when the entry expires). One query."""
    with connection.cursor() as cursor:
        return search.index_version(cursor)


def catalogue_cache_key(
    kind: str, filters: CatalogueFilters, *, version: int, language: str = ""
) -> str:
    """A cache key for something computed from the published sheets and `filters`."""
    pairs = filters.pairs(page=filters.page)
    digest = hashlib.sha256(repr(pairs).encode()).hexdigest()[:32]
    return f"catalogue:{kind}:{connection.vendor}:{version}:{language}:{digest}"


def _text_matches(filters: CatalogueFilters, index: facet_index.FacetIndex):
    """The sheets having the text (None without one) and how its words were read. When no
    sheet has every word: those having words that begin as the query's ("accuei", a word
    not finished), else, for a text of several words, those having some of them."""
    match = search.text_match(filters.q, connection.vendor, scored=False)
    if match is None:
        return None, WHOLE_WORDS
    matches = index.text_matches(match)
    if index.matching(filters, matches):
        return matches, WHOLE_WORDS
    for reading in (WORD_BEGINNINGS, ANY_WORD):
        if reading.any_word and len(search.query_words(filters.q)) < 2:
            break
        match = search.text_match(
            filters.q,
            connection.vendor,
            any_word=reading.any_word,
            prefix=reading.prefix,
            scored=False,
        )
        found = index.text_matches(match)
        if index.matching(filters, found):
            return found, reading
    return matches, WHOLE_WORDS


def _best_matches(filters, candidates, index, reading: Reading, *, offset: int) -> list[int]:
    """The ids of a page of `candidates` (ranks of sheets having the text and the facets),
    best match first, then newest first. A few thousand are scored as they are; more are
    ranked by the database over every sheet having the words."""
    if len(candidates) > RANK_CANDIDATES_MAX:
        t = _tables()
        return _ranked_ids(filters, t, _conditions(filters, t), reading, offset=offset)
    ids = index.ids
    with connection.cursor() as cursor:
        score = search.scores(
            cursor,
            filters.q,
            [ids[r] for r in candidates],
            any_word=reading.any_word,
            prefix=reading.prefix,
        )
    best = heapq.nsmallest(
        offset + PAGE_SIZE, candidates, key=lambda rank: (-score.get(ids[rank], 0.0), rank)
    )
    return [ids[rank] for rank in best[offset:]]


def catalogue_page(filters: CatalogueFilters, *, version: int | None = None) -> CataloguePage:
    """The published sheets matching the filters: best match first when there is a text,
    newest first otherwise. Without a text, two queries: the index's version and the
    page's sheets; with one, one more to score the sheets of the page's search and, the
    first time the index's version sees the text, one for the ids of the sheets having
    it (up to three when no sheet has every word and it is read again). When this process has not seen the index's version yet, one
    more to read the facets."""
    if version is None:
        version = index_version()
    index = facet_index.facet_index(version)
    matches, reading = _text_matches(filters, index)
    counts, total = index.counts(filters, matches)
    page_count = max(1, math.ceil(total / PAGE_SIZE))
    page = min(filters.page, page_count)
    offset = (page - 1) * PAGE_SIZE
    if not total:
        ids = []
    elif matches is None:
        ids = index.newest(filters, offset=offset, limit=PAGE_SIZE)
    else:
        candidates = index.matching(filters, matches)
        ids = _best_matches(filters, candidates, index, reading, offset=offset)
    by_id = Innovation.objects.select_related("organisation", "fund", "call").in_bulk(ids)
    return CataloguePage(
        filters=filters,
        innovations=[by_id[i] for i in ids if i in by_id],
        total=total,
        page=page,
        page_count=page_count,
        facets=_facets(filters, counts),
        prefixed=reading.prefix,
        relaxed=reading.any_word,
    )


# --- the map ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class DepartementCount:
    code: str
    name: str
    innovations: int
    reuses: int

    @property
    def total(self) -> int:
        return self.innovations + self.reuses


def map_counts() -> list[DepartementCount]:
    """Published sheets and live reuses (abandoned ones left out) per département, every
    département listed. Two queries."""
    from django.db.models import Count

    innovations = dict(
        Innovation.objects.filter(is_published=True)
        .exclude(departement="")
        .values_list("departement")
        .annotate(n=Count("id"))
        .order_by()
    )
    reuses = dict(
        Reuse.objects.public()
        .filter(innovation__is_published=True)
        .exclude(status=ReuseStatus.ABANDONED)
        .exclude(departement="")
        .values_list("departement")
        .annotate(n=Count("id"))
        .order_by()
    )
    return [
        DepartementCount(code, name, innovations.get(code, 0), reuses.get(code, 0))
        for code, name in DEPARTEMENTS
    ]
