"""Hierarchical support: sending the request, the signed link, the supervisor's answer."""

import datetime as dt
import re
from urllib.parse import urlsplit

import pytest
import time_machine
from django.conf import settings
from django.core import signing
from django.test import override_settings
from django.urls import resolve
from django.utils import timezone

from essaim.applications.enums import SupportStatus
from essaim.applications.errors import ApplicationError
from essaim.applications.models import SupportRequest
from essaim.applications.services.submission import application_submit
from essaim.applications.services.support import (
    SupportLinkError,
    support_link_path,
    support_request_answer,
    support_request_from_token,
    support_request_send,
)
from essaim.core.models import AuditEvent

from ..factories import ApplicationFactory, CallFactory

pytestmark = pytest.mark.django_db

SUPERVISOR = {
    "supervisor_name": "Claire Martin",
    "supervisor_function": "Directrice générale des services",
    "supervisor_email": "DGS@Mairie-Exemple.fr",
}


def send(application, actor, **overrides):
    return support_request_send(application=application, actor=actor, **{**SUPERVISOR, **overrides})


def token_of(support_request) -> str:
    return resolve(support_link_path(support_request)).kwargs["token"]


def test_send_creates_a_pending_request_audits_and_mails_a_working_link(
    application, applicant, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        request = send(application, applicant)
    assert request.status == SupportStatus.PENDING
    assert request.supervisor_email == "dgs@mairie-exemple.fr"
    assert request.send_count == 1 and request.sent_at is not None
    event = AuditEvent.objects.for_object(application).get(action="support.requested")
    assert event.actor == applicant and event.to_value == "dgs@mairie-exemple.fr"

    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == ["dgs@mairie-exemple.fr"]
    assert application.title in message.subject
    link = re.search(r"https?://\S+/soutien/\S+", message.body).group(0)
    assert link.startswith(settings.SITE_URL + "/")
    token = resolve(urlsplit(link).path).kwargs["token"]
    assert support_request_from_token(token) == request
    assert "Alice Martin" in message.body and "14 jours" in message.body


def test_confirm_records_the_answer_audits_and_tells_the_team(
    application, applicant, mailoutbox, django_capture_on_commit_callbacks
):
    request = send(application, applicant)
    with django_capture_on_commit_callbacks(execute=True):
        answered = support_request_answer(token=token_of(request), confirm=True, comment="Bravo.")
    assert answered.status == SupportStatus.CONFIRMED
    assert answered.comment == "Bravo." and answered.responded_at is not None
    event = AuditEvent.objects.for_object(application).get(action="support.answered")
    assert event.actor is None
    assert event.actor_label == "Claire Martin <dgs@mairie-exemple.fr>"
    assert event.to_value == SupportStatus.CONFIRMED
    assert mailoutbox[-1].to == [applicant.email]
    assert "confirmé" in mailoutbox[-1].subject


def test_decline_keeps_the_comment(
    application, applicant, mailoutbox, django_capture_on_commit_callbacks
):
    request = send(application, applicant)
    with django_capture_on_commit_callbacks(execute=True):
        support_request_answer(
            token=token_of(request), confirm=False, comment="Le budget n'est pas prévu cette année."
        )
    request.refresh_from_db()
    assert request.status == SupportStatus.DECLINED
    assert request.comment == "Le budget n'est pas prévu cette année."
    assert "refusé" in mailoutbox[-1].subject
    assert "Le budget n'est pas prévu cette année." in mailoutbox[-1].body


def test_decline_needs_a_comment(application, applicant):
    request = send(application, applicant)
    with pytest.raises(ApplicationError, match="pourquoi"):
        support_request_answer(token=token_of(request), confirm=False, comment="  ")
    request.refresh_from_db()
    assert request.status == SupportStatus.PENDING


def test_link_works_once(application, applicant):
    request = send(application, applicant)
    token = token_of(request)
    support_request_answer(token=token, confirm=True)
    with pytest.raises(SupportLinkError) as exc:
        support_request_from_token(token)
    assert exc.value.reason == SupportLinkError.ANSWERED and exc.value.status == 410
    with pytest.raises(SupportLinkError):
        support_request_answer(token=token, confirm=False, comment="Finalement non.")
    request.refresh_from_db()
    assert request.status == SupportStatus.CONFIRMED


@override_settings(ESSAIM_SUPPORT_LINK_MAX_AGE_DAYS=14)
def test_link_expires_after_the_configured_days(application, applicant):
    sent = timezone.now()
    with time_machine.travel(sent, tick=False):
        request = send(application, applicant)
        token = token_of(request)
    with time_machine.travel(sent + dt.timedelta(days=13, hours=23), tick=False):
        assert support_request_from_token(token) == request
    with time_machine.travel(sent + dt.timedelta(days=14, minutes=1), tick=False):
        with pytest.raises(SupportLinkError) as exc:
            support_request_from_token(token)
        assert exc.value.reason == SupportLinkError.EXPIRED and exc.value.status == 410
        assert "expiré" in str(exc.value)
        with pytest.raises(SupportLinkError):
            support_request_answer(token=token, confirm=True)
    request.refresh_from_db()
    assert request.status == SupportStatus.PENDING


@pytest.mark.parametrize(
    "tamper",
    [
        lambda token: token[:-2] + ("AA" if not token.endswith("AA") else "BB"),
        lambda token: "n-importe-quoi",
        lambda token: signing.dumps({"r": 1, "n": "0" * 32}, salt="another-salt"),
        lambda token: signing.dumps({"r": 1, "n": "0" * 32}),
    ],
)
def test_forged_links_are_refused(application, applicant, tamper):
    request = send(application, applicant)
    with pytest.raises(SupportLinkError) as exc:
        support_request_from_token(tamper(token_of(request)))
    assert exc.value.reason == SupportLinkError.FORGED and exc.value.status == 400


def test_resend_supersedes_the_old_link(application, applicant):
    first = send(application, applicant)
    old_token = token_of(first)
    second = send(application, applicant, supervisor_email="maire@mairie-exemple.fr")
    assert second.pk == first.pk and second.send_count == 2
    with pytest.raises(SupportLinkError) as exc:
        support_request_from_token(old_token)
    assert exc.value.reason == SupportLinkError.SUPERSEDED
    with pytest.raises(SupportLinkError):
        support_request_answer(token=old_token, confirm=True)
    assert (
        support_request_from_token(token_of(second)).supervisor_email == "maire@mairie-exemple.fr"
    )


def test_resend_after_an_answer_asks_again(application, applicant):
    request = send(application, applicant)
    support_request_answer(token=token_of(request), confirm=False, comment="Pas maintenant.")
    request = send(application, applicant)
    assert request.status == SupportStatus.PENDING
    assert request.comment == "" and request.responded_at is None
    assert support_request_from_token(token_of(request)) == request


def test_submitted_dossier_cannot_ask_again(complete_application, applicant):
    application = application_submit(application_id=complete_application.pk, user=applicant)
    with pytest.raises(ApplicationError, match="déposé"):
        send(application, applicant)
    assert SupportRequest.objects.get(application=application).status == SupportStatus.CONFIRMED


def test_pending_link_dies_when_the_dossier_is_frozen(application, applicant):
    request = send(application, applicant)
    token = token_of(request)
    # Set-up, not a transition under test: the only way out of a draft is a submission,
    # which needs the support already given.
    type(application).objects.filter(pk=application.pk).update(state="withdrawn")
    with pytest.raises(SupportLinkError) as exc:
        support_request_from_token(token)
    assert exc.value.status == 410


def test_supervisor_cannot_be_on_the_team(application, applicant):
    with pytest.raises(ApplicationError, match="extérieure à l'équipe"):
        send(application, applicant, supervisor_email=applicant.email.upper())


def test_call_without_support_refuses_the_request(applicant):
    call = CallFactory(requires_hierarchical_support=False)
    application = ApplicationFactory(call=call, created_by=applicant)
    with pytest.raises(ApplicationError, match="ne demande pas"):
        send(application, applicant)


def test_sending_is_capped(application, applicant):
    from essaim.applications.services.support import MAX_SENDS

    for _ in range(MAX_SENDS):
        send(application, applicant)
    with pytest.raises(ApplicationError, match="déjà été envoyée"):
        send(application, applicant)


def test_confirmed_support_completes_the_section(application, applicant):
    from essaim.applications.sections import section_states

    request = send(application, applicant)
    support_request_answer(token=token_of(request), confirm=True)
    application.refresh_from_db()
    state = next(s for s in section_states(application) if s.section.slug == "support")
    assert state.status == "done"


def test_dossier_in_a_support_round_cannot_ask_again(complete_application, applicant):
    """Editable is not enough: only a draft asks, so the confirmed support it was submitted
    with cannot be reset, nor a stale link answered, during a support round."""
    request = complete_application.support_request
    token = token_of(request)
    # Set-up, not a transition under test.
    type(complete_application).objects.filter(pk=complete_application.pk).update(state="in_support")
    complete_application.refresh_from_db()
    with pytest.raises(ApplicationError, match="déposé"):
        send(complete_application, applicant)
    request.refresh_from_db()
    assert request.status == SupportStatus.CONFIRMED
    SupportRequest.objects.filter(pk=request.pk).update(status=SupportStatus.PENDING)
    with pytest.raises(SupportLinkError) as exc:
        support_request_from_token(token)
    assert exc.value.reason == SupportLinkError.CLOSED
