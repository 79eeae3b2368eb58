"""Calls and laureates: only what is published and announced."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from essaim.accompaniment.enums import EngagementStatus
from essaim.applications.enums import ApplicationState
from tests.factories import CallFactory, EngagementFactory, FundFactory, decided

from .conftest import api_json, make_laureate, sign

pytestmark = pytest.mark.django_db


# --- calls -------------------------------------------------------------------------------


def test_calls_list_published_calls_only(client, funding_call):
    CallFactory(fund=funding_call.fund, is_published=False, title="Brouillon caché")
    CallFactory(fund=FundFactory(is_published=False), title="Fonds caché")
    data = api_json(client, "/api/v1/calls/")
    assert data["count"] == 1
    call = data["results"][0]
    assert call["title"] == funding_call.title
    assert call["fund"] == {"slug": "ditp", "name": "Appel à défis DITP", "operator": "DITP"}
    assert call["support_kind"] == "funding"
    assert call["min_amount"] == "30000.00"
    assert call["envelope"] == "3000000.00"
    assert call["status"] == "closed"
    assert call["results_published_at"] is not None
    assert call["url"] == "/fonds/ditp/appels/2024-1/"


def test_calls_filters(client, funding_call):
    open_call = CallFactory(year=2026, fund=FundFactory(slug="mnt"))
    assert api_json(client, "/api/v1/calls/", status="open")["results"][0]["id"] == open_call.pk
    assert api_json(client, "/api/v1/calls/", fund="ditp")["count"] == 1
    assert api_json(client, "/api/v1/calls/", year=2026)["count"] == 1
    assert api_json(client, "/api/v1/calls/", support_kind="accompaniment")["count"] == 1
    assert client.get("/api/v1/calls/", {"status": "nonsense"}).status_code == 422


def test_call_detail_and_unpublished_is_404(client, funding_call):
    hidden = CallFactory(is_published=False)
    assert api_json(client, f"/api/v1/calls/{funding_call.pk}/")["slug"] == "2024-1"
    assert client.get(f"/api/v1/calls/{hidden.pk}/").status_code == 404


def test_calls_query_count_is_constant(client, django_assert_num_queries):
    CallFactory()
    with django_assert_num_queries(2):
        client.get("/api/v1/calls/")
    CallFactory.create_batch(3)
    with django_assert_num_queries(2):
        assert client.get("/api/v1/calls/").json()["count"] == 4


# --- laureates ---------------------------------------------------------------------------


def test_laureate_public_fields(client, pessac_laureate):
    data = api_json(client, "/api/v1/laureates/")
    assert data["count"] == 1
    item = data["results"][0]
    assert item["reference"] == pessac_laureate.reference
    assert item["organisation"] == {
        "name": "Commune de Pessac",
        "kind": "commune",
        "siren": "213303183",
        "insee_code": "33318",
        "departement": "33",
        "region": "75",
        "size_band": "50000_plus",
    }
    assert item["granted_amount"] == "80000.00"
    assert item["year"] == 2024
    assert item["call"]["slug"] == "2024-1"
    assert item["innovation"] is None
    # nothing else of the dossier
    assert set(item) == {
        "reference", "title", "state", "organisation", "fund", "call", "year",
        "support_kind", "granted_amount", "innovation",
    }  # fmt: skip


def test_laureates_of_unannounced_results_are_hidden(client, funding_call, pessac_laureate):
    funding_call.results_published_at = None
    funding_call.save()
    assert api_json(client, "/api/v1/laureates/")["count"] == 0
    assert client.get(f"/api/v1/laureates/{pessac_laureate.reference}/").status_code == 404


def test_results_published_in_the_future_are_not_announced(client, funding_call, pessac_laureate):
    funding_call.results_published_at = timezone.now() + dt.timedelta(days=1)
    funding_call.save()
    assert api_json(client, "/api/v1/laureates/")["count"] == 0


@pytest.mark.parametrize(
    "state",
    [
        ApplicationState.WAITLISTED,
        ApplicationState.NOT_SELECTED,
        ApplicationState.SHORTLISTED,
        ApplicationState.WITHDRAWN,
    ],
)
def test_other_dossiers_are_never_listed(client, funding_call, state):
    from tests.factories import ApplicationFactory, submitted

    submitted(ApplicationFactory(call=funding_call, complete=True), state=state)
    assert api_json(client, "/api/v1/laureates/")["count"] == 0


def test_accompanied_laureates_are_listed(client, funding_call):
    application = make_laureate(funding_call)
    decided(application, ApplicationState.IN_ACCOMPANIMENT, kind="jury")
    assert api_json(client, "/api/v1/laureates/")["results"][0]["state"] == "in_accompaniment"


def test_granted_amount_comes_from_the_signed_engagement_only(client, funding_call):
    application = make_laureate(funding_call)
    EngagementFactory(application=application, granted_amount=Decimal("99000"))  # draft
    assert api_json(client, "/api/v1/laureates/")["results"][0]["granted_amount"] is None
    sign(application, amount="75000", version=2)
    EngagementFactory(
        application=application,
        version=3,
        status=EngagementStatus.SUPERSEDED,
        granted_amount=Decimal("1"),
    )
    assert api_json(client, "/api/v1/laureates/")["results"][0]["granted_amount"] == "75000.00"


def test_accompaniment_call_has_no_amount(client, funding_call):
    call = CallFactory(results_published_at=timezone.now() - dt.timedelta(days=1))
    application = make_laureate(call)
    sign(application, amount="1000")
    item = api_json(client, "/api/v1/laureates/", support_kind="accompaniment")["results"][0]
    assert item["granted_amount"] is None


def test_laureate_filters_and_detail(client, pessac_laureate, funding_call):
    other = make_laureate(funding_call)  # complete dossier in Gironde without a body
    assert api_json(client, "/api/v1/laureates/", departement="33")["count"] == 2
    assert api_json(client, "/api/v1/laureates/", region="75")["count"] == 2
    assert api_json(client, "/api/v1/laureates/", region="11")["count"] == 0
    assert api_json(client, "/api/v1/laureates/", fund="ditp", year=2024)["count"] == 2
    assert api_json(client, "/api/v1/laureates/", call=funding_call.pk)["count"] == 2
    detail = api_json(client, f"/api/v1/laureates/{other.reference}/")
    assert detail["organisation"]["siren"] is None
    assert detail["organisation"]["name"] == "Commune de Pessac"  # the dossier's copy


def test_laureates_query_count_is_constant(client, funding_call, django_assert_num_queries):
    sign(make_laureate(funding_call))
    with django_assert_num_queries(2):
        client.get("/api/v1/laureates/")
    for _ in range(3):
        sign(make_laureate(funding_call))
    with django_assert_num_queries(2):
        assert client.get("/api/v1/laureates/").json()["count"] == 4
