"""The shipped referential, loaded whole: counts, idempotence, the enums' lists, and the
search quality on real queries."""

from collections import Counter

import pytest

from essaim.territory.enums import DEPARTEMENTS, REGION_OF_DEPARTEMENT, REGIONS
from essaim.territory.importer import import_referential
from essaim.territory.models import Organisation, ReferentialImport, SearchTerm
from essaim.territory.search import search
from essaim.territory.services import organisation_add

from ..factories import UserFactory

pytestmark = pytest.mark.django_db


def test_snapshot_is_the_documented_release(full_referential):
    snapshot, _result = full_referential
    source = snapshot["source"]
    assert (source["package"], source["version"], source["vintage"]) == (
        "@etalab/decoupage-administratif",
        "6.0.0",
        2026,
    )
    # communes.json of 6.0.0: 34,969 current communes, of which 94 in the collectivités
    # d'outre-mer (left out, see scripts/build_territory_snapshot.py)
    assert snapshot["counts"] == {
        "regions": 18,
        "departements": 101,
        "communes": 34_875,
        "epci": 1_255,
        "ept": 11,
        "aliases": 6_861,
    }
    for name in ("regions", "departements", "communes", "epci", "ept"):
        assert len(snapshot[name]) == snapshot["counts"][name]


def test_import_counts_match_the_snapshot(full_referential):
    snapshot, result = full_referential
    counts = snapshot["counts"]
    by_kind = Counter(Organisation.objects.values_list("kind", flat=True))
    assert by_kind == {
        "region": counts["regions"],
        "departement": counts["departements"],
        "commune": counts["communes"],
        "epci": counts["epci"] + counts["ept"],
    }
    assert result.created == sum(by_kind.values())
    assert result.aliases_added == counts["aliases"]
    with_siren = Organisation.objects.filter(kind="commune", siren__isnull=False).count()
    assert with_siren == sum(1 for c in snapshot["communes"] if c.get("siren"))
    assert Organisation.objects.filter(kind="commune", epci__isnull=True).count() < 100


def test_second_import_of_the_whole_referential_changes_nothing(full_referential):
    snapshot, _result = full_referential
    terms = SearchTerm.objects.count()
    again = import_referential(snapshot)
    assert not again.changed
    assert again.terms_written == 0
    assert SearchTerm.objects.count() == terms
    assert ReferentialImport.objects.count() == 1


def test_enum_lists_agree_with_the_snapshot(full_referential):
    snapshot, _result = full_referential
    assert sorted((d["code"], d["name"]) for d in snapshot["departements"]) == sorted(DEPARTEMENTS)
    assert sorted((r["code"], r["name"]) for r in snapshot["regions"]) == sorted(REGIONS)
    assert {d["code"]: d["region"] for d in snapshot["departements"]} == REGION_OF_DEPARTEMENT


# (what a person types, the first body suggested: str(organisation) = "Name (département)")
SEARCH_QUALITY = [
    # names, whatever the case, accents and hyphens
    ("Pessac", "Pessac (33)"),
    ("PESSAC", "Pessac (33)"),
    ("pess", "Pessac (33)"),
    ("Renac", "Renac (35)"),
    ("Rénac", "Renac (35)"),
    ("flassans sur issole", "Flassans-sur-Issole (83)"),
    ("Flassans-sur-Issole", "Flassans-sur-Issole (83)"),
    ("issole", "Flassans-sur-Issole (83)"),
    ("Aix en Provence", "Aix-en-Provence (13)"),
    ("bourg en bresse", "Bourg-en-Bresse (01)"),
    ("Châlons en champagne", "Châlons-en-Champagne (51)"),
    ("les sables d olonne", "Les Sables-d'Olonne (85)"),
    ("l'isle adam", "L'Isle-Adam (95)"),
    ("oeuf en ternois", "Œuf-en-Ternois (62)"),
    ("Y", "Y (80)"),
    ("Eu", "Eu (76)"),
    ("ville de la rochelle", "La Rochelle (17)"),
    # "st" / "saint", homonyms told apart by population or by département
    ("Saint-Denis", "Saint-Denis (974)"),
    ("st denis", "Saint-Denis (974)"),
    ("saint denis 93", "Saint-Denis (93)"),
    ("St-Denis 974", "Saint-Denis (974)"),
    ("ste marie", "Sainte-Marie (974)"),
    ("sainte marie 35", "Sainte-Marie (35)"),
    ("st-malo", "Saint-Malo (35)"),
    ("st etienne du rouvray", "Saint-Étienne-du-Rouvray (76)"),
    ("Montreuil", "Montreuil (93)"),
    ("nice 06", "Nice (06)"),
    ("Marseille 13", "Marseille (13)"),
    # codes: postal, INSEE, SIREN, SIRET, département
    ("33600", "Pessac (33)"),
    ("35400", "Saint-Malo (35)"),
    ("97400", "Saint-Denis (974)"),
    ("75001", "Paris (75)"),
    ("33318", "Pessac (33)"),
    ("2A004", "Ajaccio (2A)"),
    ("213303183", "Pessac (33)"),
    ("213 303 183", "Pessac (33)"),
    ("21330318300012", "Pessac (33)"),
    ("243300316", "Bordeaux Métropole (33)"),
    ("2b", "Haute-Corse (2B)"),
    # a commune déléguée finds its commune nouvelle
    ("Arbignieu", "Arboys en Bugey (01)"),
    # intercommunalities
    ("Communauté de communes Haute-Corrèze Communauté", "CC Haute-Corrèze Communauté (19)"),
    ("CC Haute-Corrèze", "CC Haute-Corrèze Communauté (19)"),
    ("haute correze", "CC Haute-Corrèze Communauté (19)"),
    ("correze haute", "CC Haute-Corrèze Communauté (19)"),
    ("Bordeaux Métropole", "Bordeaux Métropole (33)"),
    ("communaute d'agglomeration du pays basque", "CA du Pays Basque (64)"),
    ("Grand Reims", "CU du Grand Reims (51)"),
    ("metropole de lyon", "Métropole de Lyon (69)"),
    ("Eurometropole de Strasbourg", "Eurométropole de Strasbourg (67)"),
    ("Plaine Commune", "Plaine Commune (93)"),
    # départements and régions, by name or by their council
    ("departement de la gironde", "Gironde (33)"),
    ("conseil départemental du calvados", "Calvados (14)"),
    ("Corse du sud", "Corse-du-Sud (2A)"),
    ("Région Bretagne", "Bretagne (35)"),
    ("conseil régional d'Occitanie", "Occitanie (31)"),
    ("ile de france", "Île-de-France (75)"),
]


@pytest.mark.parametrize(("query", "expected"), SEARCH_QUALITY)
def test_search_quality(full_referential, query, expected):
    found = search(query)
    assert found, f"nothing found for {query!r}"
    assert str(found[0]) == expected, [str(o) for o in found[:5]]


def test_homonyms_are_told_apart_by_departement(full_referential):
    from essaim.territory.suggestions import suggestion

    found = [suggestion(o) for o in search("Saint-Denis")[:4]]
    assert [s["label"] for s in found[:2]] == ["Saint-Denis (974)", "Saint-Denis (93)"]
    assert found[1]["detail"].startswith("Commune · Seine-Saint-Denis (93) · 93200")


def test_search_never_suggests_a_string_inside_a_word(full_referential):
    assert search("ssac") == []


def test_body_added_by_an_applicant_is_found(full_referential):
    sdis = organisation_add(
        actor=UserFactory(),
        kind="sdis",
        name="SDIS du Calvados",
        departement="14",
        siren="281400010",
    ).organisation
    for query in ("SDIS du Calvados", "sdis calvados", "calvados sdis", "281400010"):
        assert search(query)[0] == sdis, query
