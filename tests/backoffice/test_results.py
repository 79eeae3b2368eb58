"""Publishing a call's results from the back-office."""

import pytest
from django.urls import reverse
from django.utils.html import escape

from essaim.applications.enums import ApplicationState as S
from essaim.core.models import AuditEvent

from ..factories import ApplicationFactory, decided

pytestmark = pytest.mark.django_db


@pytest.fixture
def laureate(call):
    return decided(ApplicationFactory(call=call, complete=True), S.LAUREATE)


def _urls(call):
    return [
        ("get", reverse("backoffice:call_results", args=[call.pk])),
        ("post", reverse("backoffice:call_results_publish", args=[call.pk])),
        ("post", reverse("backoffice:call_results_unpublish", args=[call.pk])),
    ]


@pytest.mark.parametrize("actor", ["outsider", "applicant"])
def test_people_without_backoffice_access_get_403(client, call, laureate, actor, request):
    client.force_login(request.getfixturevalue(actor))
    for method, url in _urls(call):
        assert getattr(client, method)(url).status_code == 403
    call.refresh_from_db()
    assert call.results_published_at is None


def test_staff_of_another_fund_get_404(client, call, laureate, other_fund_staff):
    client.force_login(other_fund_staff)
    for method, url in _urls(call):
        assert getattr(client, method)(url).status_code == 404
    call.refresh_from_db()
    assert call.results_published_at is None


def test_page_restates_what_publishing_does(client, call, laureate, staff):
    client.force_login(staff)
    html = client.get(reverse("backoffice:call_results", args=[call.pk])).content.decode()
    assert escape(laureate.title) in html
    assert "Publier les résultats" in html
    assert "1 décision du jury n&#x27;a pas encore été annoncée" in html or (
        "1 décision du jury n'a pas encore été annoncée" in html
    )


def test_publish_then_unpublish(client, call, laureate, staff):
    client.force_login(staff)
    response = client.post(reverse("backoffice:call_results_publish", args=[call.pk]), follow=True)
    call.refresh_from_db()
    assert call.results_published_at is not None
    html = response.content.decode()
    assert "Les résultats sont publiés" in html
    assert reverse("public:call_results", args=[call.fund.slug, call.slug]) in html
    client.post(reverse("backoffice:call_results_unpublish", args=[call.pk]))
    call.refresh_from_db()
    assert call.results_published_at is None
    assert (
        AuditEvent.objects.for_object(call).filter(action__startswith="call.results").count() == 2
    )


def test_publish_without_laureate_says_why(client, call, staff):
    client.force_login(staff)
    response = client.post(reverse("backoffice:call_results_publish", args=[call.pk]), follow=True)
    assert "aucun lauréat" in response.content.decode()
    call.refresh_from_db()
    assert call.results_published_at is None


def test_publish_needs_post(client, call, laureate, staff):
    client.force_login(staff)
    assert client.get(reverse("backoffice:call_results_publish", args=[call.pk])).status_code == 405
