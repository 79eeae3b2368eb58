"""ProConnect's side of the OpenID Connect dance: allauth's views, with stricter checks.

allauth's OpenID Connect adapter trusts an id_token received from the token endpoint without
checking its signature (the OpenID spec allows it over TLS) and reads userinfo as JSON.
ProConnect asks its services to check both signatures and the nonce, and answers userinfo
with a signed JWT (`application/jwt`)."""

import hmac

import requests
from allauth.account.internal.decorators import login_not_required
from allauth.socialaccount.adapter import get_adapter
from allauth.socialaccount.helpers import render_authentication_error
from allauth.socialaccount.internal import jwtkit
from allauth.socialaccount.models import SocialApp
from allauth.socialaccount.providers.oauth2.client import OAuth2Error
from allauth.socialaccount.providers.oauth2.views import OAuth2CallbackView, OAuth2LoginView
from allauth.socialaccount.providers.openid_connect.views import OpenIDConnectOAuth2Adapter
from django.http import Http404

from .logout import remember_id_token

# Asymmetric signatures only: ProConnect signs with RS256 or ES256; anything else (an
# unsigned token, HMAC with a public key) is refused before decoding.
SIGNING_ALGORITHMS = frozenset({"RS256", "ES256"})


class ProConnectOAuth2Adapter(OpenIDConnectOAuth2Adapter):
    # The nonce sent with this sign-in, set by the callback view from the stashed state.
    expected_nonce: str | None = None

    def complete_login(self, request, app, token, **kwargs):
        id_token_str = kwargs["response"].get("id_token")
        if not id_token_str:
            raise OAuth2Error("The token endpoint returned no id_token.")
        id_token = self._decode_id_token(app, id_token_str)
        userinfo = self._fetch_user_info(token.token)
        if str(userinfo.get("sub")) != str(id_token.get("sub")):
            raise OAuth2Error("The userinfo answer is about another person than the id_token.")
        data = {"userinfo": userinfo, "id_token": id_token}
        # for the sign-out at ProConnect (logout.py)
        remember_id_token(request, id_token_str)
        return self.get_provider().sociallogin_from_response(request, data)

    def _decode_id_token(self, app, id_token: str) -> dict:
        claims = self._verify_jwt(id_token, audience=app.client_id)
        nonce = claims.get("nonce")
        if not (
            self.expected_nonce
            and isinstance(nonce, str)
            and hmac.compare_digest(nonce, self.expected_nonce)
        ):
            raise OAuth2Error("The id_token's nonce is not the one sent.")
        return claims

    def _fetch_user_info(self, access_token: str) -> dict:
        headers = {"Authorization": f"Bearer {access_token}"}
        with get_adapter().get_requests_session() as session:
            response = session.get(self.profile_url, headers=headers)
            response.raise_for_status()
        content_type = response.headers.get("Content-Type", "").split(";")[0].strip().lower()
        if content_type == "application/jwt":
            return self._verify_jwt(
                response.text.strip(), audience=self.get_provider().app.client_id
            )
        data = response.json()
        if not isinstance(data, dict):
            raise OAuth2Error("The userinfo answer is not an object.")
        return data

    def _verify_jwt(self, token: str, *, audience: str) -> dict:
        """Signature against the provider's published keys, issuer, audience, expiry."""
        from allauth.core.internal.deferred import jwt

        try:
            header = jwt.get_unverified_header(token)
        except jwt.PyJWTError as exc:
            raise OAuth2Error("Malformed JWT.") from exc
        if header.get("alg") not in SIGNING_ALGORITHMS or not header.get("kid"):
            raise OAuth2Error("JWT signed with an algorithm or key we do not accept.")
        config = self.openid_config
        try:
            return jwtkit.verify_and_decode(
                credential=token,
                keys_url=config["jwks_uri"],
                issuer=config["issuer"],
                audience=audience,
                lookup_kid=jwtkit.lookup_kid_jwk,
            )
        except (KeyError, ValueError, TypeError) as exc:
            raise OAuth2Error("JWT could not be checked.") from exc


class ProConnectCallbackView(OAuth2CallbackView):
    def _get_state(self, request, provider):
        state, response = super()._get_state(request, provider)
        if state is not None:
            self.adapter.expected_nonce = state.get("nonce")
        return state, response


def _unreachable(request, provider_id, exc):
    """ProConnect's discovery document or keys could not be read: say so, no error 500."""
    provider = get_adapter(request).get_provider(request, provider_id)
    return render_authentication_error(request, provider, exception=exc)


@login_not_required
def login(request, provider_id):
    try:
        view = OAuth2LoginView.adapter_view(ProConnectOAuth2Adapter(request, provider_id))
        return view(request)
    except SocialApp.DoesNotExist as exc:
        raise Http404 from exc
    except requests.RequestException as exc:
        return _unreachable(request, provider_id, exc)


@login_not_required
def callback(request, provider_id):
    try:
        view = ProConnectCallbackView.adapter_view(ProConnectOAuth2Adapter(request, provider_id))
        return view(request)
    except SocialApp.DoesNotExist as exc:
        raise Http404 from exc
    except requests.RequestException as exc:
        return _unreachable(request, provider_id, exc)
