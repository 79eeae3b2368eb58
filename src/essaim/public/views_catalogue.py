"""The public catalogue of innovations: full-text search, facets, and the map of France.

Anyone may read them. Only published sheets appear; the filters travel in the URL (a plain
GET form), so a search can be shared, bookmarked and used without JavaScript.
"""

from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.views.decorators.http import require_safe

from essaim.catalogue.filters import CatalogueFilters
from essaim.catalogue.selectors.catalogue import (
    PAGE_SIZE,
    catalogue_cache_key,
    catalogue_page,
    index_version,
    map_counts,
)

from .map_layout import map_cells


@dataclass(frozen=True)
class Chip:
    """A selected filter, with the link that removes it."""

    facet: str
    label: str
    url: str


@require_safe
def catalogue(request):
    """The page's main region is the same for every visitor asking the same thing, so it is
    kept in the cache under the index's version (bumped by the database on every write to
    a sheet): a search asked again costs one small query instead of the ranked search and
    the rendering of ~150 facet values. The rest of the page (menu, language form with its
    CSRF token) is rendered per visitor."""
    filters = CatalogueFilters.from_query(request.GET)
    seconds = settings.ESSAIM_CATALOGUE_PAGE_CACHE_SECONDS
    version = index_version()
    key = catalogue_cache_key("page", filters, version=version, language=get_language())
    region = cache.get(key) if seconds else None
    if region is None:
        result = catalogue_page(filters, version=version)
        region = {
            "content": _results_region(request, filters, result),
            "q": filters.q,
            "page": result.page,
            "page_count": result.page_count,
        }
        if seconds:
            cache.set(key, region, seconds)
    return render(
        request,
        "public/catalogue/catalogue.html",
        # our own template's output, escaped when it was rendered
        {**region, "content": mark_safe(region["content"])},
    )


def _results_region(request, filters: CatalogueFilters, result) -> str:
    chips = [
        Chip(
            str(facet.label),
            value.label,
            filters.toggled(facet.parameter, value.value).querystring(),
        )
        for facet in result.facets
        for value in facet.selected
    ]
    pages = {
        "previous": filters.querystring(page=result.page - 1) if result.has_previous else None,
        "next": filters.querystring(page=result.page + 1) if result.has_next else None,
    }
    return render_to_string(
        "public/catalogue/_results.html",
        {
            "filters": filters,
            "result": result,
            "chips": chips,
            "pages": pages,
            "start": (result.page - 1) * PAGE_SIZE + 1,
            "facets": [facet for facet in result.facets if facet.values],
        },
        request=request,
    )


@require_safe
def catalogue_map(request):
    counts = map_counts()
    return render(
        request,
        "public/catalogue/map.html",
        {
            "counts": counts,
            "cells": map_cells(counts),
            "totals": {
                "innovations": sum(c.innovations for c in counts),
                "reuses": sum(c.reuses for c in counts),
            },
        },
    )
