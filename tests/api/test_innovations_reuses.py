"""Innovation sheets and reuses: published sheets only, never an e-mail or a person."""

import pytest
from django.core.files.base import ContentFile

from essaim.catalogue.models import InnovationContact, InnovationResource, InnovationResult
from tests.factories import (
    FundFactory,
    InnovationFactory,
    OrganisationFactory,
    ReuseFactory,
    UserFactory,
)

from .conftest import api_json

pytestmark = pytest.mark.django_db


def full_sheet(**kwargs):
    innovation = InnovationFactory(**kwargs)
    InnovationResult.objects.create(
        innovation=innovation,
        label="Délai moyen de réponse",
        value="2 jours",
        detail="au lieu de 9",
    )
    InnovationResource.objects.create(
        innovation=innovation, title="Guide", url="https://exemple.fr/guide.pdf"
    )
    resource = InnovationResource(innovation=innovation, title="Script d'accueil", kind="template")
    resource.file.save("script.pdf", ContentFile(b"%PDF-1.4"), save=True)
    InnovationContact.objects.create(
        innovation=innovation,
        full_name="Alice Martin",
        job_title="Directrice des relations usagers",
        email="alice.secret@pessac.fr",
        user=UserFactory(),
    )
    return innovation


def test_innovation_sheet_fields_without_any_email(client):
    pessac = OrganisationFactory(name="Pessac", formal_name="Commune de Pessac",
                                 siren="213303183", population=66000)  # fmt: skip
    innovation = full_sheet(organisation=pessac, departement="33", place="Pessac (33)", year=2024)
    response = client.get(f"/api/v1/innovations/{innovation.slug}/")
    assert response.status_code == 200
    assert b"@" not in response.content  # neither the contact's nor its user's address
    data = response.json()
    assert data["organisation"]["name"] == "Commune de Pessac"
    assert data["organisation"]["size_band"] == "50000_plus"
    assert data["region"] == "75"
    assert data["figures"] == [
        {"label": "Délai moyen de réponse", "value": "2 jours", "detail": "au lieu de 9"}
    ]
    assert data["resources"][0] == {
        "kind": "guide",
        "title": "Guide",
        "url": "https://exemple.fr/guide.pdf",
    }
    file_resource = InnovationResource.objects.get(title="Script d'accueil")
    assert data["resources"][1]["url"] == (
        f"/innovations/{innovation.slug}/ressources/{file_resource.pk}/"
    )
    assert data["contacts"] == [
        {"full_name": "Alice Martin", "job_title": "Directrice des relations usagers"}
    ]
    assert data["url"] == f"/innovations/{innovation.slug}/"
    assert "search_document" not in data and "created_by" not in data


def test_unpublished_sheets_never_appear(client):
    hidden = InnovationFactory(is_published=False, published_at=None, title="Brouillon secret")
    InnovationFactory()
    data = api_json(client, "/api/v1/innovations/")
    assert data["count"] == 1
    assert "Brouillon secret" not in str(data)
    assert client.get(f"/api/v1/innovations/{hidden.slug}/").status_code == 404


def test_innovation_facets(client):
    mnt = FundFactory(slug="mnt")
    small = OrganisationFactory(kind="commune", population=800, departement="83", region="93")
    epci = OrganisationFactory(kind="epci", population=120000, departement="35", region="53")
    a = InnovationFactory(topic="reception", organisation=small, departement="83", year=2023)
    b = InnovationFactory(topic="work", organisation=epci, departement="35", year=2024, fund=mnt)

    def slugs(**params):
        return [i["slug"] for i in api_json(client, "/api/v1/innovations/", **params)["results"]]

    assert slugs(topic="reception") == [a.slug]
    assert slugs(organisation_kind="epci") == [b.slug]
    assert slugs(size_band="under_1000") == [a.slug]
    assert slugs(departement="35") == [b.slug]
    assert slugs(region="93") == [a.slug]
    assert slugs(fund="mnt") == [b.slug]
    assert slugs(year=2023) == [a.slug]
    assert slugs(topic="reception", year=2024) == []
    assert slugs() == [b.slug, a.slug]  # newest first
    assert client.get("/api/v1/innovations/", {"topic": "nope"}).status_code == 422


def test_full_text_search(client):
    found = InnovationFactory(title="Des écoles plus accueillantes",
                              search_document="Des écoles plus accueillantes pour les familles")  # fmt: skip
    InnovationFactory(title="Covoiturage des agents", search_document="Covoiturage des agents")
    results = api_json(client, "/api/v1/innovations/", q="école")["results"]
    assert [i["slug"] for i in results] == [found.slug]


def test_pagination_links_and_stable_order(client):
    sheets = InnovationFactory.create_batch(5)
    first = api_json(client, "/api/v1/innovations/", limit=2, topic="reception")
    assert first["count"] == 5
    assert first["previous"] is None
    assert first["next"] == (
        "http://testserver/api/v1/innovations/?limit=2&offset=2&topic=reception"
    )
    second = client.get(first["next"]).json()
    last = client.get(second["next"]).json()
    assert last["next"] is None
    assert second["previous"] == (
        "http://testserver/api/v1/innovations/?limit=2&offset=0&topic=reception"
    )
    seen = [i["slug"] for page in (first, second, last) for i in page["results"]]
    assert seen == [s.slug for s in reversed(sheets)]
    assert api_json(client, "/api/v1/innovations/", offset=50)["results"] == []
    assert client.get("/api/v1/innovations/", {"limit": 101}).status_code == 422


def test_innovations_query_count_is_constant(client, django_assert_num_queries):
    full_sheet()
    # count, page, figures, resources, contacts
    with django_assert_num_queries(5):
        client.get("/api/v1/innovations/")
    for _ in range(3):
        full_sheet(organisation=OrganisationFactory(), fund=FundFactory())
    with django_assert_num_queries(5):
        assert client.get("/api/v1/innovations/").json()["count"] == 4


# --- reuses ------------------------------------------------------------------------------


def test_reuse_fields_name_no_person(client):
    declarer = UserFactory(email="bob.declarant@talence.fr", full_name="Bob Déclarant")
    reuse = ReuseFactory(
        declared_by=declarer, note="Note interne : budget 3 000 €", status="adapting"
    )
    response = client.get(f"/api/v1/reuses/{reuse.pk}/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "Bob" not in body and "talence.fr" not in body and "Note interne" not in body
    data = response.json()
    assert data["status"] == "adapting"
    assert data["organisation"]["kind"] == "commune"
    assert data["departement"] == "33"
    assert data["innovation"]["slug"] == reuse.innovation.slug


def test_reuses_of_unpublished_sheets_are_hidden(client):
    hidden = ReuseFactory(innovation=InnovationFactory(is_published=False))
    ReuseFactory()
    assert api_json(client, "/api/v1/reuses/")["count"] == 1
    assert client.get(f"/api/v1/reuses/{hidden.pk}/").status_code == 404


def test_reuse_filters(client):
    innovation = InnovationFactory()
    a = ReuseFactory(innovation=innovation, status="deployed")
    b = ReuseFactory(organisation=OrganisationFactory(departement="35", region="53", kind="epci"))

    def ids(**params):
        return [r["id"] for r in api_json(client, "/api/v1/reuses/", **params)["results"]]

    assert ids(innovation=innovation.slug) == [a.pk]
    assert ids(status="deployed") == [a.pk]
    assert ids(departement="35") == [b.pk]
    assert ids(region="53") == [b.pk]
    assert ids(organisation_kind="epci") == [b.pk]
    assert ids() == [b.pk, a.pk]


def test_reuses_query_count_is_constant(client, django_assert_num_queries):
    ReuseFactory()
    with django_assert_num_queries(2):
        client.get("/api/v1/reuses/")
    ReuseFactory.create_batch(3)
    with django_assert_num_queries(2):
        assert client.get("/api/v1/reuses/").json()["count"] == 4
