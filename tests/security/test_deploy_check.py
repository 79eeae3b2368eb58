"""`manage.py check --deploy` is clean under the production settings, with nothing silenced,
and the production cookies and headers are what docs/security.md says."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def manage_env(tmp_path, module: str = "essaim.settings.production") -> dict[str, str]:
    """The environment of a process under `module` with the variables production requires."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "ESSAIM_", "DATABASE_URL"))
    }
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": module,
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(64)[:64],
            "ESSAIM_SITE_URL": "https://essaim.example.fr",
            "DJANGO_ALLOWED_HOSTS": "essaim.example.fr",
            "ESSAIM_VAR_DIR": str(tmp_path),
            "PYTHONPATH": str(ROOT / "src"),
        }
    )
    return env


def manage(tmp_path, *args: str) -> subprocess.CompletedProcess:
    """Run manage.py under essaim.settings.production with the variables it requires."""
    return subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args],
        env=manage_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_deploy_check_is_clean(tmp_path):
    result = manage(tmp_path, "check", "--deploy", "--fail-level", "DEBUG")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_production_cookies_and_headers(tmp_path):
    script = (
        "from django.conf import settings as s;"
        "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY,"
        " s.SESSION_COOKIE_SAMESITE, s.SESSION_COOKIE_NAME, s.CSRF_COOKIE_NAME,"
        " s.SECURE_HSTS_SECONDS, s.SECURE_HSTS_INCLUDE_SUBDOMAINS, s.SECURE_SSL_REDIRECT,"
        " s.SESSION_EXPIRE_AT_BROWSER_CLOSE, 'csp.middleware.CSPMiddleware' in s.MIDDLEWARE)"
    )
    result = manage(tmp_path, "shell", "--no-imports", "-c", script)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1].split() == [
        "True",
        "True",
        "True",
        "Lax",
        "__Host-essaim-session",
        "__Host-essaim-csrf",
        "31536000",
        "True",
        "True",
        "True",
        "True",
    ]
