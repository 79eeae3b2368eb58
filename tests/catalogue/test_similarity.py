"""« Déjà fait ailleurs »: the published sheets closest to a dossier or to a sheet."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from essaim.catalogue.similarity import (
    similar_to_application,
    similar_to_innovation,
    similar_to_text,
)

from ..factories import ApplicationFactory
from .catalogue_corpus import build_corpus


@pytest.fixture
def corpus(db):
    return build_corpus()


def slugs(innovations) -> list[str]:
    return [innovation.slug for innovation in innovations]


def test_phone_reception_dossier_finds_pessac_first(corpus):
    application = ApplicationFactory(
        title="Mieux répondre aux habitants qui appellent la mairie",
        problem=(
            "Notre accueil téléphonique ne suit plus : le standard sonne sans arrêt, les "
            "usagers attendent au téléphone et raccrochent, les agents de l'accueil sont épuisés."
        ),
        idea=(
            "Revoir le standard avec les agents, proposer un rappel aux usagers et mesurer le "
            "temps d'attente au téléphone."
        ),
    )
    found = slugs(similar_to_application(application))
    assert found[0] == "pessac-telephone", found
    assert len(found) == 3
    assert "brouillon-telephone" not in found  # never an unpublished sheet


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Redonner vie au bourg avec un café associatif et des concerts", "renac-bourg"),
        ("Réorganiser l'accueil de la mairie avec un guichet unique", "flassans-mairie"),
        ("Les pompiers ne comprennent pas les appels des personnes sourdes", "sdis-sourds"),
        (
            "Nos agents sont souvent en arrêt maladie, l'absentéisme augmente",
            "hazebrouck-absenteisme",
        ),
        ("Moins de gaspillage à la cantine scolaire avec des produits locaux", "cantine-bio"),
    ],
)
def test_other_dossiers_find_their_neighbour(corpus, text, expected):
    assert slugs(similar_to_text(text))[0] == expected


def test_a_sheet_never_suggests_itself(corpus):
    pessac = corpus["pessac-telephone"]
    found = slugs(similar_to_innovation(pessac))
    assert "pessac-telephone" not in found
    assert len(found) == 3


def test_empty_text_suggests_nothing(corpus):
    assert similar_to_text("") == []
    assert similar_to_text("de la et les") == []


def test_two_queries_whatever_the_text(corpus):
    with CaptureQueriesContext(connection) as captured:
        similar_to_text("accueil téléphonique " * 200 + " ".join(f"mot{n}" for n in range(300)))
    assert len(captured.captured_queries) == 2
