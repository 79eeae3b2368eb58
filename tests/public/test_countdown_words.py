"""The countdown's words travel to essaim.js through data attributes, in the page's language."""

import datetime as dt
import html
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.template import Context, Template
from django.utils import translation

from ..factories import CallFactory

PARIS = ZoneInfo("Europe/Paris")


@pytest.fixture
def open_call(fund):
    return CallFactory(
        fund=fund,
        opens_at=dt.datetime(2024, 4, 15, 9, 0, tzinfo=PARIS),
        closes_at=dt.datetime(2024, 5, 24, 12, 0, tzinfo=PARIS),
    )


def _render_attrs(call) -> str:
    template = Template("{% load public_calls %}<p {% countdown_attrs call %}></p>")
    return html.unescape(template.render(Context({"call": call})))


def test_countdown_attrs_carry_the_deadline_and_the_french_words(open_call):
    with translation.override("fr"):
        rendered = _render_attrs(open_call)
    assert 'data-deadline="2024-05-24T12:00:00+02:00"' in rendered
    assert 'data-closed="L\'appel est clos."' in rendered
    assert 'data-soon="Clôture dans moins d\'une minute."' in rendered
    assert 'data-template="Clôture dans %(delay)s."' in rendered
    assert 'data-and="%(first)s et %(second)s"' in rendered
    assert 'data-day-one="%(count)s jour"' in rendered
    assert 'data-day-many="%(count)s jours"' in rendered
    assert 'data-hour-many="%(count)s heures"' in rendered
    assert 'data-minute-one="%(count)s minute"' in rendered


def test_countdown_attrs_escape_quotes(open_call):
    template = Template("{% load public_calls %}{% countdown_attrs call %}")
    raw = template.render(Context({"call": open_call}))
    # the values are escaped like any template variable
    assert 'data-closed="L&#x27;appel est clos."' in raw


@time_machine.travel(dt.datetime(2024, 5, 12, 10, 0, tzinfo=PARIS), tick=False)
def test_call_page_and_home_card_give_the_script_its_words(client, open_call):
    for url in (open_call.get_absolute_url(), "/"):
        page = html.unescape(client.get(url).content.decode())
        assert 'data-deadline="2024-05-24T12:00:00+02:00"' in page, url
        assert 'data-template="Clôture dans %(delay)s."' in page, url
        assert "Clôture dans 12 jours et 2 heures." in page, url
