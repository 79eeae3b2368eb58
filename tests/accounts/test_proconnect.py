"""ProConnect sign-in, end to end against a local OpenID Connect provider (oidc_provider.py):
the Django test client posts the button, follows the redirection to the provider, which
approves and sends the browser back with a code; Essaim then calls the provider's token,
keys and userinfo endpoints over real HTTP."""

from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialAccount
from django.core.cache import cache
from django.urls import reverse

from essaim.accounts.models import User
from essaim.accounts.proconnect.config import proconnect_app
from essaim.accounts.proconnect.logout import ID_TOKEN_SESSION_KEY

from ..factories import UserFactory
from .oidc_provider import LocalOIDCProvider, rsa_key

pytestmark = pytest.mark.django_db

CLIENT_ID = "essaim-test-client"
CLIENT_SECRET = "essaim-test-secret"
LOGIN_URL = reverse("openid_connect_login", kwargs={"provider_id": "proconnect"})
CALLBACK_PATH = reverse("openid_connect_callback", kwargs={"provider_id": "proconnect"})


@pytest.fixture(scope="module")
def oidc():
    provider = LocalOIDCProvider(client_id=CLIENT_ID, client_secret=CLIENT_SECRET).start()
    yield provider
    provider.stop()


@pytest.fixture
def proconnect(oidc, settings, monkeypatch):
    """ProConnect configured as the environment would, pointing at the local provider."""
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    settings.SOCIALACCOUNT_PROVIDERS = {
        "openid_connect": {
            **settings.SOCIALACCOUNT_PROVIDERS["openid_connect"],
            "APPS": [
                proconnect_app(client_id=CLIENT_ID, secret=CLIENT_SECRET, server_url=oidc.issuer)
            ],
        }
    }
    # a fresh provider for each test: who signs in, and how the provider behaves
    oidc.person = {**oidc.person}
    oidc.id_token_key = oidc.userinfo_key = oidc.published_key
    oidc.userinfo_as_jwt, oidc.wrong_nonce = True, False
    oidc.authorize_requests.clear()
    cache.clear()  # allauth's rate limits and used token ids
    yield oidc
    cache.clear()


def _go_to_provider(client, next_url: str = "") -> str:
    """Press the button; return the provider's authorize URL Essaim redirected to."""
    response = client.post(LOGIN_URL + (f"?next={next_url}" if next_url else ""))
    assert response.status_code == 302
    return response["Location"]


def _provider_approves(authorize_url: str) -> str:
    """The provider signs the person in and sends the browser back: the callback URL."""
    answer = requests.get(authorize_url, allow_redirects=False, timeout=5)
    assert answer.status_code == 302, answer.text
    callback = urlsplit(answer.headers["Location"])
    assert callback.path == CALLBACK_PATH
    return f"{callback.path}?{callback.query}"


def _sign_in(client, next_url: str = ""):
    return client.get(_provider_approves(_go_to_provider(client, next_url)))


def _signed_in_user(client):
    user_id = client.session.get("_auth_user_id")
    return User.objects.get(pk=user_id) if user_id else None


# --- the button -------------------------------------------------------------------------


def test_login_page_offers_proconnect_when_configured(client, proconnect):
    page = client.get(reverse("account_login")).content.decode()
    assert "Se connecter avec" in page and "ProConnect" in page
    assert f'action="{LOGIN_URL}?process=login"' in page
    assert "Qu’est-ce que ProConnect ?" in page


def test_without_configuration_no_button_and_no_provider(client, settings):
    assert settings.SOCIALACCOUNT_PROVIDERS["openid_connect"]["APPS"] == []
    page = client.get(reverse("account_login")).content.decode()
    assert "ProConnect" not in page
    assert client.post(LOGIN_URL).status_code == 404


def test_authorization_request_is_the_one_proconnect_accepts(client, proconnect):
    authorize = urlsplit(_go_to_provider(client))
    params = {k: v[-1] for k, v in parse_qs(authorize.query).items()}
    assert f"{authorize.scheme}://{authorize.netloc}{authorize.path}" == (
        f"{proconnect.issuer}/authorize"
    )
    assert sorted(params["scope"].split()) == sorted(
        ["openid", "email", "given_name", "usual_name", "siret", "uid"]
    )
    assert len(params["state"]) >= 32 and len(params["nonce"]) >= 32
    assert "code_challenge" not in params  # ProConnect refuses unknown parameters
    assert params["redirect_uri"] == f"http://testserver{CALLBACK_PATH}"


# --- who is signed in -------------------------------------------------------------------


def test_first_sign_in_creates_a_verified_account_with_the_agents_name(client, proconnect):
    response = _sign_in(client, next_url="/fonds/")
    assert response.status_code == 302 and response["Location"] == "/fonds/"
    user = _signed_in_user(client)
    assert user is not None
    assert user.email == "marie.dupont@interieur.gouv.fr"
    assert user.full_name == "Marie Claire Dupont"
    assert not user.has_usable_password()
    address = EmailAddress.objects.get(user=user)
    assert address.email == user.email and address.verified and address.primary
    account = SocialAccount.objects.get(user=user)
    assert (account.provider, account.uid) == ("proconnect", "agent-0001")
    assert account.extra_data["userinfo"]["siret"] == "11000201100044"
    assert account.extra_data["id_token"]["iss"] == proconnect.issuer
    # the secret went in the body (client_secret_post), as ProConnect expects
    assert proconnect.token_requests[-1]["client_secret"] == CLIENT_SECRET


def test_second_sign_in_reuses_the_same_account(client, proconnect):
    _sign_in(client)
    first = _signed_in_user(client)
    client.logout()
    proconnect.person["given_name"] = "Marie"  # a changed directory does not duplicate
    response = _sign_in(client)
    assert response.status_code == 302
    assert _signed_in_user(client) == first
    assert User.objects.count() == 1 and SocialAccount.objects.count() == 1


def test_existing_account_with_the_same_verified_address_is_linked(client, proconnect):
    existing = UserFactory(email="marie.dupont@interieur.gouv.fr", full_name="Marie Dupont")
    response = _sign_in(client)
    assert response.status_code == 302
    assert _signed_in_user(client) == existing
    assert SocialAccount.objects.get(uid="agent-0001").user == existing
    assert User.objects.count() == 1
    existing.refresh_from_db()
    assert existing.has_usable_password()  # verified address: the password stays
    assert existing.full_name == "Marie Dupont"


def test_unverified_namesake_account_loses_its_password(client, proconnect, mailoutbox):
    """Someone who signed up with the agent's address but never verified it must not keep a
    way into the account: allauth wipes its password, and the agent confirms the address
    from their mailbox before the first sign-in."""
    squatter = UserFactory(email="marie.dupont@interieur.gouv.fr")
    EmailAddress.objects.filter(user=squatter).update(verified=False)
    response = _sign_in(client)
    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    assert _signed_in_user(client) is None
    squatter.refresh_from_db()
    assert not squatter.has_usable_password()
    # both to the agent's own mailbox: ProConnect was linked, and the address to confirm
    assert [(m.subject, m.to) for m in mailoutbox] == [
        ("[Essaim] Une connexion externe a été liée à votre compte", [squatter.email]),
        ("[Essaim] Confirmez votre adresse e-mail", [squatter.email]),
    ]
    assert User.objects.count() == 1


def test_userinfo_as_plain_json_also_works(client, proconnect):
    proconnect.userinfo_as_jwt = False
    _sign_in(client)
    assert _signed_in_user(client).email == "marie.dupont@interieur.gouv.fr"


# --- what is refused --------------------------------------------------------------------


def _refused(response) -> None:
    assert response.status_code == 401  # allauth's answer to a failed sign-in
    assert "Connexion impossible" in response.content.decode()


def test_wrong_state_is_refused(client, proconnect):
    callback = _provider_approves(_go_to_provider(client))
    path, query = callback.split("?")
    params = {k: v[-1] for k, v in parse_qs(query).items()}
    params["state"] = "z" * 43
    _refused(client.get(path, params))
    assert _signed_in_user(client) is None and not User.objects.exists()


def test_callback_without_any_sign_in_started_is_refused(client, proconnect):
    _refused(client.get(CALLBACK_PATH, {"code": "abc", "state": "z" * 43}))
    assert _signed_in_user(client) is None


def test_id_token_signed_with_another_key_is_refused(client, proconnect):
    proconnect.id_token_key = rsa_key("forger")  # same key id, other key
    _refused(_sign_in(client))
    assert _signed_in_user(client) is None and not User.objects.exists()


def test_userinfo_signed_with_another_key_is_refused(client, proconnect):
    proconnect.userinfo_key = rsa_key("forger")
    _refused(_sign_in(client))
    assert _signed_in_user(client) is None and not User.objects.exists()


def test_id_token_with_another_nonce_is_refused(client, proconnect):
    proconnect.wrong_nonce = True
    _refused(_sign_in(client))
    assert _signed_in_user(client) is None


def test_provider_unreachable_is_an_error_page_not_a_crash(client, settings, monkeypatch):
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    settings.SOCIALACCOUNT_PROVIDERS = {
        "openid_connect": {
            **settings.SOCIALACCOUNT_PROVIDERS["openid_connect"],
            "APPS": [
                proconnect_app(
                    client_id=CLIENT_ID, secret=CLIENT_SECRET, server_url="http://127.0.0.1:9/api"
                )
            ],
        }
    }
    _refused(client.post(LOGIN_URL))


def test_staff_signing_in_with_proconnect_still_give_their_code(
    client, proconnect, staff, settings
):
    """ProConnect replaces the password, not the second factor fund staff must give."""
    from allauth.mfa.totp.internal.auth import TOTP

    from .totp import totp_code

    settings.ESSAIM_REQUIRE_2FA = True
    staff.email = "marie.dupont@interieur.gouv.fr"
    staff.save(update_fields=["email"])
    EmailAddress.objects.filter(user=staff).update(email=staff.email)
    TOTP.activate(staff, "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")
    response = _sign_in(client)
    assert response["Location"] == reverse("mfa_authenticate")
    assert _signed_in_user(client) is None
    client.post(
        reverse("mfa_authenticate"), {"code": totp_code("JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")}
    )
    assert _signed_in_user(client) == staff
    assert client.get("/gestion/").status_code == 200


# --- signing out ------------------------------------------------------------------------


def test_signing_out_also_signs_out_of_proconnect(client, proconnect):
    _sign_in(client)
    id_token = client.session[ID_TOKEN_SESSION_KEY]
    assert id_token in proconnect.issued_id_tokens

    response = client.post(reverse("account_logout"))
    assert _signed_in_user(client) is None
    assert response.status_code == 302
    end = urlsplit(response["Location"])
    assert f"{end.scheme}://{end.netloc}{end.path}" == f"{proconnect.issuer}/session/end"
    params = {k: v[-1] for k, v in parse_qs(end.query).items()}
    assert params["id_token_hint"] == id_token
    assert params["post_logout_redirect_uri"] == "http://testserver/"
    assert len(params["state"]) >= 32

    # ProConnect ends its session and sends the browser back to the home page
    back = requests.get(response["Location"], allow_redirects=False, timeout=5)
    assert back.status_code == 302
    assert urlsplit(back.headers["Location"]).path == "/"
    assert client.get(urlsplit(back.headers["Location"]).path).status_code == 200
    assert proconnect.end_session_requests[-1]["id_token_hint"] == id_token


def test_a_password_session_signs_out_here_only(client, proconnect, applicant):
    client.force_login(applicant)
    response = client.post(reverse("account_logout"))
    assert response["Location"] == "/"  # not through ProConnect
    assert _signed_in_user(client) is None


def test_proconnect_unreachable_at_sign_out_still_signs_out_here(client, proconnect, settings):
    _sign_in(client)
    settings.SOCIALACCOUNT_PROVIDERS = {
        "openid_connect": {
            **settings.SOCIALACCOUNT_PROVIDERS["openid_connect"],
            "APPS": [
                proconnect_app(
                    client_id=CLIENT_ID, secret=CLIENT_SECRET, server_url="http://127.0.0.1:9/api"
                )
            ],
        }
    }
    response = client.post(reverse("account_logout"))
    assert response.status_code == 302 and response["Location"] == "/"
    assert _signed_in_user(client) is None
