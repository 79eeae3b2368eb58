"""Error pages speak French in the site's own look: 404 and 403 inside the usual layout,
500 and the expired-form page standalone (rendered without a request)."""

import pytest
from django.test import RequestFactory
from django.urls import reverse
from django.views import defaults
from django.views.csrf import csrf_failure

from ..factories import UserFactory

pytestmark = pytest.mark.django_db


def test_an_unknown_address_gets_the_site_404(client):
    response = client.get("/cette-page-n-existe-pas/")
    html = response.content.decode()
    assert response.status_code == 404
    assert "<title>Page introuvable — Essaim</title>" in html
    assert 'class="site-footer"' in html  # the usual layout
    assert reverse("public:catalogue") in html


def test_a_signed_in_person_finds_their_space_from_a_404(client, fund):
    from ..factories import FundMembershipFactory

    client.force_login(FundMembershipFactory(fund=fund).user)
    html = client.get("/cette-page-n-existe-pas/").content.decode()
    assert f'href="{reverse("backoffice:home")}">Retrouver mon espace' in html


def test_a_refused_page_gets_the_site_403(client, call):
    client.force_login(UserFactory())
    response = client.get(reverse("backoffice:call_detail", args=[call.pk]))
    assert response.status_code == 403
    assert "<title>Accès refusé — Essaim</title>" in response.content.decode()


def test_the_500_page_renders_without_a_request_context():
    request = RequestFactory().get("/")
    response = defaults.server_error(request)
    html = response.content.decode()
    assert response.status_code == 500
    assert "Une erreur est survenue de notre côté" in html
    assert "/static/essaim/css/essaim.css" in html


def test_an_expired_form_is_explained():
    request = RequestFactory().post("/")
    response = csrf_failure(request, reason="CSRF token missing.")
    html = response.content.decode()
    assert response.status_code == 403
    assert "Ce formulaire a expiré" in html
    assert "CSRF" not in html
