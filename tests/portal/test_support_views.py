"""The "Soutien hiérarchique" section and the supervisor's page reached from the e-mail."""

import datetime as dt
import re
from urllib.parse import urlsplit

import pytest
import time_machine
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from essaim.applications.enums import SupportStatus
from essaim.applications.models import SupportRequest
from essaim.applications.services.submission import application_submit
from essaim.applications.services.support import support_link_path, support_request_send
from essaim.core.models import AuditEvent

pytestmark = pytest.mark.django_db

FORM = {
    "supervisor_name": "Claire Martin",
    "supervisor_function": "Directrice générale des services",
    "supervisor_email": "dgs@mairie-exemple.fr",
}


def send(application, actor, email="dgs@mairie-exemple.fr"):
    return support_request_send(
        application=application,
        actor=actor,
        supervisor_name="Claire Martin",
        supervisor_function="Directrice générale des services",
        supervisor_email=email,
    )


def link_path_in(message) -> str:
    return urlsplit(re.search(r"https?://\S+/soutien/\S+", message.body).group(0)).path


# --- the team's page --------------------------------------------------------------------


def test_applicant_sends_the_request_and_the_mail_holds_a_working_link(
    client, application, applicant, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(applicant)
    url = reverse("portal:support", args=[application.pk])
    page = client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    for name in FORM:
        assert f'name="{name}"' in html
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, FORM)
    assert response.status_code == 302 and response["Location"] == url
    assert mailoutbox[-1].to == ["dgs@mairie-exemple.fr"]

    page = client.get(url).content.decode()
    assert "En attente de réponse" in page
    assert "La demande de soutien est envoyée à Claire Martin" in page
    assert "Renvoyer la demande" in page

    supervisor = Client()
    answer_page = supervisor.get(link_path_in(mailoutbox[-1]))
    assert answer_page.status_code == 200
    assert escape(application.title) in answer_page.content.decode()


def test_bad_address_is_explained_beside_the_field(client, application, applicant):
    client.force_login(applicant)
    response = client.post(
        reverse("portal:support", args=[application.pk]), {**FORM, "supervisor_email": "claire@"}
    )
    html = response.content.decode()
    assert response.status_code == 422
    assert 'id="id_supervisor_email_error"' in html
    assert 'value="Claire Martin"' in html
    assert not SupportRequest.objects.exists()


def test_service_refusal_is_shown_beside_the_address(client, application, applicant):
    client.force_login(applicant)
    response = client.post(
        reverse("portal:support", args=[application.pk]),
        {**FORM, "supervisor_email": applicant.email},
    )
    assert response.status_code == 422
    assert escape("extérieure à l'équipe") in response.content.decode()


def test_resend_to_a_corrected_address_kills_the_old_link(
    client, application, applicant, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(applicant)
    url = reverse("portal:support", args=[application.pk])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {**FORM, "supervisor_email": "dgs@mairie-exmple.fr"})
    old_link = link_path_in(mailoutbox[-1])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, FORM)
    new_link = link_path_in(mailoutbox[-1])
    assert mailoutbox[-1].to == ["dgs@mairie-exemple.fr"]
    assert old_link != new_link
    supervisor = Client()
    assert supervisor.get(old_link).status_code == 410
    assert supervisor.get(new_link).status_code == 200
    assert SupportRequest.objects.get().send_count == 2


def test_team_sees_the_refusal_and_its_comment(client, application, applicant):
    request = send(application, applicant)
    Client().post(
        support_link_path(request), {"decision": "decline", "comment": "Pas de budget cette année."}
    )
    client.force_login(applicant)
    html = client.get(reverse("portal:support", args=[application.pk])).content.decode()
    assert "Soutien refusé" in html
    assert "Pas de budget cette année." in html


def test_outsiders_get_404(client, application, applicant, outsider, other_fund_staff):
    send(application, applicant)
    for user in (outsider, other_fund_staff):
        client.force_login(user)
        url = reverse("portal:support", args=[application.pk])
        assert client.get(url).status_code == 404
        assert client.post(url, FORM).status_code == 404


def test_submitted_dossier_cannot_ask_again(client, complete_application, applicant, staff):
    application_submit(application_id=complete_application.pk, user=applicant)
    url = reverse("portal:support", args=[complete_application.pk])
    client.force_login(applicant)
    page = client.get(url)
    assert page.status_code == 200 and "Soutien confirmé" in page.content.decode()
    assert 'name="supervisor_email"' not in page.content.decode()
    assert client.post(url, FORM).status_code == 403
    client.force_login(staff)
    assert client.get(url).status_code == 200
    assert client.post(url, FORM).status_code == 403
    assert SupportRequest.objects.get().send_count == 0


def test_call_without_support_has_no_such_page(client, applicant):
    from ..factories import ApplicationFactory, CallFactory

    application = ApplicationFactory(
        call=CallFactory(requires_hierarchical_support=False), created_by=applicant
    )
    client.force_login(applicant)
    assert client.get(reverse("portal:support", args=[application.pk])).status_code == 404


# --- the supervisor's page ---------------------------------------------------------------


def test_supervisor_page_presents_the_dossier(client, complete_application, applicant):
    complete_application.support_request.delete()
    request = send(complete_application, applicant)
    response = client.get(support_link_path(request))
    html = response.content.decode()
    assert response.status_code == 200
    for text in (
        complete_application.title,
        "Commune de Pessac",
        complete_application.call.title,
        "Fonds MNT",
        "Un accueil téléphonique repensé avec les agents.",
        "Alice Martin",
    ):
        assert escape(text) in html, text
    assert re.search(r'<button[^>]*value="confirm"[^>]*>\s*Confirmer', html)
    assert "csrfmiddlewaretoken" in html
    assert html.count("<h1") == 1
    assert response["Cache-Control"].startswith("max-age=0")


def test_supervisor_confirms_once(
    client, application, applicant, mailoutbox, django_capture_on_commit_callbacks
):
    request = send(application, applicant)
    url = support_link_path(request)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"decision": "confirm", "comment": ""})
    assert response.status_code == 200
    assert "confirmé" in response.content.decode()
    request.refresh_from_db()
    assert request.status == SupportStatus.CONFIRMED and request.responded_at is not None
    event = AuditEvent.objects.for_object(application).get(action="support.answered")
    assert event.actor_label == "Claire Martin <dgs@mairie-exemple.fr>"
    assert mailoutbox[-1].to == [applicant.email]
    # the link now says the answer is recorded, and takes no other answer
    again = client.get(url)
    assert again.status_code == 410
    assert "déjà enregistrée" in again.content.decode()
    second = client.post(url, {"decision": "decline", "comment": "Finalement non."})
    assert second.status_code == 410
    request.refresh_from_db()
    assert request.status == SupportStatus.CONFIRMED


def test_supervisor_declines_with_a_comment(client, application, applicant):
    request = send(application, applicant)
    url = support_link_path(request)
    missing = client.post(url, {"decision": "decline", "comment": ""})
    assert missing.status_code == 422
    assert 'id="id_comment_error"' in missing.content.decode()
    response = client.post(url, {"decision": "decline", "comment": "Le service est réorganisé."})
    assert response.status_code == 200
    assert "refusé" in response.content.decode()
    request.refresh_from_db()
    assert request.status == SupportStatus.DECLINED
    assert request.comment == "Le service est réorganisé."


@override_settings(ESSAIM_SUPPORT_LINK_MAX_AGE_DAYS=14)
def test_expired_link_gets_a_clear_page(client, application, applicant):
    sent = timezone.now()
    with time_machine.travel(sent, tick=False):
        url = support_link_path(send(application, applicant))
    with time_machine.travel(sent + dt.timedelta(days=15), tick=False):
        response = client.get(url)
        assert response.status_code == 410
        assert "Ce lien a expiré" in response.content.decode()
        assert client.post(url, {"decision": "confirm"}).status_code == 410
    assert SupportRequest.objects.get().status == SupportStatus.PENDING


@pytest.mark.parametrize("token", ["abc", "eyJyIjoxLCJuIjoiMDAifQ:1vAbCd:forged-signature"])
def test_forged_link_gets_400(client, token):
    response = client.get(reverse("portal:support_respond", args=[token]))
    assert response.status_code == 400
    assert "Ce lien n'est pas valide" in response.content.decode()


def test_tampered_link_gets_400(client, application, applicant):
    url = support_link_path(send(application, applicant))
    assert client.get(url[:-3] + "xx/").status_code == 400


def test_supervisor_answer_needs_csrf(application, applicant):
    client = Client(enforce_csrf_checks=True)
    url = support_link_path(send(application, applicant))
    assert client.post(url, {"decision": "confirm"}).status_code == 403
    assert SupportRequest.objects.get().status == SupportStatus.PENDING
