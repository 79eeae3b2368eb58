"""The countdown and date ranges the public pages print, in French."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from essaim.public.templatetags.public_calls import countdown_text, date_range

PARIS = ZoneInfo("Europe/Paris")
DEADLINE = dt.datetime(2024, 5, 24, 12, 0, tzinfo=PARIS)


@pytest.mark.parametrize(
    ("before", "expected"),
    [
        (dt.timedelta(days=12), "Clôture dans 12 jours."),
        (dt.timedelta(days=1, hours=1), "Clôture dans 1 jour et 1 heure."),
        (dt.timedelta(hours=3), "Clôture dans 3 heures."),
        (dt.timedelta(hours=3, minutes=5), "Clôture dans 3 heures et 5 minutes."),
        (dt.timedelta(minutes=1, seconds=30), "Clôture dans 1 minute."),
        (dt.timedelta(seconds=20), "Clôture dans moins d'une minute."),
        (dt.timedelta(0), "L'appel est clos."),
        (-dt.timedelta(days=3), "L'appel est clos."),
    ],
)
def test_countdown_text(before, expected):
    assert countdown_text(DEADLINE, DEADLINE - before) == expected


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (dt.date(2024, 6, 3), dt.date(2024, 6, 14), "du 3 au 14 juin 2024"),
        (dt.date(2024, 4, 15), dt.date(2024, 5, 24), "du 15 avril au 24 mai 2024"),
        (dt.date(2024, 12, 1), dt.date(2025, 1, 10), "du 1er décembre 2024 au 10 janvier 2025"),
        (dt.date(2024, 6, 20), dt.date(2024, 6, 20), "le 20 juin 2024"),
        (dt.date(2024, 9, 1), None, "à partir du 1er septembre 2024"),
        (None, dt.date(2024, 9, 30), "jusqu'au 30 septembre 2024"),
        (None, None, "dates à préciser"),
    ],
)
def test_date_range(start, end, expected):
    assert date_range(start, end) == expected
