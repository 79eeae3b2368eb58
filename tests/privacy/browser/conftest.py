"""Reuse the browser suite's Chromium settings and axe check for the personal-data pages."""

from ...browser.conftest import (  # noqa: F401
    axe_check,
    browser_context_args,
    browser_type_launch_args,
)
