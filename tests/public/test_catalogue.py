"""The public catalogue: search, facets in the URL, pagination, the map, the panels."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from essaim.catalogue.enums import ReuseStatus
from essaim.catalogue.filters import CatalogueFilters
from essaim.catalogue.selectors.catalogue import PAGE_SIZE, map_counts
from essaim.public.map_layout import POSITIONS, map_cells
from essaim.territory.enums import DEPARTEMENT_CHOICES

from ..catalogue.catalogue_corpus import build_corpus, index
from ..factories import ApplicationFactory, InnovationFactory, OrganisationFactory, ReuseFactory

URL = "/innovations/"


@pytest.fixture
def corpus(db):
    return build_corpus()


def titles(response) -> list[str]:
    return [i.title for i in response.context["result"].innovations]


def facet(response, parameter):
    return next(f for f in response.context["result"].facets if f.parameter == parameter)


def counts(response, parameter) -> dict[str, int]:
    return {v.value: v.count for v in facet(response, parameter).values}


def test_url_name():
    assert reverse("public:catalogue") == URL
    assert reverse("public:catalogue_map") == "/carte-des-innovations/"


def test_search_ranks_pessac_first(client, corpus):
    response = client.get(URL, {"q": "accueil téléphonique"})
    assert response.status_code == 200
    assert titles(response)[0] == "Un accueil téléphonique repensé avec les agents"
    html = response.content.decode()
    assert 'href="/innovations/pessac-telephone/"' in html
    assert 'value="accueil téléphonique"' in html


def test_only_published_sheets(client, corpus):
    response = client.get(URL)
    assert response.context["result"].total == 18
    assert "Brouillon" not in response.content.decode()
    assert client.get(URL, {"q": "brouillon"}).context["result"].total == 0


def test_facet_counts_and_combination(client, corpus):
    response = client.get(URL)
    topics = counts(response, "theme")
    assert topics["reception"] == 3
    assert topics["environment"] == 4
    assert counts(response, "departement")["33"] == 2
    assert counts(response, "region")["75"] == 4  # Nouvelle-Aquitaine: 33 ×2, 79, 19
    assert counts(response, "fonds") == {"fonds-mnt": 5}
    assert sum(counts(response, "annee").values()) == 18

    # theme AND département; the theme facet still counts the other themes (any of)
    response = client.get(URL, {"theme": "reception", "departement": "33"})
    assert titles(response) == ["Un accueil téléphonique repensé avec les agents"]
    assert counts(response, "theme") == {"reception": 1, "youth": 1}
    assert counts(response, "departement")["83"] == 1  # Flassans, reception too

    # two values of one facet: any of them
    response = client.get(URL, {"theme": ["reception", "youth"], "departement": "33"})
    assert response.context["result"].total == 2

    # text and facets together
    response = client.get(URL, {"q": "accueil", "type": "departement"})
    assert titles(response) == ["Repenser l'accueil extérieur de la Maison des solidarités"]


def test_region_size_band_call_and_year_filters(client, corpus):
    assert client.get(URL, {"region": "53"}).context["result"].total == 3  # Bretagne
    response = client.get(URL, {"taille": "50000_plus"})
    assert set(titles(response)) >= {"Un accueil téléphonique repensé avec les agents"}
    call_id = corpus["pessac-telephone"].call_id
    assert client.get(URL, {"appel": call_id}).context["result"].total == 5
    assert client.get(URL, {"fonds": "fonds-mnt", "annee": 2022}).context["result"].total == 2
    assert client.get(URL, {"annee": 2024}).context["result"].total == 5


def test_bad_values_are_ignored(client, corpus):
    response = client.get(
        URL, {"theme": "nope", "departement": "999", "annee": "abc", "appel": "-1", "page": "x"}
    )
    assert response.status_code == 200
    assert response.context["result"].total == 18
    filters = CatalogueFilters.from_query(
        __import__("django.http", fromlist=["QueryDict"]).QueryDict("departement=2a&taille=zz")
    )
    assert filters.departements == ("2A",)
    assert filters.size_bands == ()


def test_chips_remove_one_filter(client, corpus):
    response = client.get(URL, {"q": "accueil", "theme": "reception", "departement": "33"})
    chips = {chip.label: chip.url for chip in response.context["chips"]}
    assert chips["Accueil et relation aux usagers"] == "?q=accueil&departement=33"
    assert chips["33 — Gironde"] == "?q=accueil&theme=reception"


def test_form_works_without_javascript(client, corpus):
    html = client.get(URL, {"theme": "reception"}).content.decode()
    assert '<form method="get" action="/innovations/"' in html
    assert re.search(r'<input type="checkbox" name="theme" value="reception"[^>]*checked', html)
    # the search form keeps the chosen facets
    assert '<input type="hidden" name="theme" value="reception">' in html


def test_pagination(client, db):
    for n in range(PAGE_SIZE + 5):
        index(InnovationFactory(slug=f"fiche-{n:02d}", title=f"Fiche {n:02d}"))
    first = client.get(URL)
    assert first.context["result"].page_count == 2
    assert len(titles(first)) == PAGE_SIZE
    html = first.content.decode()
    assert "Page 1 sur 2" in html
    assert 'href="?page=2" rel="next"' in html
    second = client.get(URL, {"page": 2})
    assert len(titles(second)) == 5
    assert set(titles(first)).isdisjoint(titles(second))
    # beyond the last page: the last page
    assert titles(client.get(URL, {"page": 99})) == titles(second)


def test_relaxed_search_when_no_sheet_has_every_word(client, corpus):
    response = client.get(URL, {"q": "téléphone lagune"})
    assert response.context["result"].relaxed
    assert {
        "Un accueil téléphonique repensé avec les agents",
        "Sensibiliser le grand public aux cours d'eau",
    } <= set(titles(response))
    assert "en contiennent une partie" in response.content.decode()


def test_an_unfinished_word_finds_the_words_it_begins(client, corpus):
    response = client.get(URL, {"q": "accuei"})
    result = response.context["result"]
    assert result.prefixed and not result.relaxed
    assert "Un accueil téléphonique repensé avec les agents" in titles(response)
    assert "dont des mots commencent ainsi" in response.content.decode()
    # the last word being typed, the others whole
    response = client.get(URL, {"q": "accueil telephoni"})
    assert titles(response) == ["Un accueil téléphonique repensé avec les agents"]


def test_a_beginning_is_the_word_as_typed_not_its_stem(corpus):
    """ "école" would be cut to "écol" by the stemmer, which begins "écologie"."""
    from essaim.catalogue import search

    match = search.text_match("ecole", connection.vendor, prefix=True)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT i.title FROM ({match.sql}) m JOIN catalogue_innovation i ON i.id = m.id",  # noqa: S608
            match.params,
        )
        found = {row[0] for row in cursor.fetchall()}
    assert "Un plan d'écologie urbaine" not in found


def test_whole_words_first_and_no_beginning_shorter_than_three_letters(client, corpus):
    response = client.get(URL, {"q": "accueil"})
    assert not response.context["result"].prefixed
    response = client.get(URL, {"q": "ac"})
    assert response.context["result"].total == 0


def test_empty_catalogue(client, db):
    response = client.get(URL, {"q": "accueil"})
    assert response.status_code == 200
    assert "Aucune innovation publiée ne correspond" in response.content.decode()


def _queries(client, params=None) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(URL, params or {}).status_code == 200
    return len(captured.captured_queries)


@pytest.mark.parametrize(
    ("params", "expected", "at_same_version"),
    [
        # the index's version, the facets' bitmaps (new version), the page's sheets; then
        # for other facets at the same version, the version and the sheets
        ({}, 3, 2),
        # and the ids of the sheets having the words (once per version), the ranked page
        ({"q": "accueil", "theme": "reception", "annee": "2022"}, 5, 3),
    ],
)
def test_query_count_does_not_grow_with_rows(client, db, params, expected, at_same_version):
    index(InnovationFactory(organisation=OrganisationFactory(), year=2022))
    few = _queries(client, params)
    for _n in range(12):
        index(
            InnovationFactory(
                organisation=OrganisationFactory(), year=2022, fund=ApplicationFactory().call.fund
            )
        )
    assert _queries(client, params) == few == expected
    # the same again: the result region comes from the cache, only the version is read
    assert _queries(client, params) == 1
    assert _queries(client, {**params, "annee": ["2022", "2021"]}) == at_same_version


def test_cached_page_is_per_language_and_page(client, db):
    for n in range(25):
        index(InnovationFactory(slug=f"fiche-{n:02d}", title=f"Fiche {n:02d}"))

    def main(response) -> str:
        html = response.content.decode()
        return html[html.index("<main") : html.index("</main>")]

    first, second = main(client.get(URL)), main(client.get(URL, {"page": 2}))
    assert "Fiche 24" in first and "Fiche 24" not in second
    assert main(client.get(URL)) == first
    assert main(client.get(URL, {"page": 2})) == second
    client.cookies["django_language"] = "en"
    english = main(client.get(URL))
    assert english != first and "Fiche 24" in english


def test_cached_page_keeps_each_visitor_own_csrf_token(client, db, applicant):
    """The cached region holds no per-visitor data: the language form's token stays the
    visitor's own."""
    index(InnovationFactory(title="Fiche"))
    anonymous = client.get(URL).content.decode()
    client.force_login(applicant)
    signed_in = client.get(URL).content.decode()
    token = 'name="csrfmiddlewaretoken" value="'
    assert anonymous.split(token)[1][:64] != signed_in.split(token)[1][:64]
    assert "Se déconnecter" in signed_in and "Se déconnecter" not in anonymous


def test_cached_counts_follow_every_write(client, corpus):
    assert client.get(URL, {"theme": "reception"}).context["result"].total == 3
    corpus["pessac-telephone"].__class__.objects.filter(slug="pessac-telephone").update(
        is_published=False
    )
    assert client.get(URL, {"theme": "reception"}).context["result"].total == 2


# --- the map ---------------------------------------------------------------------------------


def test_every_departement_has_one_square():
    codes = [code for code, _name in DEPARTEMENT_CHOICES]
    assert sorted(POSITIONS) == sorted(codes)
    assert len(set(POSITIONS.values())) == len(POSITIONS)


def test_map_counts_innovations_and_live_reuses(client, corpus):
    pessac = corpus["pessac-telephone"]
    ReuseFactory(innovation=pessac, organisation=OrganisationFactory(departement="35", region="53"))
    ReuseFactory(
        innovation=pessac,
        organisation=OrganisationFactory(departement="35", region="53"),
        status=ReuseStatus.ABANDONED,
    )
    by_code = {c.code: c for c in map_counts()}
    assert by_code["35"].innovations == 2  # Renac, Saint-Malo
    assert by_code["35"].reuses == 1  # the abandoned one is left out
    assert by_code["33"].innovations == 2
    levels = {cell.code: cell.level for cell in map_cells(list(by_code.values()))}
    assert levels["35"] == 4 and levels["01"] == 0

    with CaptureQueriesContext(connection) as captured:
        response = client.get("/carte-des-innovations/")
    assert len(captured.captured_queries) == 2
    html = response.content.decode()
    assert 'href="/innovations/?departement=35"' in html
    assert "Ille-et-Vilaine : 2 innovations, 1 réutilisation" in html
    assert "<caption>" in html and "35 — Ille-et-Vilaine" in html


# --- "Déjà fait ailleurs" panels -------------------------------------------------------------


def test_portal_section_shows_similar_innovations(client, corpus, applicant):
    application = ApplicationFactory(
        created_by=applicant,
        problem="Le standard téléphonique sature et les usagers attendent au téléphone.",
        idea="Réorganiser l'accueil téléphonique avec les agents.",
    )
    client.force_login(applicant)
    html = client.get(reverse("portal:section_edit", args=[application.pk, "problem"])).content
    html = html.decode()
    assert "Déjà fait ailleurs" in html
    assert html.index("/innovations/pessac-telephone/") < html.index("</main>")
    # not on the other sections
    other = client.get(reverse("portal:section_edit", args=[application.pk, "impact"]))
    assert "Déjà fait ailleurs" not in other.content.decode()
