"""The facet counts from bitmaps against a plain reading of the published sheets in Python,
for every combination of one or two facets' values of the corpus, with and without words."""

import itertools
from urllib.parse import urlencode

import pytest
from django.db import connection
from django.http import QueryDict

from essaim.catalogue import facet_index, search
from essaim.catalogue.filters import PARAMETERS, CatalogueFilters
from essaim.catalogue.models import Innovation
from essaim.catalogue.selectors.catalogue import catalogue_page, index_version
from essaim.territory.enums import REGION_OF_DEPARTEMENT, departements_of_region

from .catalogue_corpus import build_corpus


def attributes(sheet: Innovation) -> dict[str, str]:
    body = sheet.organisation
    return {
        "theme": sheet.topic,
        "type": body.kind if body else "",
        "taille": body.size_band if body else "",
        "region": REGION_OF_DEPARTEMENT.get(sheet.departement, ""),
        "departement": sheet.departement,
        "fonds": sheet.fund.slug if sheet.fund else "",
        "appel": str(sheet.call_id or ""),
        "annee": str(sheet.year or ""),
    }


def expected_counts(sheets, filters: CatalogueFilters, matching: set[int] | None):
    chosen = {p: {str(v) for v in filters.values(p)} for p in PARAMETERS if filters.values(p)}

    def passes(sheet, skip=()):
        return all(sheet[p] in values for p, values in chosen.items() if p not in skip)

    rows = [s for s in sheets if matching is None or s["id"] in matching]
    counts = {}
    for parameter in PARAMETERS:
        skip = ("departement", "region") if parameter in ("departement", "region") else ()
        skip += (parameter,)
        scope = [s for s in rows if passes(s, skip)]
        values = {s[parameter] for s in scope} - {""}
        counts[parameter] = {v: sum(s[parameter] == v for s in scope) for v in values}
    return counts, sum(passes(s) for s in rows)


@pytest.fixture
def sheets(db):
    build_corpus()
    published = Innovation.objects.filter(is_published=True).select_related("organisation", "fund")
    return [{"id": s.pk, **attributes(s)} for s in published]


def matching(words: str, relaxed: bool) -> set[int] | None:
    """The ids the text selects, read straight from the search index."""
    match = search.text_match(words, connection.vendor, any_word=relaxed)
    if not match:
        return None
    with connection.cursor() as cursor:
        cursor.execute(match.sql, match.params)
        return {row[0] for row in cursor.fetchall()}


def shown_counts(page, filters):
    counts = {}
    for facet in page.facets:
        values = {v.value: v.count for v in facet.values if v.count}
        if facet.parameter == "departement" and filters.regions:
            # the page lists the départements of the chosen régions only
            values = {
                d: n for d, n in values.items() if REGION_OF_DEPARTEMENT[d] in filters.regions
            }
        counts[facet.parameter] = values
    return counts


def test_counts_match_a_plain_reading_of_the_sheets(sheets):
    values = {p: sorted({s[p] for s in sheets} - {""}) for p in PARAMETERS}
    singles = [(p, v) for p in PARAMETERS for v in values[p]]
    combinations = [[single] for single in singles] + [
        [a, b]
        for a, b in itertools.combinations(singles, 2)
        if a[0] != "region" or b[0] != "region"
    ]
    checked = 0
    for words in ("", "accueil", "usagers agents"):
        for combination in combinations[::3]:
            query = QueryDict(mutable=True)
            for parameter, value in combination:
                query.appendlist(parameter, value)
            if words:
                query["q"] = words
            filters = CatalogueFilters.from_query(query)
            page = catalogue_page(filters)
            expected, total = expected_counts(sheets, filters, matching(words, page.relaxed))
            if filters.regions:
                expected["departement"] = {
                    d: n
                    for d, n in expected["departement"].items()
                    if REGION_OF_DEPARTEMENT[d] in filters.regions
                }
            assert page.total == total, query.urlencode()
            assert shown_counts(page, filters) == expected, query.urlencode()
            checked += 1
    assert checked > 100


def test_bitmaps_are_read_once_per_version(sheets, django_assert_num_queries):
    version = index_version()
    first = facet_index.facet_index(version)
    with django_assert_num_queries(0):
        assert facet_index.facet_index(version) is first
    sheet = Innovation.objects.filter(is_published=True).first()
    sheet.is_published = False
    sheet.save(update_fields=["is_published"])
    newer = facet_index.facet_index(index_version())
    assert newer is not first
    assert sheet.pk in first.ids and sheet.pk not in newer.ids


def test_a_text_is_read_once_per_version(sheets, django_assert_num_queries):
    index = facet_index.facet_index(index_version())
    match = search.text_match("accueil", connection.vendor)
    with django_assert_num_queries(1):
        first = index.text_matches(match)
    with django_assert_num_queries(0):
        assert index.text_matches(match) is first
    published = {sheet["id"] for sheet in sheets}
    assert len(first) == len(matching("accueil", False) & published) > 0


def test_pages_without_words_are_newest_first(sheets, monkeypatch):
    from django.db.models import F

    from essaim.catalogue.selectors import catalogue

    monkeypatch.setattr(catalogue, "PAGE_SIZE", 4)
    published = Innovation.objects.filter(is_published=True)
    first, second, third = published.order_by("pk")[:3]
    published.filter(pk__in=[first.pk, second.pk]).update(published_at=third.published_at)
    published.filter(pk=third.pk).update(published_at=None)
    order = (F("published_at").desc(nulls_last=True), F("pk").desc())
    for query, expected in [
        ({}, published),
        ({"theme": "environment"}, published.filter(topic="environment")),
        ({"region": "75"}, published.filter(departement__in=departements_of_region("75"))),
    ]:
        expected_ids = list(expected.order_by(*order).values_list("pk", flat=True))
        shown = []
        for page in range(1, 7):
            filters = CatalogueFilters.from_query(QueryDict(urlencode({**query, "page": page})))
            shown += [sheet.pk for sheet in catalogue_page(filters).innovations]
            if len(shown) >= len(expected_ids):
                break
        assert shown == expected_ids, query
