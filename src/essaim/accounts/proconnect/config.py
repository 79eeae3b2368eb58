"""The allauth app of ProConnect, built from the environment by the settings.

No Django import here: settings/base.py imports this module."""

PROVIDER_ID = "proconnect"
# What ProConnect always gives (its "données obligatoires"): first names, usual last name,
# professional e-mail, the agent's id at their identity provider, their establishment's SIRET.
SCOPES = ["openid", "email", "given_name", "usual_name", "siret", "uid"]


def proconnect_app(*, client_id: str, secret: str, server_url: str) -> dict:
    """One entry of SOCIALACCOUNT_PROVIDERS["openid_connect"]["APPS"].

    `server_url` is the issuer, e.g. https://auth.agentconnect.gouv.fr/api/v2 (allauth adds
    /.well-known/openid-configuration)."""
    return {
        "provider_id": PROVIDER_ID,
        "name": "ProConnect",
        "client_id": client_id,
        "secret": secret,
        "settings": {
            "server_url": server_url.rstrip("/"),
            "scope": SCOPES,
            # ProConnect answers "Bad Request" to any parameter it does not expect: no PKCE.
            "oauth_pkce_enabled": False,
            "token_auth_method": "client_secret_post",
            # ProConnect's identity providers verify the professional e-mail address: an
            # account created through it starts verified, and an existing account with the
            # same verified address is signed in (and linked) rather than duplicated.
            "verified_email": True,
            "email_authentication": True,
        },
    }
