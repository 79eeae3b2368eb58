"""The team's side of the message thread: the panel on the dossier page, the thread page."""

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from essaim.applications.enums import ApplicationState as S
from essaim.applications.models import Message

from ..factories import MessageFactory, submitted

pytestmark = pytest.mark.django_db


def _url(application):
    return reverse("portal:application_messages", args=[application.pk])


def test_team_posts_a_question_from_a_draft(
    client, application, applicant, staff, django_capture_on_commit_callbacks
):
    client.force_login(applicant)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_url(application), {"message-body": "Le budget est-il requis ?"})
    message = Message.objects.get(application=application)
    assert response.status_code == 302
    assert response["Location"] == f"{_url(application)}#message-{message.pk}"
    assert message.author == applicant and not message.from_staff
    assert mail.outbox[0].to == [staff.email]
    page = client.get(response["Location"])
    assert "Le budget est-il requis ?" in page.content.decode()
    assert "Votre message est envoyé" in page.content.decode()


def test_empty_message_shows_the_error_beside_the_field(client, application, applicant):
    client.force_login(applicant)
    response = client.post(_url(application), {"message-body": "   "})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Il y a un problème" in html
    assert "Écrivez votre message." in html
    assert response.context["form"].errors["body"]
    assert not Message.objects.exists()


def test_too_long_message_keeps_what_was_typed(client, application, applicant):
    client.force_login(applicant)
    typed = "Mot " * 800
    response = client.post(_url(application), {"message-body": typed})
    assert response.status_code == 200
    assert typed.strip() in response.content.decode()


def test_thread_page_marks_staff_messages_read(client, application, applicant):
    message = MessageFactory(application=application, body="Merci de préciser.")
    client.force_login(applicant)
    response = client.get(_url(application))
    assert "Merci de préciser." in response.content.decode()
    assert "Nouveau" in response.content.decode()
    message.refresh_from_db()
    assert message.read_by_team_at is not None
    assert "Nouveau" not in client.get(_url(application)).content.decode()


def test_panel_shows_latest_messages_and_unread_count(client, application, applicant):
    submitted(application, state=S.ELIGIBLE)
    for n in range(4):
        MessageFactory(application=application, body=f"Message numéro {n}")
    client.force_login(applicant)
    html = client.get(reverse("portal:application_detail", args=[application.pk])).content.decode()
    assert "4 nouveaux messages" in html
    assert "Message numéro 0" not in html  # only the latest three on the dossier page
    assert "Message numéro 3" in html
    assert "Les 3 derniers messages sur 4." in html
    assert _url(application) in html


def test_panel_is_on_a_draft_too(client, application, applicant):
    client.force_login(applicant)
    html = client.get(reverse("portal:application_detail", args=[application.pk])).content.decode()
    assert 'id="messages"' in html and 'name="message-body"' in html


def test_staff_reading_the_portal_page_see_no_team_form(client, application, staff):
    client.force_login(staff)
    html = client.get(reverse("portal:application_detail", args=[application.pk])).content.decode()
    assert 'name="message-body"' not in html


@pytest.mark.parametrize("actor", ["outsider", "other_fund_staff"])
def test_outsiders_get_404(client, application, actor, request):
    MessageFactory(application=application, body="Secret")
    client.force_login(request.getfixturevalue(actor))
    assert client.get(_url(application)).status_code == 404
    assert client.post(_url(application), {"message-body": "x"}).status_code == 404
    assert Message.objects.count() == 1


def test_fund_staff_are_sent_to_the_backoffice(client, application, staff):
    client.force_login(staff)
    assert client.get(_url(application)).status_code == 403


def test_anonymous_is_sent_to_login(client, application):
    response = client.get(_url(application))
    assert response.status_code == 302 and "/compte/login/" in response["Location"]


def test_co_applicant_reads_and_writes(client, application, co_applicant):
    from essaim.applications.models import TeamMember

    TeamMember.objects.create(
        application=application, user=co_applicant, full_name="Bob", job_title="A", access="editor"
    )
    client.force_login(co_applicant)
    assert client.get(_url(application)).status_code == 200
    client.post(_url(application), {"message-body": "Je complète."})
    assert Message.objects.get().author == co_applicant


def _count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_thread_page_constant_queries(client, application, applicant, staff):
    client.force_login(applicant)
    MessageFactory(application=application, author=staff)
    one = _count(client, _url(application))
    for _ in range(2):
        MessageFactory(application=application, author=staff)
        MessageFactory(application=application, author=applicant, from_staff=False)
    assert _count(client, _url(application)) == one


def test_dossier_page_constant_queries_with_messages(client, application, applicant, staff):
    submitted(application, state=S.ELIGIBLE)
    client.force_login(applicant)
    url = reverse("portal:application_detail", args=[application.pk])
    MessageFactory(application=application, author=staff)
    one = _count(client, url)
    for _ in range(3):
        MessageFactory(application=application, author=staff)
    assert _count(client, url) == one
