"""First selection through `shortlist` and `shortlist_many`."""

import pytest

from essaim.applications.enums import ApplicationState
from essaim.core.models import AuditEvent
from essaim.review.enums import DecisionKind
from essaim.review.models import Decision
from essaim.review.services.decisions import DecisionError
from essaim.review.services.shortlist import shortlist, shortlist_many

from ..factories import ApplicationFactory, CallFactory, submitted

pytestmark = pytest.mark.django_db


def eligible(call, state=ApplicationState.ELIGIBLE):
    return submitted(ApplicationFactory(call=call, complete=True, ready=True), state=state)


def test_shortlist_records_the_decision_and_moves_the_dossier(call, staff):
    dossier = eligible(call)
    decision = shortlist(
        application=dossier,
        outcome=ApplicationState.SHORTLISTED,
        actor=staff,
        internal_note="Très collectif",
    )
    dossier.refresh_from_db()
    assert dossier.state == ApplicationState.SHORTLISTED
    assert (decision.kind, decision.outcome, decision.decided_by) == (
        DecisionKind.SHORTLIST,
        ApplicationState.SHORTLISTED,
        staff,
    )
    assert decision.internal_note == "Très collectif"
    assert AuditEvent.objects.for_object(dossier).filter(to_value="shortlisted").exists()


def test_not_shortlisting_needs_a_reason(call, staff):
    dossier = eligible(call)
    with pytest.raises(DecisionError, match="motif"):
        shortlist(application=dossier, outcome=ApplicationState.NOT_SHORTLISTED, actor=staff)
    decision = shortlist(
        application=dossier,
        outcome=ApplicationState.NOT_SHORTLISTED,
        actor=staff,
        reason="Le projet ne concerne qu'un service.",
    )
    assert decision.reason == "Le projet ne concerne qu'un service."


def test_shortlist_refuses_other_outcomes(call, staff):
    with pytest.raises(DecisionError):
        shortlist(application=eligible(call), outcome=ApplicationState.LAUREATE, actor=staff)
    assert not Decision.objects.exists()


def test_shortlist_refuses_a_call_without_first_selection(staff, fund):
    call = CallFactory(fund=fund, stages=["application", "eligibility", "jury"])
    dossier = eligible(call)
    with pytest.raises(DecisionError):
        shortlist(application=dossier, outcome=ApplicationState.SHORTLISTED, actor=staff)
    dossier.refresh_from_db()
    assert dossier.state == ApplicationState.ELIGIBLE


def test_bulk_decides_each_dossier_and_reports_refusals(call, staff):
    first, second = eligible(call), eligible(call)
    not_screened = eligible(call, ApplicationState.SUBMITTED)
    withdrawn = eligible(call, ApplicationState.WITHDRAWN)
    report = shortlist_many(
        applications=[first, not_screened, second, withdrawn],
        outcome=ApplicationState.SHORTLISTED,
        actor=staff,
    )
    assert report.decided == [first, second]
    assert [application for application, _reason in report.refused] == [not_screened, withdrawn]
    assert all("ne peut pas passer" in reason for _application, reason in report.refused)
    states = dict(
        type(first)
        .objects.filter(pk__in=[first.pk, second.pk, not_screened.pk])
        .values_list("pk", "state")
    )
    assert states == {
        first.pk: ApplicationState.SHORTLISTED,
        second.pk: ApplicationState.SHORTLISTED,
        not_screened.pk: ApplicationState.SUBMITTED,
    }
    assert Decision.objects.count() == 2


def test_bulk_not_shortlisted_without_reason_decides_nothing(call, staff):
    dossiers = [eligible(call), eligible(call)]
    report = shortlist_many(
        applications=dossiers, outcome=ApplicationState.NOT_SHORTLISTED, actor=staff, reason=" "
    )
    assert report.decided == [] and len(report.refused) == 2
    assert not Decision.objects.exists()


def test_a_dossier_already_decided_is_refused_the_second_time(call, staff):
    dossier = eligible(call)
    shortlist(application=dossier, outcome=ApplicationState.SHORTLISTED, actor=staff)
    report = shortlist_many(
        applications=[dossier], outcome=ApplicationState.SHORTLISTED, actor=staff
    )
    assert report.decided == [] and report.refused[0][0] == dossier
    assert Decision.objects.count() == 1
