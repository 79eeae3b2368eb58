"""The dashboards' reads against a world whose every number is computed by hand
(tests/insight/world.py): the funnel, who applied and when, reviews, accompaniment and
envelope — and the same figures as the other staff pages that count the same things."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from essaim.accompaniment.selectors.engagements import call_envelope
from essaim.applications.statistics import call_statistics
from essaim.insight import selectors as reads

from .world import build_world

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 3, 16)


@pytest.fixture
def world(fund):
    return build_world(fund, today=TODAY)


def test_the_funnel_counts_each_step_passed(world):
    counts = {c.call.pk: c for c in reads.call_counts([world.call, world.funding])}
    call = counts[world.call.pk]
    assert (call.drafts, call.submitted, call.eligible, call.shortlisted, call.laureates) == (
        2,  # two drafts
        8,  # a…h (the withdrawn one was submitted)
        5,  # c, d, e, f, g
        3,  # e, f, g
        2,  # f, g
    )
    # f's sheet and the lone sheet are published; g's is not; only f's has a live reuse
    assert (call.published, call.reused) == (2, 1)
    assert call.reviewers == 3
    funding = counts[world.funding.pk]
    # the funding call has a first selection too (CallFactory's stages) but no shortlisted
    # dossier: its laureates were never shortlisted in state, and count as laureates
    assert (funding.submitted, funding.eligible, funding.laureates, funding.reviewers) == (
        2,
        2,
        2,
        0,
    )


def test_a_call_without_first_selection_has_no_shortlist_step(fund):
    from tests.factories import CallFactory

    call = CallFactory(fund=fund, stages=["application", "eligibility", "jury"])
    (counts,) = reads.call_counts([call])
    assert counts.shortlisted is None


def test_the_profile_of_the_submitted_dossiers(world):
    profile = reads.applicant_profile([world.call])
    assert profile.total == 8
    assert dict(profile.by_theme) == {"Accueil des usagers": 5, "Conditions de travail": 3}
    assert dict(profile.by_type) == {"commune": 6, "epci": 1, "sdis": 1}
    assert dict(profile.by_size_band) == {"50000_plus": 4, "1000_3499": 2, "": 2}
    assert dict(profile.by_departement) == {"33": 4, "35": 3, "14": 1}


def test_the_profile_agrees_with_the_statistics_page(world):
    profile = reads.applicant_profile([world.call])
    statistics = call_statistics(world.call)
    for breakdown, counter in (
        (statistics.by_type, profile.by_type),
        (statistics.by_size_band, profile.by_size_band),
        (statistics.by_departement, profile.by_departement),
    ):
        assert {row.key: row.count for row in breakdown.rows} == dict(counter)
    assert statistics.total == profile.total


def test_submissions_are_counted_on_their_day_in_paris(world):
    days = reads.submissions_by_day([world.call, world.funding])
    may = lambda day: dt.date(2024, 5, day)  # noqa: E731
    assert dict(days[world.call.pk]) == {may(2): 2, may(3): 1, may(6): 1, may(7): 1, may(10): 3}
    assert dict(days[world.funding.pk]) == {may(20): 2}


def test_review_progress_per_reviewer(world):
    stages = reads.review_stages([world.call])
    (stage,) = reads.review_progress([world.call], stages)
    assert stage.title == "Première sélection 2024"
    rows = [(r.name, r.assigned, r.submitted) for r in stage.reviewers]
    assert rows == [("Anne Arnaud", 3, 2), ("Bruno Bernard", 3, 3), ("Chloé Caron", 1, 1)]
    assert (stage.assigned, stage.submitted) == (7, 6)


def test_score_distributions_count_as_the_ranking_does(world):
    stages = reads.review_stages([world.call])
    (scores,) = reads.score_distributions([world.call], stages)
    # counted: c by Anne (20) and Bruno (10), d by Anne (10), e by Bruno (0); not the draft,
    # not the withdrawn dossier, not the reviewer in conflict
    assert sorted(scores.scores) == [0.0, 10.0, 10.0, 20.0]
    first, second = scores.criteria
    assert dict(first.marks) == {4: 1, 2: 1, 3: 1, 0: 1}
    assert dict(second.marks) == {4: 1, 2: 1, 0: 2}
    assert first.mean == 2.25 and second.mean == 1.5


def test_a_fund_adds_its_calls_stages_by_kind(world):
    calls = [world.call, world.funding]
    stages = reads.review_stages(calls)
    (progress,) = reads.review_progress(calls, stages)
    assert progress.title == "Première sélection"  # the standard title across calls
    (scores,) = reads.score_distributions(calls, stages)
    assert scores.criteria == []  # criteria differ from call to call


def test_accompaniment_status(world):
    status = reads.accompaniment_status([world.call], today=TODAY)
    assert (status.laureates, status.signed, status.in_preparation) == (2, 1, 1)
    assert status.without_engagement == 0
    assert dict(status.milestones) == {"achieved": 1, "on_time": 1, "late": 2, "abandoned": 1}


def test_envelope_use_agrees_with_the_envelope_page(world):
    (use,) = reads.envelope_use([world.call, world.funding])  # the funding call only
    assert use.call == world.funding
    assert use.committed == Decimal("195000")  # x 100 000 + y's draft v3 95 000
    assert use.paid == Decimal("70000")  # 40 000 + 30 000, signed versions only
    assert use.remaining == Decimal("2805000")
    envelope = call_envelope(world.funding)
    assert (use.committed, use.paid) == (envelope.committed, envelope.paid)


def test_empty_calls_give_zeros(fund):
    from tests.factories import CallFactory

    call = CallFactory(fund=fund)
    (counts,) = reads.call_counts([call])
    assert (counts.drafts, counts.submitted, counts.laureates, counts.published) == (0, 0, 0, 0)
    assert reads.applicant_profile([call]).total == 0
    assert reads.submissions_by_day([call]) == {}
    assert reads.review_progress([call], reads.review_stages([call])) == []
    status = reads.accompaniment_status([call], today=timezone.localdate())
    assert (status.laureates, sum(status.milestones.values())) == (0, 0)
    assert reads.envelope_use([call]) == []
