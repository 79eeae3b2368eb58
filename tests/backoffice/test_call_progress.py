"""The call page says where the call is: its steps in order, each over, under way or to
come by its dates, with the pages that do its work; none of the call's pages is lost when
the call skips a step."""

import datetime as dt

import pytest
from django.urls import reverse

from essaim.backoffice.call_steps import call_progress
from essaim.funds.enums import StageKind as K
from essaim.funds.models import CallStage

from ..factories import CallFactory, ReviewStageFactory

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 12, 5)


def _dated(call, kind, start, end):
    CallStage.objects.filter(call=call, kind=kind).update(starts_on=start, ends_on=end)


def _progress(call):
    return call_progress(
        call,
        stages=list(call.stages.all()),
        review_stages=list(call.review_stages.all()),
        today=TODAY,
    )


def test_steps_say_what_is_over_under_way_and_to_come(fund):
    call = CallFactory(fund=fund)  # its deposit window: ten days ago to in twenty days
    call.opens_at = dt.datetime(2026, 9, 1, 9, tzinfo=dt.UTC)
    call.closes_at = dt.datetime(2026, 10, 3, 10, tzinfo=dt.UTC)
    call.save()
    _dated(call, K.ELIGIBILITY, dt.date(2026, 10, 4), dt.date(2026, 10, 10))
    _dated(call, K.FIRST_SELECTION, dt.date(2026, 10, 11), dt.date(2026, 10, 20))
    _dated(call, K.SUPPORT, dt.date(2026, 10, 21), dt.date(2026, 12, 1))
    _dated(call, K.JURY, dt.date(2026, 12, 12), dt.date(2026, 12, 12))
    progress = _progress(call)
    states = {step.kind: step.state for step in progress.steps if step.kind != "other"}
    assert states == {
        K.APPLICATION: "done",
        K.ELIGIBILITY: "done",
        K.FIRST_SELECTION: "done",
        K.SUPPORT: "done",
        K.JURY: "upcoming",
        K.RESULTS: "undated",
    }
    assert progress.current.kind == K.JURY and not progress.is_under_way

    _dated(call, K.SUPPORT, dt.date(2026, 10, 21), dt.date(2026, 12, 8))
    progress = _progress(call)
    assert progress.current.kind == K.SUPPORT and progress.is_under_way


def test_each_page_sits_with_its_step_and_none_is_lost(fund):
    call = CallFactory(fund=fund, stages=[K.APPLICATION, K.JURY])  # no screening step, no results
    jury = ReviewStageFactory(call=call, kind="jury", title="Jury final")
    progress = _progress(call)
    links = {step.kind: [label for label, _url in step.links] for step in progress.steps}
    assert "Recevabilité" in links[K.APPLICATION]  # no step of its own: the nearest one
    assert "Classement — Jury final" in links[K.JURY]
    assert {"Messages de décision", "Publication des résultats"} <= set(links[K.JURY])
    # accompaniment pages have no step to go to: kept under "other tools"
    assert "Modèle, cohortes et lauréats" in links["other"]
    urls = {url for step in progress.steps for _label, url in step.links}
    assert reverse("backoffice:ranking", args=[jury.pk]) in urls
    assert reverse("backoffice:call_screening", args=[call.pk]) in urls


def test_the_call_page_shows_the_process(client, staff, call):
    client.force_login(staff)
    html = client.get(reverse("backoffice:call_detail", args=[call.pk])).content.decode()
    assert "Déroulé de l'appel" in html
    assert 'aria-current="step"' in html  # the deposit is open
    assert "Étape en cours" in html
    assert reverse("backoffice:call_screening", args=[call.pk]) in html
