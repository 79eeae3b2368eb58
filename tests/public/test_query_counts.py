"""Public list pages run the same number of queries with 1 call as with 30."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from ..factories import CallFactory, FundFactory

pytestmark = pytest.mark.django_db

DAY = dt.timedelta(days=1)


def _make_calls(fund, count, offset=0):
    """A mix of open, upcoming and closed calls, each fund's own when `fund` is None."""
    now = timezone.now()
    for n in range(offset, offset + count):
        owner = fund or FundFactory()
        kind = n % 3
        if kind == 0:
            opens, closes = now - 5 * DAY, now + 10 * DAY
        elif kind == 1:
            opens, closes = now + 10 * DAY, now + 40 * DAY
        else:
            opens, closes = now - (100 + n) * DAY, now - (60 + n) * DAY
        CallFactory(fund=owner, opens_at=opens, closes_at=closes, year=2020 + n % 5)


def _queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("same_fund", [True, False])
def test_home_constant_queries(client, fund, django_assert_num_queries, same_fund):
    url = reverse("public:home")
    _make_calls(fund if same_fund else None, 3)
    expected = _queries(client, url)
    _make_calls(fund if same_fund else None, 27, offset=3)
    with django_assert_num_queries(expected):
        client.get(url)


def test_home_query_count_is_pinned(client, fund, django_assert_num_queries):
    _make_calls(fund, 30)
    # open, upcoming, closed calls and the list of funds
    with django_assert_num_queries(4):
        client.get(reverse("public:home"))


def test_fund_page_constant_queries(client, fund, django_assert_num_queries):
    url = reverse("public:fund_detail", args=[fund.slug])
    _make_calls(fund, 1)
    expected = _queries(client, url)
    _make_calls(fund, 29, offset=1)
    with django_assert_num_queries(expected):
        client.get(url)
    # the fund, then its calls, its latest news and its testimonials (catalogue panel)
    assert expected == 4


@pytest.mark.parametrize("same_fund", [True, False])
def test_past_calls_constant_queries(client, fund, django_assert_num_queries, same_fund):
    url = reverse("public:past_calls")
    _make_calls(fund if same_fund else None, 3)
    expected = _queries(client, url)
    _make_calls(fund if same_fund else None, 27, offset=3)
    with django_assert_num_queries(expected):
        client.get(url)
    assert expected == 1


def test_call_page_constant_queries(client, fund, django_assert_num_queries):
    call = CallFactory(fund=fund, themes=["Une"], stages=["application"])
    expected = _queries(client, call.get_absolute_url())
    for n in range(10):
        call.themes.create(title=f"Thématique {n}", position=n + 1)
    for n, kind in enumerate(["eligibility", "first_selection", "support", "jury", "results"]):
        call.stages.create(kind=kind, position=n + 1)
    with django_assert_num_queries(expected):
        client.get(call.get_absolute_url())
    # the call with its fund, its themes, its stages
    assert expected == 3
