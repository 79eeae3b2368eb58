"""The public catalogue of innovations: full-text search, facets, and the map of France.

Anyone may read them. Only published sheets appear; the filters travel in the URL (a plain
GET form), so a search can be shared, bookmarked and used without JavaScript.
"""

from dataclasses import dataclass

from django.shortcuts import render
from django.views.decorators.http import require_safe

from essaim.catalogue.filters import CatalogueFilters
from essaim.catalogue.selectors.catalogue import PAGE_SIZE, catalogue_page, map_counts

from .map_layout import map_cells


@dataclass(frozen=True)
class Chip:
    """A selected filter, with the link that removes it."""

    facet: str
    label: str
    url: str


@require_safe
def catalogue(request):
    filters = CatalogueFilters.from_query(request.GET)
    result = catalogue_page(filters)
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
    return render(
        request,
        "public/catalogue/catalogue.html",
        {
            "filters": filters,
            "result": result,
            "chips": chips,
            "pages": pages,
            "start": (result.page - 1) * PAGE_SIZE + 1,
            "facets": [facet for facet in result.facets if facet.values],
        },
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
