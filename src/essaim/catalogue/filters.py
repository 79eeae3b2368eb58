"""The catalogue's filters as they travel in the URL (a plain GET form).

`/innovations/?q=accueil&theme=reception&departement=33&departement=40&annee=2024&page=2`:
several values of one facet mean "any of them", facets combine with "and". Unknown or
malformed values are dropped, never an error: a shared link keeps working when a value
disappears.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from urllib.parse import urlencode

from django.http import QueryDict

from essaim.territory.enums import (
    DEPARTEMENTS,
    REGION_NAMES,
    OrganisationType,
    SizeBand,
)

from .enums import Topic

QUERY_MAX_LENGTH = 200
MAX_VALUES = 20  # per facet: enough for any real use, bounded for the SQL
_DEPARTEMENT_CODES = frozenset(code for code, _name in DEPARTEMENTS)

# URL parameter → attribute, in the order the page shows the facets
PARAMETERS = {
    "theme": "topics",
    "type": "kinds",
    "taille": "size_bands",
    "region": "regions",
    "departement": "departements",
    "fonds": "funds",
    "appel": "calls",
    "annee": "years",
}


def _choice(values: list[str], allowed) -> tuple[str, ...]:
    return tuple(dict.fromkeys(v for v in values if v in allowed))[:MAX_VALUES]


def _slugs(values: list[str]) -> tuple[str, ...]:
    return tuple(
        dict.fromkeys(v for v in values if v and len(v) <= 40 and v.replace("-", "").isalnum())
    )[:MAX_VALUES]


def _numbers(values: list[str], *, low: int, high: int) -> tuple[int, ...]:
    numbers = (int(v) for v in values if v.isdigit() and len(v) <= 10)
    return tuple(dict.fromkeys(n for n in numbers if low <= n <= high))[:MAX_VALUES]


@dataclass(frozen=True)
class CatalogueFilters:
    q: str = ""
    topics: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    size_bands: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()
    departements: tuple[str, ...] = ()
    funds: tuple[str, ...] = ()  # fund slugs
    calls: tuple[int, ...] = ()  # call ids
    years: tuple[int, ...] = ()
    page: int = 1

    @classmethod
    def from_query(cls, data: QueryDict) -> CatalogueFilters:
        page = data.get("page", "1")
        return cls(
            q=" ".join(data.get("q", "").split())[:QUERY_MAX_LENGTH],
            topics=_choice(data.getlist("theme"), Topic.values),
            kinds=_choice(data.getlist("type"), OrganisationType.values),
            size_bands=_choice(data.getlist("taille"), SizeBand.values),
            regions=_choice(data.getlist("region"), REGION_NAMES),
            departements=_choice(
                [v.upper() for v in data.getlist("departement")], _DEPARTEMENT_CODES
            ),
            funds=_slugs(data.getlist("fonds")),
            calls=_numbers(data.getlist("appel"), low=1, high=2**31 - 1),
            years=_numbers(data.getlist("annee"), low=1900, high=2999),
            page=int(page) if page.isdigit() and 0 < len(page) <= 6 and int(page) > 0 else 1,
        )

    def values(self, parameter: str) -> tuple:
        return getattr(self, PARAMETERS[parameter])

    @property
    def is_filtered(self) -> bool:
        return any(self.values(p) for p in PARAMETERS)

    @property
    def is_empty(self) -> bool:
        return not self.q and not self.is_filtered

    def pairs(self, *, page: int | None = None) -> list[tuple[str, str]]:
        pairs = [("q", self.q)] if self.q else []
        for parameter in PARAMETERS:
            pairs += [(parameter, str(value)) for value in self.values(parameter)]
        if page and page > 1:
            pairs.append(("page", str(page)))
        return pairs

    def toggled(self, parameter: str, value) -> CatalogueFilters:
        """The same filters with one value added or removed, back on the first page."""
        current = self.values(parameter)
        changed = tuple(v for v in current if v != value) if value in current else (*current, value)
        return replace(self, page=1, **{PARAMETERS[parameter]: changed})

    def without(self, parameter: str) -> CatalogueFilters:
        return replace(self, page=1, **{PARAMETERS[parameter]: ()})

    def querystring(self, *, page: int | None = None) -> str:
        encoded = urlencode(self.pairs(page=page))
        return f"?{encoded}" if encoded else "?"
