"""Finding a public body by what a person types: a name (accents, hyphens, "st" ignored),
a postal code, an INSEE code or a SIREN (or SIRET).

Ranking, best first:
1. a SIREN, SIRET or INSEE code typed whole (including a merged body's former SIREN; a
   merged commune's former INSEE code comes last, after the postal codes, since five
   digits are more often a postal code);
2. the name is exactly the query ("saint denis": every Saint-Denis, largest first);
3. the name starts with the query, or a postal code does ("pess", "336");
4. a later word of the name starts with the query ("issole", "haute correze");
5. a former commune's name starts with the query (a commune déléguée finds its commune);
6. only when nothing was found, the same without a leading "ville de", "commune de"…;
7. only when nothing else was found: every word of the query (short words like "sur"
   left out) starts a word of one of the body's names, in any order ("sur issole",
   "departement gironde", "correze haute"). A string inside a word ("ssac") is not looked
   for: it would take a scan of every name.
Within a rank, the most populous body first. Bodies no longer in the referential
(`is_active=False`) are never suggested.

Cost: 1 to 3 indexed queries and a fetch of at most `limit` rows — see
models.SearchTerm for the index that serves ranks 2–5.
"""

import re

from django.db import connection
from django.db.models import Case, F, IntegerField, Q, QuerySet, Value, When

from .enums import OrganisationType
from .models import Organisation, OrganisationAlias, SearchTerm
from .names import INSEE_CODE, STOP_WORDS, search_key, strip_designation

MAX_QUERY = 100
DEFAULT_LIMIT = 10
MAX_CANDIDATES = 500
# a query ending with one of these has its last word complete ("st " means "saint")
_WORD_END = re.compile(r"[\s\-'’.,]$")
_CODE_NOISE = re.compile(r"[\s.]")
RESULT_FIELDS = (
    "id",
    "kind",
    "name",
    "formal_name",
    "departement",
    "region",
    "insee_code",
    "siren",
    "population",
    "postal_codes",
    "epci_kind",
    "source",
)


def search(query: str, *, limit: int = DEFAULT_LIMIT) -> list[Organisation]:
    """The bodies matching `query`, best first (see the module docstring)."""
    query = (query or "")[:MAX_QUERY]
    partial = not _WORD_END.search(query)
    query = query.strip()
    if not query:
        return []
    ids: list[int] = []
    former: list[int] = []
    compact = _CODE_NOISE.sub("", query)
    if compact.isdigit() or INSEE_CODE.match(compact.lower()) or compact.lower() in ("2a", "2b"):
        ids, former = code_matches(compact.upper())
        if len(compact) != 5:
            # a SIREN: its former holders right after; five digits are more often a postal
            # code than the pre-1968 INSEE code of a Seine commune ("75001" is Alfortville's)
            ids, former = ids + former, []
    key = search_key(query, partial=partial)
    if key:
        ids += term_matches(key, limit=limit * 4)
        if not ids and strip_designation(key) != key:
            ids += term_matches(strip_designation(key), limit=limit * 4)
        if not ids and len(key) >= 3:
            ids += word_matches(key, limit=limit)
    ranked = list(dict.fromkeys(ids + former))[:limit]
    if not ranked:
        return []
    found = Organisation.objects.only(*RESULT_FIELDS).in_bulk(ranked)
    return [found[pk] for pk in ranked if pk in found]


def code_matches(code: str) -> tuple[list[int], list[int]]:
    """The bodies carrying this SIREN, SIRET (its SIREN), INSEE code or département code,
    and those that carried it before (a merged commune's code resolves to its commune
    nouvelle)."""
    if len(code) == 14:
        code = code[:9]
    if len(code) == 9:
        current = Q(siren=code)
    elif len(code) == 5:
        current = Q(insee_code=code, kind=OrganisationType.COMMUNE)
    elif len(code) in (2, 3):
        current = Q(insee_code=code, kind=OrganisationType.DEPARTEMENT)
    else:
        return [], []
    ids = list(
        Organisation.objects.filter(current, is_active=True)
        .order_by("-population")
        .values_list("id", flat=True)[:5]
    )
    former = []
    if len(code) in (5, 9):
        former = list(
            OrganisationAlias.objects.filter(code=code, organisation__is_active=True)
            .values_list("organisation_id", flat=True)
            .distinct()[:5]
        )
    return ids, former


def _starting_with(key: str) -> QuerySet:
    terms = SearchTerm.objects.all()
    if connection.vendor == "postgresql":
        # LIKE 'key%' is served by the varchar_pattern_ops index whatever the collation
        return terms.filter(text__startswith=key)
    # SQLite's LIKE ignores case and skips the index; a range on the BINARY key does not
    return terms.filter(text__gte=key, text__lt=key + "\U0010ffff")


def term_matches(key: str, *, limit: int) -> list[int]:
    """Ranks 2 to 5, read from the terms index alone: no join, and the sort keeps `limit`."""
    rank = Case(
        When(text=key, weight__lte=SearchTerm.OTHER_NAME, then=Value(0)),
        When(weight__lte=SearchTerm.OTHER_NAME, then=Value(1)),
        default=F("weight"),
        output_field=IntegerField(),
    )
    return list(
        _starting_with(key)
        .annotate(rank=rank)
        .order_by("rank", "-population", "organisation_id")
        .values_list("organisation_id", flat=True)[:limit]
    )


def word_matches(key: str, *, limit: int) -> list[int]:
    """Rank 6: the bodies having, for every significant word of the query, a name word
    starting with it — an INTERSECT of index ranges, run only when the other ranks found
    nothing."""
    words = [word for word in dict.fromkeys(key.split()) if word not in STOP_WORDS][:4]
    if not words:
        return []
    ranges = [_starting_with(word).values_list("organisation_id", flat=True) for word in words]
    common = ranges[0].intersection(*ranges[1:]) if len(ranges) > 1 else ranges[0].distinct()
    ids = list(common.order_by()[:MAX_CANDIDATES])
    return list(
        Organisation.objects.filter(pk__in=ids, is_active=True)
        .order_by(F("population").desc(nulls_last=True), "id")
        .values_list("id", flat=True)[:limit]
    )
