"""French full-text search: stems, accents, ranking, the index kept in step by the database.

Runs the same table on SQLite (FTS5) and on PostgreSQL (tsvector `essaim_french`):
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/essaim_search pytest tests/catalogue
"""

import pytest
from django.db import connection

from essaim.catalogue import search
from essaim.catalogue.filters import CatalogueFilters
from essaim.catalogue.models import Innovation
from essaim.catalogue.selectors import catalogue
from essaim.catalogue.selectors.catalogue import catalogue_page

from ..factories import InnovationFactory
from .catalogue_corpus import build_corpus, index

# (query, expected first hit or None, hits that must be among the results, hits that must not)
QUALITY = [
    ("accueil téléphonique", "pessac-telephone", [], ["renac-bourg"]),
    ("telephone", "pessac-telephone", [], []),
    ("téléphonique", "pessac-telephone", [], []),
    ("standard", "pessac-telephone", [], ["brouillon-telephone"]),
    ("usagers attendent au téléphone", "pessac-telephone", [], []),
    (
        "accueillir",
        None,
        ["paris-mineurs", "pessac-telephone", "flassans-mairie", "allier-solidarites"],
        ["thau-eau"],
    ),
    ("accueil", None, ["pont-de-claix-qualite", "flassans-mairie"], ["eclairage-nuit"]),
    ("accueillir les usagers", None, ["pessac-telephone", "pont-de-claix-qualite"], []),
    ("ecole", None, ["ecoles-tablettes", "cantine-bio", "thau-eau"], ["ecologie-urbaine"]),
    ("écoles", None, ["ecoles-tablettes", "cantine-bio"], ["ecologie-urbaine"]),
    ("ÉCOLES", None, ["ecoles-tablettes"], ["ecologie-urbaine"]),
    ("écologie", "ecologie-urbaine", [], ["ecoles-tablettes"]),
    ("centre-bourg", "renac-bourg", [], []),
    ("lieu culturel", "renac-bourg", [], []),
    ("culturel", None, ["renac-bourg", "saint-amand-bibliotheque"], []),
    ("bibliotheque", "saint-amand-bibliotheque", [], []),
    ("mineurs isolés", "paris-mineurs", [], []),
    ("jeune", "paris-mineurs", [], []),
    ("solidarité", "allier-solidarites", [], []),
    ("sourds", "sdis-sourds", [], []),
    ("malentendants", "sdis-sourds", [], []),
    ("langue des signes", "sdis-sourds", [], []),
    ("pompier", "sdis-sourds", [], []),
    ("cours d'eau", "thau-eau", [], []),
    ("lagunes", "thau-eau", [], []),
    ("ressources humaines", "cdg79-rh", [], []),
    ("absenteisme", "hazebrouck-absenteisme", [], []),
    ("qualité de vie au travail", "hazebrouck-absenteisme", [], []),
    ("démocratie participative", "correze-democratie", [], []),
    ("budgets participatifs", "correze-democratie", [], []),
    ("enquête de satisfaction", "pont-de-claix-qualite", [], []),
    ("usager mystère", "pont-de-claix-qualite", [], []),
    ("mobilité", "oise-mobilite", [], []),
    ("recruter", None, [], []),  # "recruter" stems to "recrut", as "recrutement" does not
    ("recrutement", None, ["cdg79-rh"], []),
    ("tablette", "ecoles-tablettes", [], []),
    ("cantines", "cantine-bio", [], []),
    ("gaspillage alimentaire", "cantine-bio", [], []),
    ("circuit court", "cantine-bio", [], []),
    ("numérique", None, ["ecoles-tablettes", "demarches-en-ligne"], []),
    ("démarche en ligne", "demarches-en-ligne", [], []),
    ("éclairage public", "eclairage-nuit", [], []),
    ("économie d'énergie", "eclairage-nuit", [], []),
    ("led", "eclairage-nuit", [], []),
    ("guichet unique", "flassans-mairie", [], []),
    ("mairie", "flassans-mairie", [], []),
    ("Pessac", "pessac-telephone", [], []),
    ("calvados", "sdis-sourds", [], []),
    # the names of the département, the région and the fund are searchable too
    ("Gironde", None, ["pessac-telephone", "ecoles-tablettes"], ["sdis-sourds"]),
    ("Nouvelle-Aquitaine", None, ["pessac-telephone"], ["sdis-sourds"]),
    ("Fonds MNT", None, ["pessac-telephone", "flassans-mairie"], ["ecoles-tablettes"]),
    ("brouillon", None, [], ["brouillon-telephone"]),
    ("xyzzy plugh", None, [], ["pessac-telephone"]),
]


def slugs(query: str) -> list[str]:
    page = catalogue_page(CatalogueFilters(q=query))
    return [innovation.slug for innovation in page.innovations]


@pytest.fixture
def corpus(db):
    return build_corpus()


def test_quality_table_is_long_enough():
    assert len(QUALITY) >= 30


# the page is ranked from the facets' candidates (few sheets) or by the database over every
# sheet having the words (many): both must give the same answers
@pytest.fixture(params=["candidates", "database"])
def ranking(request, monkeypatch):
    if request.param == "database":
        monkeypatch.setattr(catalogue, "RANK_CANDIDATES_MAX", 0)
    return request.param


@pytest.mark.django_db
def test_search_quality(corpus, ranking):
    failures = []
    for query, first, included, excluded in QUALITY:
        found = slugs(query)
        if first and (not found or found[0] != first):
            failures.append(f"{query!r}: first {found[:3]} instead of {first}")
        for slug in included:
            if slug not in found:
                failures.append(f"{query!r}: {slug} missing from {found}")
        for slug in excluded:
            if slug in found:
                failures.append(f"{query!r}: {slug} should not be found")
    assert not failures, f"{connection.vendor}:\n" + "\n".join(failures)


def test_nothing_found(corpus):
    assert slugs("xyzzy plugh") == []


def test_stop_words_only_is_no_text_filter(corpus):
    published = Innovation.objects.filter(is_published=True).count()
    assert catalogue_page(CatalogueFilters(q="de la et")).total == published


def test_both_rankings_give_the_same_pages(corpus, monkeypatch):
    queries = [query for query, *_rest in QUALITY] + ["accueil usagers", "agents"]
    by_candidates = {query: slugs(query) for query in queries}
    monkeypatch.setattr(catalogue, "RANK_CANDIDATES_MAX", 0)
    assert {query: slugs(query) for query in queries} == by_candidates


def test_title_weighs_more_than_body(db, ranking):
    in_body = index(InnovationFactory(title="Un projet", problem="Parler de la signalétique ici."))
    in_title = index(InnovationFactory(title="La signalétique", problem="Autre chose."))
    assert slugs("signalétique") == [in_title.slug, in_body.slug]


def test_index_follows_updates_and_deletes(db):
    """No Python hook: the database keeps the index right on every write path."""
    sheet = index(InnovationFactory(title="Jardins partagés", problem="Rien."))
    assert slugs("jardin") == [sheet.slug]

    Innovation.objects.filter(pk=sheet.pk).update(
        title="Composteurs collectifs",
        search_document="Composteurs collectifs au pied des immeubles",
    )
    assert slugs("jardin") == []
    assert slugs("composteur") == [sheet.slug]

    Innovation.objects.filter(pk=sheet.pk).update(is_published=False)
    assert slugs("composteur") == []
    Innovation.objects.filter(pk=sheet.pk).update(is_published=True)

    Innovation.objects.filter(pk=sheet.pk).delete()
    assert slugs("composteur") == []


def test_bulk_create_is_indexed(db):
    InnovationFactory._meta.model.objects.bulk_create(
        [
            Innovation(
                slug=f"ruche-{n}",
                title=f"Des ruches sur le toit n° {n}",
                summary="Des abeilles en ville.",
                topic="environment",
                problem="…",
                solution="…",
                is_published=True,
                search_document="Des ruches et des abeilles sur les toits de la mairie",
            )
            for n in range(3)
        ]
    )
    assert len(slugs("abeille")) == 3


def test_index_is_installed(db):
    """A later migration that rebuilds catalogue_innovation on SQLite drops the triggers:
    it must call essaim.catalogue.search.install_sqlite_index again."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s",
                ["catalogue_innovation"],
            )
            names = {row[0] for row in cursor.fetchall()}
            assert names >= {f"{search.SQLITE_TABLE}_{n}" for n in ("insert", "update", "delete")}
        else:
            cursor.execute(
                "SELECT tgname FROM pg_trigger WHERE tgrelid = 'catalogue_innovation'::regclass"
            )
            assert "catalogue_innovation_search_vector" in {row[0] for row in cursor.fetchall()}
            cursor.execute(
                "SELECT indexdef FROM pg_indexes WHERE indexname = 'catalogue_innovation_search_gin'"
            )
            assert "gin" in cursor.fetchone()[0].lower()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("L'accueil des usagers", ["accueil", "usager"]),
        ("accueillir", ["accueil"]),
        ("Écoles", ["ecol"]),
        ("cœur", ["coeur"]),
        ("2024", ["2024"]),
        ("de la et", []),
    ],
)
def test_stems(text, expected):
    assert search.stems(text) == expected


def test_significant_terms_are_bounded():
    text = " ".join(f"mot{n}aire" for n in range(100)) + " téléphone téléphonique"
    terms = search.significant_terms(text, limit=16)
    assert len(terms) == 16
    assert terms[0] == "telephon"
