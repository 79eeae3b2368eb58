"""Signing out of Essaim also signs the agent out of ProConnect (RP-initiated logout).

Without it, the next person at a shared computer pressing "ProConnect" would be signed in
as the previous agent without typing anything. ProConnect requires it of its services: the
browser goes to its `end_session_endpoint` with the id_token it issued at sign-in, then
comes back to our home page (the address to register with ProConnect)."""

import secrets
from urllib.parse import urlencode

import requests
from allauth.socialaccount.models import SocialApp

from .config import PROVIDER_ID

# The raw id_token of a ProConnect sign-in, kept in the session until sign-out.
ID_TOKEN_SESSION_KEY = "essaim_proconnect_id_token"  # noqa: S105 (a key name)


def remember_id_token(request, id_token: str) -> None:
    request.session[ID_TOKEN_SESSION_KEY] = id_token


def end_session_url(request, *, back: str) -> str | None:
    """Where to send the browser at sign-out (it then comes back to `back`, an absolute
    address); None when the session did not come from ProConnect or ProConnect cannot be
    reached (the sign-out then stays local)."""
    id_token = request.session.get(ID_TOKEN_SESSION_KEY)
    if not id_token:
        return None
    from .views import ProConnectOAuth2Adapter

    try:
        endpoint = ProConnectOAuth2Adapter(request, PROVIDER_ID).openid_config.get(
            "end_session_endpoint"
        )
    except (SocialApp.DoesNotExist, requests.RequestException, ValueError):
        return None
    if not endpoint:
        return None
    query = {
        "id_token_hint": id_token,
        # ProConnect requires a state; nothing waits for it on our home page
        "state": secrets.token_urlsafe(32),
        "post_logout_redirect_uri": back,
    }
    return f"{endpoint}?{urlencode(query)}"
