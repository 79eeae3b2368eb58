"""A date or number typed wrong (year 9999, edition 0) is refused beside its field, and a
calendar stretched by bad data still draws a small chart instead of failing."""

import datetime as dt
import html

import pytest
from django.urls import reverse
from django.utils import timezone

from essaim.funds.models import Call

from ..factories import ApplicationFactory, submitted
from .test_calls import STAGES, call_data

pytestmark = pytest.mark.django_db


def _text(response) -> str:
    return html.unescape(response.content.decode())


def test_the_call_form_refuses_silly_dates_and_numbers(client, staff, fund):
    client.force_login(staff)
    stages = [STAGES[0], {**STAGES[1], "ends_on": "9999-05-15"}]
    response = client.post(
        reverse("backoffice:call_create", args=[fund.pk]),
        call_data(
            stages=stages,
            year="20266",
            edition="0",
            max_laureates="0",
            closes_at="9999-12-31T23:59",
        ),
    )
    page = _text(response)
    assert response.status_code == 200  # the form again, with its errors
    # the closing and a stage, each beside its field and in the summary at the top
    assert page.count("Indiquez une date entre 2000 et 2100.") == 4
    assert 'id="id_closes_at_error"' in page
    assert 'id="id_year_error"' in page and 'id="id_edition_error"' in page
    assert 'id="id_max_laureates_error"' in page
    assert 'value="20266"' in page  # what was typed stays
    assert not Call.objects.filter(slug="2025-1").exists()


def test_the_deadline_cannot_be_moved_to_year_9999(client, staff, call):
    client.force_login(staff)
    response = client.post(
        reverse("backoffice:call_extend_deadline", args=[call.pk]),
        {"new_closes_at": "9999-12-31T23:59", "reason": "x"},
    )
    assert response.status_code == 200  # the form again, with its error
    assert "Indiquez une date entre 2000 et 2100." in _text(response)


def test_a_milestone_due_in_year_one_is_refused(client, staff, call):
    from ..coaching.conftest import make_accompaniment
    from ..factories import UserFactory

    accompaniment = make_accompaniment(call=call, team_owner=UserFactory())
    client.force_login(staff)
    response = client.post(
        reverse("coaching:milestone_add", args=[accompaniment.pk]),
        {"title": "Prototype", "due_on": "0001-01-01"},
    )
    assert response.status_code == 422
    assert "Indiquez une date entre 2000 et 2100." in _text(response)


def test_a_calendar_stretched_by_bad_data_still_draws(client, staff, call):
    # the database holds what an old import or a script wrote: the form would refuse it
    Call.objects.filter(pk=call.pk).update(closes_at=dt.datetime(9999, 12, 31, 12, tzinfo=dt.UTC))
    submitted(ApplicationFactory(call=call, complete=True))
    client.force_login(staff)
    started = timezone.now()
    response = client.get(reverse("backoffice:call_dashboard", args=[call.pk]))
    assert response.status_code == 200
    assert (timezone.now() - started).total_seconds() < 10
    assert len(response.content) < 600_000
