"""Publishing a call's results, and the public summary of a laureate."""

import pytest

from essaim.applications.enums import ApplicationState as S
from essaim.core.models import AuditEvent
from essaim.review.selectors.results import first_sentences, results_overview
from essaim.review.services.results import ResultsError, publish_results, unpublish_results

from ..factories import ApplicationFactory, decided, submitted

pytestmark = pytest.mark.django_db


def test_publish_refuses_a_call_without_laureate(call, staff):
    decided(ApplicationFactory(call=call), S.WAITLISTED)
    with pytest.raises(ResultsError):
        publish_results(call=call, actor=staff)
    call.refresh_from_db()
    assert call.results_published_at is None
    assert not AuditEvent.objects.filter(action="call.results_published").exists()


def test_publish_sets_the_date_and_audits(call, staff):
    decided(ApplicationFactory(call=call), S.LAUREATE)
    publish_results(call=call, actor=staff)
    call.refresh_from_db()
    assert call.results_published_at is not None
    event = AuditEvent.objects.for_object(call).get(action="call.results_published")
    assert event.actor == staff


def test_publish_twice_is_refused(call, staff):
    decided(ApplicationFactory(call=call), S.LAUREATE)
    publish_results(call=call, actor=staff)
    with pytest.raises(ResultsError):
        publish_results(call=call, actor=staff)


def test_unpublish_clears_the_date_and_audits(call, staff):
    decided(ApplicationFactory(call=call), S.LAUREATE)
    publish_results(call=call, actor=staff)
    unpublish_results(call=call, actor=staff)
    call.refresh_from_db()
    assert call.results_published_at is None
    assert AuditEvent.objects.for_object(call).filter(action="call.results_unpublished").exists()


def test_unpublish_refuses_unpublished_results(call, staff):
    with pytest.raises(ResultsError):
        unpublish_results(call=call, actor=staff)


def test_accompanied_laureates_count_as_laureates(call, staff):
    application = decided(ApplicationFactory(call=call), S.LAUREATE)
    application.state = S.IN_ACCOMPANIMENT
    application.save(update_fields=["state"])
    publish_results(call=call, actor=staff)


def test_overview_counts_unannounced_jury_outcomes(call):
    decided(ApplicationFactory(call=call), S.LAUREATE)
    decided(ApplicationFactory(call=call), S.NOT_SELECTED, reason="Hors sujet.")
    submitted(ApplicationFactory(call=call))
    ApplicationFactory(call=call)  # a draft: never received
    overview = results_overview(call)
    assert (overview.laureates, overview.not_selected, overview.received) == (1, 1, 3)
    assert overview.unannounced == 2


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", ""),
        ("Une idée.", "Une idée."),
        ("Un. Deux ! Trois ? Quatre.", "Un. Deux !"),
        ("  Des   espaces\n multiples. Suite.", "Des espaces multiples. Suite."),
    ],
)
def test_first_sentences(text, expected):
    assert first_sentences(text) == expected


def test_first_sentences_cuts_a_long_sentence_at_a_word():
    summary = first_sentences("mot " * 200, max_chars=50)
    assert summary.endswith("…") and len(summary) <= 51
    assert not summary[:-1].endswith(" ")
