import pytest

pytestmark = pytest.mark.django_db


def test_french_by_default_whatever_the_browser_says(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response["Content-Language"] == "fr"
    assert '<html lang="fr">' in response.content.decode()


def test_english_when_chosen(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    response = client.get("/")
    assert response["Content-Language"] == "en"
    assert '<html lang="en">' in response.content.decode()


def test_unknown_language_cookie_falls_back_to_french(client):
    client.cookies["django_language"] = "xx"
    assert client.get("/")["Content-Language"] == "fr"
