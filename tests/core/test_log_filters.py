"""A refused page is logged on one line; a real error keeps its traceback."""

import logging
import subprocess
import sys

import pytest

from essaim.core.log_filters import RefusalsWithoutTraceback


def _record(status_code):
    try:
        raise RuntimeError("boom")
    except RuntimeError:
        record = logging.LogRecord(
            "django.request", logging.WARNING, __file__, 1, "Forbidden", None, sys.exc_info()
        )
    record.status_code = status_code
    return record


def test_a_refusal_loses_its_traceback_and_an_error_keeps_it():
    keep = RefusalsWithoutTraceback()
    refused, failed = _record(403), _record(500)
    assert keep.filter(refused) and keep.filter(failed)  # both are still logged
    assert refused.exc_info is None
    assert failed.exc_info is not None


def test_the_console_handler_uses_it(settings):
    assert settings.LOGGING["handlers"]["console"]["filters"] == ["refusals"]


LOG_A_REFUSAL_AND_AN_ERROR = """
import logging, sys
import django
django.setup()
log = logging.getLogger("django.request")
for status, message in ((403, "Forbidden (Permission denied): /refused/"), (500, "Server error: /broken/")):
    try:
        raise RuntimeError(f"cause-{status}")
    except RuntimeError:
        log.warning(message, exc_info=sys.exc_info(), extra={"status_code": status})
"""


@pytest.mark.parametrize("module", ["essaim.settings.production", "essaim.settings.dev"])
def test_the_configured_log_prints_a_refusal_once_without_its_traceback(tmp_path, module):
    """Through the real logging configuration: production's, and the demo's (DEBUG, where
    Django adds a console handler of its own)."""
    from tests.security.test_deploy_check import ROOT, manage_env

    env = manage_env(tmp_path, module)
    result = subprocess.run(
        [sys.executable, "-c", LOG_A_REFUSAL_AND_AN_ERROR],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    log = result.stderr
    assert log.count("Forbidden (Permission denied): /refused/") == 1
    assert "cause-403" not in log
    assert log.count("Server error: /broken/") == 1
    assert log.count("RuntimeError: cause-500") == 1
