"""allauth's OpenID Connect provider as ProConnect expects it.

Registered in place of allauth's own class through SOCIALACCOUNT_PROVIDERS["openid_connect"]
["provider_class"]; it keeps the id `openid_connect`, and its package's urls.py (this
folder) replaces allauth's so that the callback uses `views.ProConnectOAuth2Adapter`.

What ProConnect asks of a service (its "implémentation technique" page):
- `state` and `nonce` of at least 32 characters, the nonce checked in the id_token;
- no parameter beyond the ones it lists (so no PKCE);
- the id_token and the userinfo answer (a JWT, `application/jwt`) checked against its keys;
- the agent identified by `given_name`, `usual_name`, `email`, `uid`, `siret`.
"""

import secrets

from allauth.account.models import EmailAddress
from allauth.socialaccount.providers.openid_connect.provider import (
    OpenIDConnectProvider,
    OpenIDConnectProviderAccount,
)

from .config import SCOPES
from .views import ProConnectOAuth2Adapter


def _claims(data: dict) -> dict:
    """The person's claims: userinfo first (the fuller answer), else the id_token."""
    return data.get("userinfo") or data.get("id_token") or data


class ProConnectAccount(OpenIDConnectProviderAccount):
    def to_str(self) -> str:
        claims = _claims(self.account.extra_data)
        return claims.get("email") or super().to_str()


class ProConnectProvider(OpenIDConnectProvider):
    account_class = ProConnectAccount
    oauth2_adapter_class = ProConnectOAuth2Adapter

    def get_default_scope(self):
        return list(SCOPES)

    def get_pkce_params(self) -> dict:
        return {}

    def redirect(self, request, process, next_url=None, data=None, **kwargs):
        """Send a nonce (kept in the stashed state, checked in the id_token) and a state id
        long enough for ProConnect."""
        nonce = secrets.token_urlsafe(32)
        auth_params = kwargs.pop("auth_params", None)
        if auth_params is None:
            auth_params = self.get_auth_params()
        auth_params = {**auth_params, "nonce": nonce}
        kwargs.pop("state_id", None)
        return super().redirect(
            request,
            process,
            next_url,
            data,
            auth_params=auth_params,
            nonce=nonce,
            state_id=secrets.token_urlsafe(32),
            **kwargs,
        )

    def extract_common_fields(self, data):
        claims = _claims(data)
        given = (claims.get("given_name") or "").strip()
        usual = (claims.get("usual_name") or claims.get("family_name") or "").strip()
        email = (claims.get("email") or "").strip().lower()
        return {
            "email": email or None,
            "first_name": given,
            "last_name": usual,
            "name": " ".join(part for part in (given, usual) if part),
        }

    def extract_email_addresses(self, data):
        email = (_claims(data).get("email") or "").strip().lower()
        # ProConnect's identity providers only hand over verified professional addresses.
        return [EmailAddress(email=email, verified=True, primary=True)] if email else []


provider_classes = [ProConnectProvider]
