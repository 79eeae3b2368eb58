"""The public page of a call's results."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from essaim.applications.enums import ApplicationState as S

from ..factories import ApplicationFactory, decided, submitted

pytestmark = pytest.mark.django_db


def _url(call):
    return reverse("public:call_results", args=[call.fund.slug, call.slug])


def _publish(call):
    call.results_published_at = timezone.now()
    call.save(update_fields=["results_published_at"])


@pytest.fixture
def results(call):
    laureate = ApplicationFactory(call=call, complete=True, ready=True)
    laureate.idea = "Un accueil repensé avec les agents. Il part de leurs idées. Et d'autres."
    laureate.save(update_fields=["idea"])
    decided(laureate, S.LAUREATE)
    decided(ApplicationFactory(call=call, title="Projet en attente"), S.WAITLISTED)
    decided(ApplicationFactory(call=call, title="Projet écarté"), S.NOT_SELECTED, reason="x")
    submitted(ApplicationFactory(call=call))
    ApplicationFactory(call=call, title="Brouillon jamais déposé")
    return laureate


def test_page_is_404_until_published(client, call, results):
    assert client.get(_url(call)).status_code == 404


def test_page_is_404_for_an_unpublished_call(client, call, results):
    _publish(call)
    call.is_published = False
    call.save(update_fields=["is_published"])
    assert client.get(_url(call)).status_code == 404


def test_page_lists_laureates_only(client, call, results):
    _publish(call)
    response = client.get(_url(call))
    html = response.content.decode()
    assert escape(results.title) in html
    assert "Commune de Pessac" in html and "Gironde" in html
    assert "Repenser l&#x27;accueil des usagers" in html
    assert "Un accueil repensé avec les agents. Il part de leurs idées." in html
    assert "Et d&#x27;autres." not in html
    assert "Projet en attente" not in html and "Projet écarté" not in html
    assert "1 lauréat parmi 4 dossiers reçus" in html


def test_call_page_links_to_results_once_published(client, call, results):
    call.opens_at = timezone.now() - dt.timedelta(days=60)
    call.closes_at = timezone.now() - dt.timedelta(days=30)
    call.save(update_fields=["opens_at", "closes_at"])
    call_page = call.get_absolute_url()
    assert _url(call) not in client.get(call_page).content.decode()
    _publish(call)
    assert _url(call) in client.get(call_page).content.decode()


def _count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_page_constant_queries(client, call):
    decided(ApplicationFactory(call=call, complete=True, ready=True), S.LAUREATE)
    _publish(call)
    one = _count(client, _url(call))
    for _ in range(2):
        decided(ApplicationFactory(call=call, complete=True, ready=True), S.LAUREATE)
    assert _count(client, _url(call)) == one


def test_a_laureate_with_a_published_sheet_links_it(client, call, results):
    from ..factories import InnovationFactory

    _publish(call)
    url = _url(call)
    assert "Lire la fiche" not in client.get(url).content.decode()
    sheet = InnovationFactory(application=results, fund=call.fund, call=call, slug="accueil")
    InnovationFactory(application=None, slug="sans-lien")  # another sheet: not linked
    html = client.get(url).content.decode()
    assert reverse("public:innovation_detail", args=[sheet.slug]) in html
    assert "sans-lien" not in html
    assert f"/innovations/?appel={call.pk}" in html
