"""essaim.js rewrites a countdown with the words the server gave it, not hard-coded French."""

import datetime as dt
from pathlib import Path

import pytest
from django.utils import timezone

from ...browser.conftest import chromium_available

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not chromium_available(), reason="Chromium absent"),
]

SCRIPT = Path(__file__).resolve().parents[3] / "src/essaim/core/static/essaim/js/essaim.js"

ENGLISH = (
    'data-closed="The call is closed." data-soon="Closes in less than a minute." '
    'data-template="Closes in %(delay)s." data-and="%(first)s and %(second)s" '
    'data-day-one="%(count)s day" data-day-many="%(count)s days" '
    'data-hour-one="%(count)s hour" data-hour-many="%(count)s hours" '
    'data-minute-one="%(count)s minute" data-minute-many="%(count)s minutes"'
)


def _countdown_text(page, deadline: dt.datetime, words: str) -> str:
    page.set_content(f'<p id="c" data-deadline="{deadline.isoformat()}" {words}>server text</p>')
    page.add_script_tag(path=str(SCRIPT))
    return page.locator("#c").inner_text()


@pytest.mark.parametrize(
    ("delay", "expected"),
    [
        # 30 s of slack so that the test does not straddle a minute boundary
        (dt.timedelta(days=12, hours=2, seconds=30), "Closes in 12 days and 2 hours."),
        (dt.timedelta(days=1, seconds=30), "Closes in 1 day."),
        (dt.timedelta(hours=3, minutes=5, seconds=30), "Closes in 3 hours and 5 minutes."),
        (dt.timedelta(seconds=30), "Closes in less than a minute."),
        (-dt.timedelta(days=1), "The call is closed."),
    ],
)
def test_script_speaks_the_language_of_its_data_attributes(page, delay, expected):
    assert _countdown_text(page, timezone.now() + delay, ENGLISH) == expected


def test_script_falls_back_to_french_on_a_bare_deadline(page):
    deadline = timezone.now() + dt.timedelta(hours=3, seconds=30)
    assert _countdown_text(page, deadline, "") == "Clôture dans 3 heures."
