"""Filters of the console log."""

import logging


class RefusalsWithoutTraceback(logging.Filter):
    """A page refused (403) or not found (404) is an answer, not a fault: Django logs it
    with the exception's traceback, which buries the real errors; keep its one line."""

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "status_code", None) in (403, 404):
            record.exc_info = None
            record.exc_text = None
        return True
