"""The catalogue's facets, counts and newest-first pages from compressed bitmaps, in memory.

Counting eight facets in SQL means one `GROUP BY` per facet over every sheet that has the
searched words, reading each match's row: 80 ms on SQLite when a word is in 47,000 of
50,000 sheets. Here each facet value holds the set of published sheets that have it (a
Roaring bitmap, `pyroaring`); a search's counts are the sizes of intersections: the text's
matches ∩ the other facets' selections ∩ the value. That is what search engines do, and it
stays under a millisecond whatever the number of matches.

A sheet is numbered by its rank in the catalogue's order without a text (newest published
first, then the highest id), not by its id: a bitmap's members, read in order, are then
the sheets newest first, so a page of a search without words is a slice of a bitmap, with
no query. With words, the page is ranked by the database (`selectors.catalogue`).

Everything is read in one query over the published sheets and kept per process for the
search index's version (`search.index_version`, changed by the database on any write to
a sheet), so it is never stale for the sheets; a body's kind or a fund's name changed
elsewhere shows at the next write to a sheet. A text's matches are read once per version
(one query for their ids) and kept too: people search with few words and many
combinations of facets. At 50,000 sheets this takes about 8 MB and 0.2 s to build, once per
version and process.
"""

# Raw SQL here names only constants and model tables; every value is a parameter.
# ruff: noqa: S608

from __future__ import annotations

import datetime as dt
import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from functools import reduce

from django.db import connection
from pyroaring import BitMap

from essaim.territory.enums import departements_of_region

from .filters import PARAMETERS, CatalogueFilters

# facets counted from bitmaps; the région is counted from its départements
FACETS = ("theme", "type", "taille", "departement", "fonds", "appel", "annee")
# texts whose matches are kept per version and process (a few kilobytes each at 50,000
# sheets: Roaring bitmaps compress runs and dense sets)
MATCHES_KEPT = 500
_OLDEST = dt.datetime.min.replace(tzinfo=dt.UTC)


@dataclass(frozen=True)
class FacetIndex:
    version: int
    # the published sheets' ids in the catalogue's order; a sheet's rank is its position
    ids: list[int]
    rank_of: dict[int, int]
    published: BitMap  # every rank
    # facet → value (as in the URL) → ranks of the published sheets having it
    bitmaps: dict[str, dict[str, BitMap]]
    # facet → value → label, for the values named in the database (funds, calls)
    labels: dict[str, dict[str, str]]
    # text condition → ranks of the sheets it selects, the most recently used last
    _matches: OrderedDict = field(default_factory=OrderedDict, compare=False, repr=False)

    def text_matches(self, match) -> BitMap:
        """The published sheets a text condition (`search.TextMatch`) selects: one query
        the first time this version sees it, then from memory."""
        key = (match.sql, tuple(match.params))
        with _matches_lock:
            if key in self._matches:
                self._matches.move_to_end(key)
                return self._matches[key]
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT id FROM ({match.sql}) t", match.params)
            rank_of = self.rank_of
            ranks = BitMap([rank_of[row[0]] for row in cursor.fetchall() if row[0] in rank_of])
        with _matches_lock:
            self._matches[key] = ranks
            while len(self._matches) > MATCHES_KEPT:
                self._matches.popitem(last=False)
        return ranks

    def selection(self, filters: CatalogueFilters, parameter: str) -> BitMap | None:
        """The sheets having any of the selected values of one facet; None when none is
        selected (no condition)."""
        if parameter == "region":
            values = [d for r in filters.regions for d in departements_of_region(r)]
            bitmaps = self.bitmaps["departement"]
        else:
            values = [str(v) for v in filters.values(parameter)]
            bitmaps = self.bitmaps[parameter]
        if not values:
            return None
        return BitMap().union(*(bitmaps.get(v, BitMap()) for v in values))

    def matching(
        self, filters: CatalogueFilters, matches: BitMap | None, *, skip: tuple[str, ...] = ()
    ) -> BitMap:
        """The sheets having the text (`matches`, None for no text condition) and every
        facet's selection but those of `skip`."""
        chosen = [
            selection
            for parameter in PARAMETERS
            if parameter not in skip
            and (selection := self.selection(filters, parameter)) is not None
        ]
        base = self.published if matches is None else matches
        return reduce(BitMap.intersection, chosen, base)

    def counts(
        self, filters: CatalogueFilters, matches: BitMap | None
    ) -> tuple[dict[str, list[tuple]], int]:
        """Each facet's (value, label, count) rows and the total, as `catalogue_page` shows
        them: a facet's counts apply every selection but its own (a click on a value adds
        it to the ones already chosen), the départements' ignore the région too."""
        counts: dict[str, list[tuple]] = {p: [] for p in PARAMETERS}
        for parameter in FACETS:
            skip = ("departement", "region") if parameter == "departement" else (parameter,)
            scope = self.matching(filters, matches, skip=skip)
            labels = self.labels.get(parameter, {})
            for value, ranks in self.bitmaps[parameter].items():
                count = scope.intersection_cardinality(ranks)
                if count:
                    counts[parameter].append((value, labels.get(value, ""), count))
        return counts, len(self.matching(filters, matches))

    def newest(self, filters: CatalogueFilters, *, offset: int, limit: int) -> list[int]:
        """The ids of a page of the sheets matching the facets, newest first (no text)."""
        ranks = self.matching(filters, None)
        return [self.ids[rank] for rank in ranks[offset : offset + limit]]


_built: dict[str, FacetIndex] = {}
_lock = threading.Lock()
_matches_lock = threading.Lock()


def facet_index(version: int) -> FacetIndex:
    """The bitmaps for this version of the sheets, built at most once per process."""
    alias = connection.alias
    current = _built.get(alias)
    if current is not None and current.version == version:
        return current
    with _lock:  # one build per process when many requests see a new version at once
        current = _built.get(alias)
        if current is None or current.version != version:
            current = _build(version)
            _built[alias] = current
        return current


def _build(version: int) -> FacetIndex:
    from essaim.funds.models import Call, Fund
    from essaim.territory.models import Organisation

    from .models import Innovation

    sql = (
        "SELECT i.id, i.published_at, i.topic, o.kind, o.size_band, i.departement, f.slug, "
        "f.name, c.id, c.title, i.year "
        f"FROM {Innovation._meta.db_table} i "
        f"LEFT JOIN {Organisation._meta.db_table} o ON o.id = i.organisation_id "
        f"LEFT JOIN {Fund._meta.db_table} f ON f.id = i.fund_id "
        f"LEFT JOIN {Call._meta.db_table} c ON c.id = i.call_id "
        "WHERE i.is_published = %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [True])
        rows = cursor.fetchall()
    # newest first, then the highest id; a published sheet without a date last
    rows.sort(key=lambda row: (row[1] is not None, row[1] or _OLDEST, row[0]), reverse=True)

    ranks: dict[str, dict[str, list[int]]] = {p: {} for p in FACETS}
    labels: dict[str, dict[str, str]] = {"fonds": {}, "appel": {}}
    for rank, row in enumerate(rows):
        _id, _published_at, topic, kind, size, dep, fund, fund_name, call, title, year = row
        for parameter, value in (
            ("theme", topic),
            ("type", kind),
            ("taille", size),
            ("departement", dep),
            ("fonds", fund),
            ("appel", call),
            ("annee", year),
        ):
            if value not in ("", None):
                ranks[parameter].setdefault(str(value), []).append(rank)
        if fund:
            labels["fonds"][fund] = fund_name
        if call is not None:
            labels["appel"][str(call)] = title
    ids = [row[0] for row in rows]
    return FacetIndex(
        version=version,
        ids=ids,
        rank_of={sheet: rank for rank, sheet in enumerate(ids)},
        published=BitMap(range(len(ids))),
        bitmaps={p: {v: BitMap(r) for v, r in values.items()} for p, values in ranks.items()},
        labels=labels,
    )
