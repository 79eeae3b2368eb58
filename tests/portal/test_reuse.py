"""Following a reuse in the portal: "Mes réutilisations", the thread page per role (others
get 404), writing from each side, changing the status, errors beside fields, CSRF, constant
query counts."""

import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from essaim.catalogue.enums import ReuseStatus as S
from essaim.catalogue.models import ReuseMessage, ReuseUpdate
from essaim.catalogue.services.reuse import reuse_declare
from essaim.core.models import AuditEvent

from ..catalogue.reuse_world import build_world
from ..factories import InnovationFactory, OrganisationFactory, ReuseFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return build_world()


@pytest.fixture
def reuse(world):
    return reuse_declare(
        innovation=world.innovation,
        organisation=world.bordeaux,
        user=world.reuser,
        message="Bonjour, nous voulons refaire votre standard.",
    ).reuse


def detail(reuse) -> str:
    return reverse("portal:reuse_detail", args=[reuse.pk])


def status_url(reuse) -> str:
    return reverse("portal:reuse_status", args=[reuse.pk])


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


# --- who sees what -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("reuser", 200),
        ("owner", 200),
        ("co_applicant", 200),
        ("staff", 200),
        ("admin", 200),
        ("other_staff", 404),
        ("outsider", 404),
    ],
)
def test_thread_is_seen_by_declarer_team_and_fund_staff_only(client, world, reuse, who, status):
    client.force_login(getattr(world, who))
    response = client.get(detail(reuse))
    assert response.status_code == status
    if status == 200:
        html = response.content.decode()
        assert "nous voulons refaire votre standard" in html
        # no address crosses sides, whoever reads
        for address in ("dora@bordeaux.fr", "alice@pessac.fr", "camille.contact@pessac.fr"):
            assert address not in html


def test_anonymous_is_sent_to_sign_in(client, reuse):
    response = client.get(detail(reuse))
    assert response.status_code == 302 and "/compte/login/" in response["Location"]


def test_unknown_reuse_is_404(client, world):
    client.force_login(world.reuser)
    assert client.get("/reutilisations/999999/").status_code == 404


@pytest.mark.parametrize("who", ["other_staff", "outsider"])
def test_outsiders_cannot_write_or_change_status(client, world, reuse, who):
    client.force_login(getattr(world, who))
    assert client.post(detail(reuse), {"message-body": "Coucou"}).status_code == 404
    assert client.post(status_url(reuse), {"status-status": S.DEPLOYED}).status_code == 404
    assert ReuseMessage.objects.count() == 1 and ReuseUpdate.objects.count() == 1


# --- my reuses ---------------------------------------------------------------------------------


def test_my_reuses_for_the_reuser_and_for_the_team(client, world, reuse):
    client.force_login(world.reuser)
    html = client.get(reverse("portal:my_reuses")).content.decode()
    assert "Les innovations dont vous vous inspirez" in html
    assert world.innovation.title in html and detail(reuse) in html
    assert "Ils s’inspirent de vos innovations" not in html

    client.force_login(world.owner)
    html = client.get(reverse("portal:my_reuses")).content.decode()
    assert "Ils s’inspirent de vos innovations" in html and detail(reuse) in html

    client.force_login(world.outsider)
    html = client.get(reverse("portal:my_reuses")).content.decode()
    assert detail(reuse) not in html


def test_my_reuses_constant_queries(client, world, reuse):
    client.force_login(world.reuser)
    one = _count(client, reverse("portal:my_reuses"))
    for _ in range(3):
        ReuseFactory(
            innovation=InnovationFactory(),
            organisation=OrganisationFactory(),
            declared_by=world.reuser,
        )
        ReuseFactory(innovation=world.innovation, organisation=OrganisationFactory())
    assert _count(client, reverse("portal:my_reuses")) == one
    client.force_login(world.owner)
    assert _count(client, reverse("portal:my_reuses")) == one


def test_thread_page_constant_queries(client, world, reuse):
    client.force_login(world.reuser)
    before = _count(client, detail(reuse))
    for n in range(4):
        ReuseMessage.objects.create(reuse=reuse, author=world.owner, from_team=True, body=f"R{n}")
        ReuseUpdate.objects.create(reuse=reuse, status=S.ADAPTING, author=world.reuser)
    assert _count(client, detail(reuse)) == before


# --- writing -------------------------------------------------------------------------------------


def test_team_answers_and_the_reuse_is_in_contact(
    client, world, reuse, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    client.force_login(world.owner)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(detail(reuse), {"message-body": "Avec plaisir, appelons-nous."})
    message = ReuseMessage.objects.latest("id")
    assert response["Location"] == f"{detail(reuse)}#message-{message.pk}"
    assert message.from_team and message.author == world.owner
    reuse.refresh_from_db()
    assert reuse.status == S.IN_CONTACT
    assert [m.to for m in mail.outbox] == [["dora@bordeaux.fr"]]
    assert "alice@pessac.fr" not in mail.outbox[0].body
    page = client.get(detail(reuse)).content.decode()
    assert "Équipe de l’innovation" in page and "En contact" in page


def test_reuser_writes_to_the_team(client, world, reuse, django_capture_on_commit_callbacks):
    mail.outbox.clear()
    client.force_login(world.reuser)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(detail(reuse), {"message-body": "Merci pour le guide."})
    assert not ReuseMessage.objects.latest("id").from_team
    assert sorted(m.to[0] for m in mail.outbox) == [
        "alice@pessac.fr",
        "bob@pessac.fr",
        "camille.contact@pessac.fr",
    ]
    assert "dora@bordeaux.fr" not in mail.outbox[0].body


def test_empty_message_error_is_beside_the_field(client, world, reuse):
    client.force_login(world.reuser)
    response = client.post(detail(reuse), {"message-body": "   "})
    html = response.content.decode()
    assert response.status_code == 200
    assert "<title>Erreur :" in html
    assert 'href="#id_message-body"' in html and 'id="id_message-body_error"' in html
    assert ReuseMessage.objects.count() == 1


def test_message_post_without_csrf_is_refused(world, reuse):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.reuser)
    assert client.post(detail(reuse), {"message-body": "x"}).status_code == 403
    assert client.post(status_url(reuse), {"status-status": S.DEPLOYED}).status_code == 403


# --- status --------------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["reuser", "staff", "admin"])
def test_status_change_by_reuser_and_staff(client, world, reuse, who):
    client.force_login(getattr(world, who))
    response = client.post(
        status_url(reuse), {"status-status": S.DEPLOYED, "status-note": "Depuis mars."}
    )
    assert response["Location"] == detail(reuse)
    reuse.refresh_from_db()
    assert (reuse.status, reuse.note) == (S.DEPLOYED, "Depuis mars.")
    assert ReuseUpdate.objects.filter(reuse=reuse, status=S.DEPLOYED).count() == 1
    assert AuditEvent.objects.filter(action="reuse.status_changed", to_value=S.DEPLOYED).exists()


@pytest.mark.parametrize("who", ["owner", "co_applicant"])
def test_team_follows_but_does_not_report_the_status(client, world, reuse, who):
    client.force_login(getattr(world, who))
    assert 'name="status-status"' not in client.get(detail(reuse)).content.decode()
    assert client.post(status_url(reuse), {"status-status": S.DEPLOYED}).status_code == 403
    reuse.refresh_from_db()
    assert reuse.status == S.INTERESTED


def test_status_errors_beside_fields_and_note_kept(client, world, reuse):
    client.force_login(world.reuser)
    html = client.post(
        status_url(reuse), {"status-status": "fini", "status-note": "Ma note"}
    ).content.decode()
    assert "<title>Erreur :" in html and 'href="#id_status-status"' in html
    assert "Ma note" in html
    html = client.post(
        status_url(reuse), {"status-status": S.INTERESTED, "status-note": ""}
    ).content.decode()
    assert 'href="#id_status-note"' in html and "Ajoutez une note" in html
    assert ReuseUpdate.objects.count() == 1


def test_status_page_refuses_get(client, world, reuse):
    client.force_login(world.reuser)
    assert client.get(status_url(reuse)).status_code == 405
