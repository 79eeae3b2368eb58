"""Open-data files, the Atom feed, the « Données ouvertes » page and the OpenAPI document."""

import csv
import io
import json
import re
import xml.etree.ElementTree as ET

import pytest

from essaim.catalogue import opendata
from essaim.catalogue.models import InnovationContact
from tests.factories import InnovationFactory, ReuseFactory, UserFactory

from .conftest import streamed

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def sheets(db):
    published = InnovationFactory(title="Accueil repensé à Pessac")
    InnovationContact.objects.create(
        innovation=published, full_name="Alice Martin", job_title="DGS", email="alice@pessac.fr"
    )
    hidden = InnovationFactory(title="Brouillon secret", is_published=False, published_at=None)
    ReuseFactory(innovation=published, declared_by=UserFactory(full_name="Bob Déclarant"))
    ReuseFactory(innovation=hidden)
    return published, hidden


@pytest.mark.parametrize("dataset", ["innovations", "laureates", "reuses"])
def test_csv_files_stream_with_a_header(client, sheets, dataset):
    response = client.get(f"/api/v1/exports/{dataset}.csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="essaim-')
    text = streamed(response)
    assert not text.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    columns = {
        "innovations": opendata.INNOVATION_CSV_COLUMNS,
        "laureates": opendata.LAUREATE_CSV_COLUMNS,
        "reuses": opendata.REUSE_CSV_COLUMNS,
    }[dataset]
    assert text.splitlines()[0].split(",") == columns
    assert len(rows) == {"innovations": 1, "laureates": 0, "reuses": 1}[dataset]
    for secret in ("Brouillon secret", "alice@pessac.fr", "Bob Déclarant"):
        assert secret not in text


@pytest.mark.parametrize("dataset", ["innovations", "laureates", "reuses"])
def test_json_files_hold_the_api_records(client, sheets, dataset):
    response = client.get(f"/api/v1/exports/{dataset}.json")
    assert response["Content-Type"] == "application/json; charset=utf-8"
    data = json.loads(streamed(response))
    api = client.get(f"/api/v1/{dataset}/").json()["results"]
    assert data == api
    assert "Brouillon secret" not in json.dumps(data)
    assert "alice@pessac.fr" not in json.dumps(data)


def test_innovation_csv_row(client, sheets):
    published, _hidden = sheets
    text = streamed(client.get("/api/v1/exports/innovations.csv"))
    row = next(csv.DictReader(io.StringIO(text, newline="")))
    assert row["slug"] == published.slug
    assert row["is_external"] == "true"
    assert row["licence"] == "lo-2.0"
    assert row["organisation_name"] == ""


def test_atom_feed_lists_published_sheets(client, sheets):
    published, _hidden = sheets
    response = client.get("/api/v1/innovations/atom.xml")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)  # noqa: S314 (our own response)
    entries = feed.findall(f"{ATOM}entry")
    assert [e.find(f"{ATOM}title").text for e in entries] == ["Accueil repensé à Pessac"]
    link = entries[0].find(f"{ATOM}link").get("href")
    assert link == f"http://testserver/innovations/{published.slug}/"
    # an id is an IRI (RFC 4287): a tag URI that survives a change of the sheet's address
    assert re.fullmatch(
        rf"tag:[\w.-]+,2026:innovation-{published.pk}", entries[0].find(f"{ATOM}id").text
    )
    assert b"alice@pessac.fr" not in response.content


def test_open_data_page(client, sheets):
    response = client.get("/api/v1/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Données ouvertes</h1>" in html
    for url in (
        "/api/v1/exports/innovations.csv", "/api/v1/exports/laureates.json",
        "/api/v1/exports/reuses.csv", "/api/v1/exports/subventions.csv",
        "/api/v1/openapi.json", "/api/v1/docs/", "/api/v1/innovations/atom.xml",
    ):  # fmt: skip
        assert f'href="{url}"' in html
    assert "2.1.1" in html


def test_open_data_page_query_count(client, sheets, django_assert_max_num_queries):
    with django_assert_max_num_queries(5):
        client.get("/api/v1/")


def test_openapi_document_lists_every_operation(client):
    document = client.get("/api/v1/openapi.json").json()
    assert document["openapi"].startswith("3.1")
    assert set(document["paths"]) >= {
        "/api/v1/calls/", "/api/v1/calls/{call_id}/", "/api/v1/laureates/",
        "/api/v1/laureates/{reference}/", "/api/v1/innovations/", "/api/v1/innovations/{slug}/",
        "/api/v1/reuses/", "/api/v1/reuses/{reuse_id}/", "/api/v1/exports/subventions.csv",
    }  # fmt: skip
    # no write operation at all
    methods = {m for operations in document["paths"].values() for m in operations}
    assert methods == {"get"}


def test_docs_page_uses_our_own_static_files(client):
    html = client.get("/api/v1/docs/").content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in html
    assert "cdn" not in html.lower()


def test_the_api_writes_nothing(client, sheets):
    published, _hidden = sheets
    assert client.post("/api/v1/innovations/", {}).status_code == 405
    assert client.delete(f"/api/v1/innovations/{published.slug}/").status_code == 405
