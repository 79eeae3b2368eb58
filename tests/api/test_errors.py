"""The API's error bodies speak the reader's language and keep their shape for programs."""

import pytest

pytestmark = pytest.mark.django_db


def test_a_missing_resource_is_said_in_french(client):
    response = client.get("/api/v1/innovations/nothing-here/")
    assert response.status_code == 404
    assert response.json() == {"detail": "Ressource introuvable."}


def test_invalid_parameters_are_explained_one_by_one(client):
    response = client.get("/api/v1/calls/", {"status": "x", "offset": "abc", "limit": 500})
    assert response.status_code == 422
    by_parameter = {tuple(error["loc"]): error for error in response.json()["detail"]}
    assert (
        by_parameter[("query", "status")]["msg"]
        == "Valeurs possibles\u00a0: upcoming, open, closed."
    )
    assert by_parameter[("query", "status")]["type"] == "enum"
    assert by_parameter[("query", "offset")]["msg"] == "Un nombre entier est attendu."
    limit = by_parameter[("query", "limit")]
    assert limit["msg"] == "La valeur doit être inférieure ou égale à 100."
    assert limit["ctx"] == {"le": 100}


def test_a_malformed_identifier_is_explained(client):
    response = client.get("/api/v1/laureates/a%20b/")
    assert response.status_code == 422
    (error,) = response.json()["detail"]
    assert error["loc"] == ["path", "reference"]
    assert "chiffres" in error["msg"]


def test_english_readers_get_english_messages(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert client.get("/api/v1/reuses/999/").json() == {"detail": "Resource not found."}
    response = client.get("/api/v1/calls/", {"year": "1"})
    assert response.json()["detail"][0]["msg"] == "The value must be greater than or equal to 2000."
