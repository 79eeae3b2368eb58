"""The "Mon agenda" page and the secret iCalendar feed: creating, renewing (which revokes),
wrong tokens, and what the feed answers."""

import datetime as dt
from html import unescape

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from essaim.accompaniment.models import CalendarFeed
from essaim.core.models import AuditEvent

from ..factories import AccompanimentFactory, MilestoneFactory, UserFactory

pytestmark = pytest.mark.django_db

PAGE = "/accompagnement/agenda/"


def feed_path(token: str) -> str:
    return reverse("coaching:calendar_feed", args=[token])


@pytest.fixture
def coach(db):
    return UserFactory(email="coach@agence-design.fr", full_name="Camille Coach")


@pytest.fixture
def coached_milestone(coach):
    accompaniment = AccompanimentFactory(coach=coach)
    return MilestoneFactory(
        accompaniment=accompaniment,
        title="Synthèse des entretiens",
        due_on=timezone.localdate() + dt.timedelta(days=10),
    )


def test_page_needs_a_login(client):
    response = client.get(PAGE)
    assert response.status_code == 302
    assert "/compte/login/" in response["Location"]
    assert client.post(PAGE).status_code == 302
    assert not CalendarFeed.objects.exists()


def test_page_offers_to_create_the_address_and_get_writes_nothing(client, coach):
    client.force_login(coach)
    response = client.get(PAGE)
    assert response.status_code == 200
    assert "Créer mon adresse d'agenda" in unescape(response.content.decode())
    assert not CalendarFeed.objects.exists()


def test_post_creates_the_address_shown_on_the_page(client, coach, coached_milestone):
    client.force_login(coach)
    response = client.post(PAGE, follow=True)
    feed = CalendarFeed.objects.get(user=coach)
    html = unescape(response.content.decode())
    assert "Votre adresse d'agenda est prête." in html
    assert f"http://testserver{feed_path(feed.token)}" in html
    assert "Renouveler l'adresse de mon agenda" in html
    assert "1 jalon" in html
    event = AuditEvent.objects.get(action="calendar_feed.created")
    assert event.actor == coach
    assert feed.token not in str(event.data) + event.to_value + event.from_value


def test_feed_answers_text_calendar_without_login(client, coach, coached_milestone):
    feed = CalendarFeed.objects.create(user=coach)
    response = Client().get(feed_path(feed.token))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert "no-store" in response["Cache-Control"]
    calendar = Calendar.from_ical(response.content)
    (event,) = calendar.walk("VEVENT")
    assert str(event["uid"]).startswith(f"jalon-{coached_milestone.pk}@")
    assert "Synthèse des entretiens" in str(event["summary"])


@pytest.mark.parametrize(
    "token", ["x" * 43, "inconnu-mais-de-la-bonne-forme-0123456789ab", "court"]
)
def test_wrong_token_is_404(client, coach, token):
    CalendarFeed.objects.create(user=coach)
    assert client.get(f"/accompagnement/agenda/{token}.ics").status_code == 404


def test_renewing_revokes_the_old_address(client, coach, coached_milestone):
    feed = CalendarFeed.objects.create(user=coach)
    old = feed.token
    client.force_login(coach)
    response = client.post(PAGE, follow=True)
    feed.refresh_from_db()
    assert feed.token != old
    assert "l'ancienne ne fonctionne plus" in unescape(response.content.decode())
    anonymous = Client()
    assert anonymous.get(feed_path(old)).status_code == 404
    assert anonymous.get(feed_path(feed.token)).status_code == 200
    assert AuditEvent.objects.filter(action="calendar_feed.renewed", actor=coach).count() == 1
    assert CalendarFeed.objects.count() == 1


def test_renewing_needs_the_csrf_token(coach):
    client = Client(enforce_csrf_checks=True)
    client.force_login(coach)
    assert client.post(PAGE).status_code == 403
    assert not CalendarFeed.objects.exists()


def test_feed_of_a_deactivated_account_is_404(client, coach):
    feed = CalendarFeed.objects.create(user=coach)
    coach.is_active = False
    coach.save(update_fields=["is_active"])
    assert client.get(feed_path(feed.token)).status_code == 404


def test_feed_never_leaks_another_persons_dates(client, coach, coached_milestone, outsider):
    feed = CalendarFeed.objects.create(user=outsider)
    response = client.get(feed_path(feed.token))
    assert response.status_code == 200
    assert Calendar.from_ical(response.content).walk("VEVENT") == []
    assert "Synthèse des entretiens" not in response.content.decode()
