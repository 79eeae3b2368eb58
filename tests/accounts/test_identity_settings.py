"""The identity settings read the environment strictly: ProConnect is offered only when it is
fully configured, and production keeps two-factor authentication required."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[2] / "src"
PROBE = (
    "import json, django; django.setup(); from django.conf import settings; "
    "print(json.dumps({'apps': settings.SOCIALACCOUNT_PROVIDERS['openid_connect']['APPS'], "
    "'require': settings.ESSAIM_REQUIRE_2FA, "
    "'form_action': [str(s) for s in settings.CONTENT_SECURITY_POLICY['DIRECTIVES']"
    "['form-action']]}))"
)
PROCONNECT = {
    "ESSAIM_PROCONNECT_CLIENT_ID": "client-id",
    "ESSAIM_PROCONNECT_CLIENT_SECRET": "client-secret",
    "ESSAIM_PROCONNECT_SERVER_URL": "https://auth.agentconnect.gouv.fr/api/v2/",
}
PRODUCTION = {
    "DJANGO_SECRET_KEY": "x" * 60,
    "ESSAIM_SITE_URL": "https://essaim.example.org",
    "DATABASE_URL": "sqlite:////tmp/essaim-settings-probe.sqlite3",
}


def _settings(module: str, **env):
    clean = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("ESSAIM_PROCONNECT_", "ESSAIM_REQUIRE_2FA", "DJANGO_"))
    }
    return subprocess.run(
        [sys.executable, "-c", PROBE],
        env={**clean, "PYTHONPATH": str(SRC), "DJANGO_SETTINGS_MODULE": module, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_without_a_client_id_proconnect_is_not_offered():
    result = _settings("essaim.settings.dev")
    assert result.returncode == 0, result.stderr
    probe = json.loads(result.stdout)
    assert probe["apps"] == [] and probe["require"] is True  # on in the demo


def test_configured_from_the_environment():
    result = _settings("essaim.settings.dev", **PROCONNECT)
    assert result.returncode == 0, result.stderr
    (app,) = json.loads(result.stdout)["apps"]
    assert (app["provider_id"], app["client_id"], app["secret"]) == (
        "proconnect",
        "client-id",
        "client-secret",
    )
    assert app["settings"]["server_url"] == "https://auth.agentconnect.gouv.fr/api/v2"
    assert app["settings"]["scope"] == [
        "openid",
        "email",
        "given_name",
        "usual_name",
        "siret",
        "uid",
    ]
    # the sign-in form's redirect to ProConnect is allowed by the Content-Security-Policy
    assert "https://auth.agentconnect.gouv.fr" in json.loads(result.stdout)["form_action"]


@pytest.mark.parametrize(
    "missing", ["ESSAIM_PROCONNECT_CLIENT_SECRET", "ESSAIM_PROCONNECT_SERVER_URL"]
)
def test_half_configured_proconnect_stops_the_start(missing):
    env = {k: v for k, v in PROCONNECT.items() if k != missing}
    result = _settings("essaim.settings.dev", **env)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr and missing in result.stderr


def test_production_refuses_to_turn_two_factor_off():
    result = _settings("essaim.settings.production", **PRODUCTION, ESSAIM_REQUIRE_2FA="0")
    assert result.returncode != 0
    assert "ESSAIM_REQUIRE_2FA cannot be turned off in production" in result.stderr


def test_production_wants_proconnect_over_https():
    env = {**PRODUCTION, **PROCONNECT, "ESSAIM_PROCONNECT_SERVER_URL": "http://proconnect.test"}
    result = _settings("essaim.settings.production", **env)
    assert result.returncode != 0
    assert "ESSAIM_PROCONNECT_SERVER_URL must start with https://" in result.stderr


def test_production_starts_with_proconnect_and_two_factor():
    result = _settings("essaim.settings.production", **PRODUCTION, **PROCONNECT)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["require"] is True
