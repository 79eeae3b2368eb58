"""A public agent signs in with ProConnect in Chromium, against the tests' local OpenID
Connect provider: the button on the login page, the provider's approval, back on Essaim
signed in with an account named after the agent."""

import re

import pytest
from django.core.cache import cache

from essaim.accounts.models import User
from essaim.accounts.proconnect.config import proconnect_app

from ..accounts.oidc_provider import LocalOIDCProvider

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def oidc(settings, monkeypatch):
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    provider = LocalOIDCProvider(client_id="essaim-browser", client_secret="secret").start()
    settings.SOCIALACCOUNT_PROVIDERS = {
        "openid_connect": {
            **settings.SOCIALACCOUNT_PROVIDERS["openid_connect"],
            "APPS": [
                proconnect_app(
                    client_id="essaim-browser", secret="secret", server_url=provider.issuer
                )
            ],
        }
    }
    # As the settings do for a configured ProConnect: CSP lets the sign-in form's redirect
    # go to the provider.
    policy = settings.CONTENT_SECURITY_POLICY
    directives = policy["DIRECTIVES"]
    origin = provider.issuer.removesuffix("/api/v2")
    settings.CONTENT_SECURITY_POLICY = {
        **policy,
        "DIRECTIVES": {**directives, "form-action": [*directives["form-action"], origin]},
    }
    cache.clear()
    yield provider
    provider.stop()
    cache.clear()


def test_agent_signs_in_with_proconnect(live_server, page, axe_check, oidc):
    page.goto(f"{live_server.url}/compte/login/")
    button = page.get_by_role("button", name="Se connecter avec ProConnect")
    assert button.is_visible()
    assert page.get_by_role("link", name="Qu’est-ce que ProConnect ?").is_visible()
    axe_check(page, "login with ProConnect")
    button.click()
    page.wait_for_url(re.compile(r".*/mes-dossiers/$"))
    assert oidc.authorize_requests, "the browser did not reach the provider"
    assert page.url.startswith(live_server.url)
    assert page.get_by_role("heading", level=1).inner_text() == "Mes dossiers"
    user = User.objects.get()
    assert (user.email, user.full_name) == ("marie.dupont@interieur.gouv.fr", "Marie Claire Dupont")
    assert page.locator(".account-nav").get_by_role("button", name="Se déconnecter").is_visible()

    # signing out goes through ProConnect, which ends its session and sends the agent home
    page.locator(".account-nav").get_by_role("button", name="Se déconnecter").click()
    page.wait_for_url(re.compile(r".*/\?state=.+$"))
    assert page.url.startswith(f"{live_server.url}/?state=")
    assert oidc.end_session_requests, "the browser did not go through ProConnect"
    assert page.get_by_role("link", name="Se connecter").first.is_visible()
