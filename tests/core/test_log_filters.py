"""A refused page is logged on one line; a real error keeps its traceback."""

import logging
import sys

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
