"""The staff's side of a dossier's message thread: the panel, the thread page, who may."""

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from essaim.applications.enums import ApplicationState as S
from essaim.applications.models import Message

from ..factories import MessageFactory, submitted

pytestmark = pytest.mark.django_db


@pytest.fixture
def dossier(application):
    return submitted(application, state=S.ELIGIBLE)


def _url(application):
    return reverse("backoffice:application_messages", args=[application.pk])


def test_staff_answer_reaches_the_team(client, dossier, staff, django_capture_on_commit_callbacks):
    question = MessageFactory(application=dossier, from_staff=False, body="Faut-il un devis ?")
    client.force_login(staff)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_url(dossier), {"message-body": "Non, pas à ce stade."})
    answer = Message.objects.get(from_staff=True)
    assert response["Location"] == f"{_url(dossier)}#message-{answer.pk}"
    assert answer.author == staff
    [sent] = mail.outbox
    assert sent.to == ["alice@pessac.fr"]
    assert "Non, pas à ce stade." in sent.body
    question.refresh_from_db()
    assert question.read_by_staff_at is not None  # answering means it was read


def test_empty_answer_is_refused_beside_the_field(client, dossier, staff):
    client.force_login(staff)
    response = client.post(_url(dossier), {"message-body": ""})
    assert response.status_code == 200
    assert "Écrivez votre message." in response.content.decode()
    assert not Message.objects.exists()


def test_panel_counts_unread_team_messages(client, dossier, staff):
    for n in range(2):
        MessageFactory(application=dossier, from_staff=False, body=f"Question {n}")
    MessageFactory(application=dossier, from_staff=True, body="Réponse")
    client.force_login(staff)
    html = client.get(reverse("backoffice:application_detail", args=[dossier.pk])).content.decode()
    assert "2 messages de l&#x27;équipe non lus" in html or "2 messages de l'équipe non lus" in html
    assert "Question 1" in html and 'name="message-body"' in html
    # reading the thread page marks them read
    client.get(_url(dossier))
    html = client.get(reverse("backoffice:application_detail", args=[dossier.pk])).content.decode()
    assert "Aucun message de l" in html


def test_thread_page_lists_every_message_in_order(client, dossier, staff):
    for n in range(5):
        MessageFactory(application=dossier, from_staff=bool(n % 2), body=f"Échange {n}")
    client.force_login(staff)
    html = client.get(_url(dossier)).content.decode()
    positions = [html.index(f"Échange {n}") for n in range(5)]
    assert positions == sorted(positions)
    assert "5 messages" in html


@pytest.mark.parametrize("actor", ["outsider", "applicant"])
def test_people_without_backoffice_access_get_403(client, dossier, actor, request):
    client.force_login(request.getfixturevalue(actor))
    assert client.get(_url(dossier)).status_code == 403
    assert client.post(_url(dossier), {"message-body": "x"}).status_code == 403
    assert not Message.objects.exists()


def test_staff_of_another_fund_get_404(client, dossier, other_fund_staff):
    client.force_login(other_fund_staff)
    assert client.get(_url(dossier)).status_code == 404
    assert client.post(_url(dossier), {"message-body": "x"}).status_code == 404
    assert not Message.objects.exists()


def test_anonymous_is_sent_to_login(client, dossier):
    response = client.get(_url(dossier))
    assert response.status_code == 302 and "/compte/login/" in response["Location"]


def test_platform_admin_may_answer(client, dossier, platform_admin):
    client.force_login(platform_admin)
    client.post(_url(dossier), {"message-body": "Bonjour"})
    assert Message.objects.get().from_staff


def _count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_thread_page_constant_queries(client, dossier, staff, applicant):
    client.force_login(staff)
    MessageFactory(application=dossier, author=applicant, from_staff=False)
    one = _count(client, _url(dossier))
    for _ in range(2):
        MessageFactory(application=dossier, author=applicant, from_staff=False)
        MessageFactory(application=dossier, author=staff)
    assert _count(client, _url(dossier)) == one


def test_dossier_page_constant_queries_with_messages(client, dossier, staff, applicant):
    client.force_login(staff)
    url = reverse("backoffice:application_detail", args=[dossier.pk])
    MessageFactory(application=dossier, author=applicant, from_staff=False)
    one = _count(client, url)
    for _ in range(3):
        MessageFactory(application=dossier, author=applicant, from_staff=False)
    assert _count(client, url) == one
