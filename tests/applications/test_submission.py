import datetime as dt
import re

import pytest
import time_machine
from django.utils import timezone

from essaim.applications.enums import ApplicationState, SupportStatus
from essaim.applications.errors import ApplicationError
from essaim.applications.models import ApplicationVersion
from essaim.applications.services.submission import application_submit, application_withdraw
from essaim.applications.snapshot import application_content, fingerprint

from ..factories import ApplicationFactory, CallFactory

pytestmark = pytest.mark.django_db


def test_submit_gives_reference_receipt_and_version(
    complete_application, applicant, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        application = application_submit(application_id=complete_application.pk, user=applicant)
    assert application.state == ApplicationState.SUBMITTED
    assert application.reference == "MNT-2024-06-0001"
    assert re.fullmatch(r"[0-9a-f]{64}", application.content_sha256)
    version = ApplicationVersion.objects.get(application=application)
    assert version.sha256 == application.content_sha256 == fingerprint(version.content)
    assert version.content["title"] == application.title
    assert len(mailoutbox) == 1
    assert "MNT-2024-06-0001" in mailoutbox[0].subject + mailoutbox[0].body
    assert mailoutbox[0].to == [applicant.email]


def test_submitting_twice_keeps_one_reference(complete_application, applicant):
    first = application_submit(application_id=complete_application.pk, user=applicant)
    second = application_submit(application_id=complete_application.pk, user=applicant)
    assert first.reference == second.reference
    assert ApplicationVersion.objects.filter(application=complete_application).count() == 1


def test_references_follow_each_other_within_a_call(call, applicant):
    refs = []
    for _ in range(3):
        application = ApplicationFactory(call=call, created_by=applicant, complete=True, ready=True)
        refs.append(application_submit(application_id=application.pk, user=applicant).reference)
    assert refs == ["MNT-2024-06-0001", "MNT-2024-06-0002", "MNT-2024-06-0003"]


def test_incomplete_dossier_is_refused_with_the_list(application, applicant):
    with pytest.raises(ApplicationError) as exc:
        application_submit(application_id=application.pk, user=applicant)
    messages = [m.message for m in exc.value.messages]
    assert "Renseignez le problème constaté." in messages
    assert "Demandez le soutien de votre hiérarchie." in messages
    application.refresh_from_db()
    assert application.state == ApplicationState.DRAFT and application.reference is None


def test_pending_support_blocks_submission(complete_application, applicant):
    complete_application.support_request.status = SupportStatus.PENDING
    complete_application.support_request.save()
    with pytest.raises(ApplicationError) as exc:
        application_submit(application_id=complete_application.pk, user=applicant)
    assert any("pas encore confirmé" in m.message for m in exc.value.messages)


def test_submission_one_second_before_closing_passes(applicant):
    closes = timezone.now() + dt.timedelta(days=1)
    call = CallFactory(closes_at=closes)
    application = ApplicationFactory(call=call, created_by=applicant, complete=True, ready=True)
    with time_machine.travel(closes - dt.timedelta(seconds=1), tick=False):
        submitted = application_submit(application_id=application.pk, user=applicant)
    assert submitted.state == ApplicationState.SUBMITTED


def test_submission_one_second_after_closing_fails(applicant):
    closes = timezone.now() + dt.timedelta(days=1)
    call = CallFactory(closes_at=closes)
    application = ApplicationFactory(call=call, created_by=applicant, complete=True, ready=True)
    with (
        time_machine.travel(closes + dt.timedelta(seconds=1), tick=False),
        pytest.raises(ApplicationError, match="clos"),
    ):
        application_submit(application_id=application.pk, user=applicant)
    application.refresh_from_db()
    assert application.state == ApplicationState.DRAFT


def test_funding_call_checks_budget(applicant):
    call = CallFactory(funding=True)
    application = ApplicationFactory(call=call, created_by=applicant, complete=True, ready=True)
    line = application.budget_lines.first()
    line.amount += 1
    line.save()
    with pytest.raises(ApplicationError) as exc:
        application_submit(application_id=application.pk, user=applicant)
    assert any("total des lignes" in m.message for m in exc.value.messages)


def test_organisation_type_not_allowed_is_refused(applicant):
    call = CallFactory(allowed_organisation_types=["etat_central"])
    application = ApplicationFactory(call=call, created_by=applicant, complete=True, ready=True)
    with pytest.raises(ApplicationError) as exc:
        application_submit(application_id=application.pk, user=applicant)
    assert any("pas ouvert aux organismes" in m.message for m in exc.value.messages)


def test_content_fingerprint_changes_with_content(complete_application):
    before = fingerprint(application_content(complete_application))
    complete_application.idea += " Et un test usagers."
    assert fingerprint(application_content(complete_application)) != before


def test_withdraw_records_reason(complete_application, applicant):
    application = application_submit(application_id=complete_application.pk, user=applicant)
    application_withdraw(application=application, user=applicant, reason="Projet reporté")
    application.refresh_from_db()
    assert application.state == ApplicationState.WITHDRAWN
    assert application.withdrawal_reason == "Projet reporté"


def test_withdraw_refused_after_decision(complete_application, applicant):
    from essaim.applications.transitions import transition

    application = application_submit(application_id=complete_application.pk, user=applicant)
    transition(application, to=ApplicationState.INELIGIBLE, actor=None)
    with pytest.raises(ApplicationError):
        application_withdraw(application=application, user=applicant, reason="Trop tard")


def test_funding_call_refuses_an_amount_outside_the_range(applicant):
    from decimal import Decimal

    call = CallFactory(funding=True)
    application = ApplicationFactory(call=call, created_by=applicant, complete=True, ready=True)
    application.amount_requested = Decimal("150000")
    application.save()
    with pytest.raises(ApplicationError) as exc:
        application_submit(application_id=application.pk, user=applicant)
    assert any("ne peut pas dépasser 120" in m.message for m in exc.value.messages)
