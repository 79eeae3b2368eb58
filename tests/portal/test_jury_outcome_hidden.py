"""A jury outcome stays private until it is announced: by the call's published results, or
by a confirmed decision mailing for that outcome to that dossier."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from essaim.applications.enums import ApplicationState as S
from essaim.applications.transitions import transition
from essaim.applications.visibility import (
    PENDING,
    history_for_team,
    next_step_for_team,
    state_for_team,
)
from essaim.core.models import AuditEvent
from essaim.review.services.mailings import confirm_mailing, prepare_mailing

from ..factories import ApplicationFactory, CallFactory, decided, submitted

pytestmark = pytest.mark.django_db

JURY_REASON = "Un projet remarquable par sa dimension collective."


@pytest.fixture
def laureate(call, applicant, staff):
    """A dossier taken to laureate through real transitions, so its history has the rows."""
    application = submitted(ApplicationFactory(call=call, created_by=applicant, complete=True))
    for state in (S.ELIGIBLE, S.SHORTLISTED):
        transition(application, to=state, actor=staff)
    transition(application, to=S.LAUREATE, actor=staff, reason=JURY_REASON)
    return application


def _announce(call, staff, application, outcome, capture):
    mailing = prepare_mailing(
        call=call,
        outcome=outcome,
        application_ids=[application.pk],
        subject="Décision {reference}",
        body="{motif}",
        actor=staff,
    )
    with capture(execute=True):
        confirm_mailing(mailing=mailing, actor=staff)


def _publish(call):
    call.results_published_at = timezone.now()
    call.save(update_fields=["results_published_at"])


@pytest.mark.parametrize("outcome", [S.LAUREATE, S.WAITLISTED, S.NOT_SELECTED])
def test_jury_outcome_reads_pending_before_announcement(call, outcome):
    application = decided(ApplicationFactory(call=call), outcome, reason="Motif")
    assert state_for_team(application) == (PENDING, "Décision du jury en cours")
    assert next_step_for_team(application) == (
        "Le jury étudie les dossiers ; sa décision vous sera communiquée par le fonds."
    )


@pytest.mark.parametrize("outcome", [S.ELIGIBLE, S.INELIGIBLE, S.SHORTLISTED, S.NOT_SHORTLISTED])
def test_other_outcomes_are_shown_at_once(call, outcome):
    application = decided(ApplicationFactory(call=call), outcome, reason="Motif")
    assert state_for_team(application)[0] == outcome


def test_published_results_show_the_outcome(call, laureate):
    _publish(call)
    laureate.call.refresh_from_db()
    assert state_for_team(laureate) == (S.LAUREATE, "Lauréat")


def test_confirmed_mailing_shows_that_outcome_only(call, staff, django_capture_on_commit_callbacks):
    application = decided(ApplicationFactory(call=call, complete=True), S.WAITLISTED)
    _announce(call, staff, application, S.WAITLISTED, django_capture_on_commit_callbacks)
    assert state_for_team(application)[0] == S.WAITLISTED
    # later moved to laureate: that outcome is not announced yet
    transition(application, to=S.LAUREATE, actor=staff)
    del application._essaim_notified_outcomes
    assert state_for_team(application)[0] == PENDING


def test_draft_mailing_does_not_reveal(call, staff, laureate):
    prepare_mailing(
        call=call,
        outcome=S.LAUREATE,
        application_ids=[laureate.pk],
        subject="x",
        body="y",
        actor=staff,
    )
    assert state_for_team(laureate)[0] == PENDING


def test_portal_pages_hide_the_outcome_and_its_reason(client, applicant, laureate):
    client.force_login(applicant)
    detail = client.get(reverse("portal:application_detail", args=[laureate.pk])).content.decode()
    listing = client.get(reverse("portal:my_applications")).content.decode()
    for html in (detail, listing):
        assert "Décision du jury en cours" in html
        assert "Lauréat" not in html
        assert "Félicitations" not in html
    assert JURY_REASON not in detail
    assert "Présélectionné" in detail  # the history up to the jury stays


def test_portal_pages_show_the_outcome_once_announced(
    client, applicant, staff, call, laureate, django_capture_on_commit_callbacks
):
    _announce(call, staff, laureate, S.LAUREATE, django_capture_on_commit_callbacks)
    client.force_login(applicant)
    detail = client.get(reverse("portal:application_detail", args=[laureate.pk])).content.decode()
    listing = client.get(reverse("portal:my_applications")).content.decode()
    for html in (detail, listing):
        assert "Décision du jury en cours" not in html
        assert "Lauréat" in html
    assert JURY_REASON in detail


def test_history_folds_unannounced_outcomes_into_one_entry(call, staff, laureate):
    transition(laureate, to=S.IN_ACCOMPANIMENT, actor=staff)
    events = AuditEvent.objects.for_object(laureate).filter(action="application.state")
    entries = history_for_team(laureate, events)
    labels = [entry.label for entry in entries]
    assert labels[:2] == ["En accompagnement", "Décision du jury en cours"]
    assert "Lauréat" not in labels
    assert all(entry.reason != JURY_REASON for entry in entries)


def test_staff_page_shows_the_real_state(client, staff, laureate):
    client.force_login(staff)
    html = client.get(reverse("backoffice:application_detail", args=[laureate.pk])).content.decode()
    assert "Lauréat" in html


def _count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_my_applications_constant_queries_with_pending_outcomes(client, applicant):
    client.force_login(applicant)
    decided(ApplicationFactory(created_by=applicant), S.LAUREATE)
    one = _count(client, reverse("portal:my_applications"))
    for outcome in (S.WAITLISTED, S.NOT_SELECTED, S.LAUREATE):
        decided(ApplicationFactory(call=CallFactory(), created_by=applicant), outcome)
    assert _count(client, reverse("portal:my_applications")) == one


def test_dossier_page_lists_the_jury_decision_with_its_reason_once_published(
    client, call, applicant
):
    application = decided(
        ApplicationFactory(call=call, created_by=applicant), S.WAITLISTED, reason=JURY_REASON
    )
    client.force_login(applicant)
    url = reverse("portal:application_detail", args=[application.pk])
    assert JURY_REASON not in client.get(url).content.decode()
    _publish(call)
    html = client.get(url).content.decode()
    assert "Décisions sur votre dossier" in html
    assert JURY_REASON in html


def test_my_applications_links_the_workspace_once_the_outcome_is_announced(
    client, applicant, call, laureate
):
    from ..factories import AccompanimentFactory

    accompaniment = AccompanimentFactory(application=laureate)
    workspace = reverse("coaching:workspace", args=[accompaniment.pk])
    client.force_login(applicant)
    assert workspace not in client.get(reverse("portal:my_applications")).content.decode()
    _publish(call)
    listing = client.get(reverse("portal:my_applications")).content.decode()
    assert f'href="{workspace}"' in listing
    assert "Ouvrir l'espace d'accompagnement" in listing
    # the team can open it
    assert client.get(workspace).status_code == 200
