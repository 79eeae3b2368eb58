"""What the audit trail records and for which fund: the fund found from the object, staff
sign-ins, decisions, the calendar's before/after, exports of the existing pages."""

import datetime as dt

import pytest
from django.contrib.auth import authenticate
from django.urls import reverse
from django.utils import timezone

from essaim.applications.enums import ApplicationState
from essaim.core.audit import fund_id_for, fund_path, record
from essaim.core.models import AuditEvent
from essaim.funds import services as fund_services
from essaim.review.enums import DecisionKind
from essaim.review.models import Review
from essaim.review.services.decisions import record_decision

from ..factories import (
    AssignmentFactory,
    ReviewStageFactory,
    UserFactory,
    scored,
    submitted,
)

pytestmark = pytest.mark.django_db


def test_fund_is_found_from_the_object(fund, call, application, staff, applicant):
    assert record(actor=staff, action="x", obj=fund).fund_id == fund.pk
    assert record(actor=staff, action="x", obj=call).fund_id == fund.pk
    assert record(actor=staff, action="x", obj=application).fund_id == fund.pk
    assert record(actor=staff, action="x", obj=applicant).fund_id is None


def test_a_review_finds_its_fund_in_one_query_at_most(
    call, application, django_assert_max_num_queries
):
    assignment = AssignmentFactory(stage=ReviewStageFactory(call=call), application=application)
    review = scored(assignment, [2, 3], submit=False)
    review = Review.objects.get(pk=review.pk)  # nothing related loaded
    assert fund_path(Review) == ("assignment", "stage", "call", "fund")
    with django_assert_max_num_queries(1):
        assert fund_id_for(review) == call.fund_id


def test_loaded_relations_cost_no_query(application, django_assert_num_queries):
    application.call.fund  # noqa: B018 - loads the call and its fund
    with django_assert_num_queries(0):
        assert fund_id_for(application) == application.call.fund_id


def test_an_explicit_fund_wins(fund, staff):
    assert record(actor=staff, action="x", obj=staff, fund_id=fund.pk).fund_id == fund.pk


def test_long_values_are_cut_not_refused(application, staff):
    event = record(actor=staff, action="x", obj=application, to_value="é" * 500)
    assert len(event.to_value) == 200


# --- sign-ins ----------------------------------------------------------------------------


def test_a_staff_sign_in_is_recorded_for_their_fund(client, staff, fund):
    assert client.login(email=staff.email, password="motdepasse-solide-42")
    event = AuditEvent.objects.get(action="sign_in")
    assert (event.actor, event.fund, event.object_id) == (staff, fund, str(staff.pk))
    assert "ip" in event.data


def test_an_applicants_sign_in_is_not_recorded(client, applicant):
    assert client.login(email=applicant.email, password="motdepasse-solide-42")
    assert not AuditEvent.objects.filter(action="sign_in").exists()


def test_a_platform_admins_sign_in_is_recorded_without_a_fund(client):
    admin = UserFactory(is_superuser=True, is_staff=True)
    client.force_login(admin)
    event = AuditEvent.objects.get(action="sign_in")
    assert event.fund is None and event.data["superuser"] is True


def test_a_failed_sign_in_on_a_staff_account_is_recorded(staff, applicant, fund):
    assert authenticate(email=staff.email, password="mauvais") is None
    assert authenticate(email=applicant.email, password="mauvais") is None
    assert authenticate(email="inconnu@exemple.fr", password="mauvais") is None
    event = AuditEvent.objects.get(action="sign_in.failed")
    assert event.actor is None and event.object_id == str(staff.pk) and event.fund == fund


def test_a_failed_sign_in_through_the_form_is_recorded(client, staff):
    response = client.post(reverse("account_login"), {"login": staff.email, "password": "x"})
    assert response.status_code == 200
    assert AuditEvent.objects.filter(action="sign_in.failed", object_id=str(staff.pk)).exists()


# --- decisions, calendar, exports -----------------------------------------------------------


def test_a_decision_is_recorded_beside_the_state_change(application, staff, fund):
    submitted(application)
    record_decision(
        application=application,
        kind=DecisionKind.ELIGIBILITY,
        outcome=ApplicationState.ELIGIBLE,
        actor=staff,
    )
    event = AuditEvent.objects.get(action="decision.recorded")
    assert event.to_value == ApplicationState.ELIGIBLE
    assert event.fund == fund and event.data["kind"] == DecisionKind.ELIGIBILITY


def test_calendar_changes_keep_before_and_after(call, staff):
    call.is_published = False
    call.opens_at = timezone.now() + dt.timedelta(days=30)
    call.closes_at = timezone.now() + dt.timedelta(days=60)
    call.save()
    old = call.closes_at
    new = old + dt.timedelta(days=7)
    fund_services.call_update(
        call=call,
        actor=staff,
        data={"closes_at": timezone.localtime(new).replace(tzinfo=None)},
        themes=[{"id": t.pk, "title": t.title, "position": t.position} for t in call.themes.all()],
        stages=[{"id": s.pk, "kind": s.kind, "position": s.position} for s in call.stages.all()],
    )
    event = AuditEvent.objects.get(action="call.updated")
    before, after = event.data["dates"]["closes_at"]
    assert before == str(old) and after != before


def test_statistics_export_is_recorded(client, staff, call):
    client.force_login(staff)
    response = client.get(reverse("backoffice:call_statistics_export", args=[call.pk]))
    assert response.status_code == 200
    event = AuditEvent.objects.get(action="statistics.exported")
    assert event.actor == staff and event.fund == call.fund


def test_reuse_statistics_export_is_recorded(client, staff, fund):
    client.force_login(staff)
    response = client.get(reverse("backoffice:reuse_stats_export"))
    assert response.status_code == 200
    assert AuditEvent.objects.get(action="reuse_stats.exported").fund == fund
