"""Production settings: `check --deploy` is clean with the documented variables, and the
site refuses to start without a secret key."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "essaim.settings.production",
    "DJANGO_SECRET_KEY": "k" * 20 + "-production-like-secret-for-the-check-" + "z" * 20,
    "DJANGO_ALLOWED_HOSTS": "essaim.example.org",
    "ESSAIM_SITE_URL": "https://essaim.example.org",
    "ESSAIM_SQLITE_PATH": "/tmp/essaim-deploy-check.sqlite3",
}


def _manage(*args, env):
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "ESSAIM_"))}
    clean.pop("DATABASE_URL", None)
    return subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args],
        env={**clean, **env},
        capture_output=True,
        text=True,
        check=False,
    )


def test_check_deploy_is_clean():
    result = _manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_secret_key():
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "DJANGO_SECRET_KEY"}
    result = _manage("check", env=env)
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_production_uses_the_database_task_backend():
    result = _manage(
        "shell",
        "-c",
        "from django.conf import settings; print(settings.TASKS['default']['BACKEND'])",
        env=PRODUCTION_ENV,
    )
    assert result.stdout.strip().splitlines()[-1] == "django_tasks_db.DatabaseBackend", (
        result.stderr
    )
