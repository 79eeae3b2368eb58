"""Sign-in throttling (django-axes) through the real allauth form, the password ceiling and
session expiry.

axes is off in the test settings (Client.login passes no request); these tests turn it on and
sign in through /compte/login/ as a person would.
"""

import datetime as dt

import pytest
import time_machine
from axes.models import AccessAttempt
from django.contrib.auth.password_validation import validate_password
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from ..factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "motdepasse-solide-42"  # tests/factories.py


@pytest.fixture(autouse=True)
def axes_on():
    # allauth keeps its per-IP burst counter in the cache, shared by every test of the run
    cache.clear()
    with override_settings(AXES_ENABLED=True):
        yield
    cache.clear()


@pytest.fixture
def alice(db):
    return UserFactory(email="alice@pessac.fr", full_name="Alice Martin")


def sign_in(client, password, login="alice@pessac.fr"):
    return client.post(reverse("account_login"), {"login": login, "password": password})


def signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_right_password_signs_in(client, alice):
    response = sign_in(client, PASSWORD)
    assert response.status_code == 302
    assert signed_in(client)


def test_five_wrong_passwords_lock_the_address_out(client, alice):
    for attempt in range(4):
        response = sign_in(client, f"faux-{attempt}")
        assert response.status_code == 200, attempt  # the form again, with its error
    response = sign_in(client, "faux-5")
    assert response.status_code == 429
    html = response.content.decode()
    assert "Connexion momentanément bloquée" in html
    assert "15 minutes" in html
    assert reverse("account_reset_password") in html
    # even the right password is refused now, with the same page
    response = sign_in(client, PASSWORD)
    assert response.status_code == 429
    assert not signed_in(client)
    assert AccessAttempt.objects.get(username="alice@pessac.fr").failures_since_start == 5


def test_lock_out_page_says_when_to_come_back(client, alice):
    start = timezone.now().replace(microsecond=0)
    with time_machine.travel(start, tick=False):
        for attempt in range(5):
            response = sign_in(client, f"faux-{attempt}")
    retry = timezone.localtime(start + dt.timedelta(minutes=15))
    assert response.status_code == 429
    assert f"{retry:%H} h {retry:%M}" in response.content.decode()
    # a try during the lock does not push the time back
    with time_machine.travel(start + dt.timedelta(minutes=10), tick=False):
        response = sign_in(client, PASSWORD)
    assert f"{retry:%H} h {retry:%M}" in response.content.decode()


def test_the_lock_counts_addresses_whatever_their_case(client, alice):
    for attempt in range(5):
        sign_in(
            client, f"faux-{attempt}", login="Alice@Pessac.fr" if attempt % 2 else "alice@pessac.fr"
        )
    assert sign_in(client, PASSWORD).status_code == 429


def test_after_the_cool_off_the_right_password_works(client, alice):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        for attempt in range(5):
            sign_in(client, f"faux-{attempt}")
        assert sign_in(client, PASSWORD).status_code == 429
    with time_machine.travel(start + dt.timedelta(minutes=14), tick=False):
        assert sign_in(client, PASSWORD).status_code == 429
    with time_machine.travel(start + dt.timedelta(minutes=16), tick=False):
        response = sign_in(client, PASSWORD)
    assert response.status_code == 302
    assert signed_in(client)


def test_a_success_resets_the_count(client, alice):
    for attempt in range(4):
        sign_in(client, f"faux-{attempt}")
    assert sign_in(client, PASSWORD).status_code == 302
    client.post(reverse("account_logout"))
    for attempt in range(4):
        assert sign_in(client, f"faux-{attempt}").status_code == 200
    assert sign_in(client, PASSWORD).status_code == 302


def test_the_lock_is_per_address_another_person_signs_in(client, alice):
    UserFactory(email="bob@pessac.fr")
    for attempt in range(5):
        sign_in(client, f"faux-{attempt}")
    assert sign_in(client, PASSWORD, login="bob@pessac.fr").status_code == 302


def test_unknown_addresses_are_locked_the_same_way(client, db):
    """The page must not tell whether an account exists."""
    for attempt in range(5):
        response = sign_in(client, f"faux-{attempt}", login="personne@nulle-part.fr")
    assert response.status_code == 429


# --- passwords ------------------------------------------------------------------------------


def test_passwords_have_a_ceiling(alice):
    validate_password("une phrase de passe " * 6 + "12345678")  # 128 characters
    with pytest.raises(ValidationError) as excinfo:
        validate_password("x" * 129 + "Az1!")
    assert "trop long" in " ".join(excinfo.value.messages)


def test_a_too_long_password_is_refused_beside_the_field_on_sign_up(client, db):
    long_password = "Essaim-" + "tres-long-" * 13
    response = client.post(
        reverse("account_signup"),
        {
            "email": "nouvelle@mairie.fr",
            "full_name": "Nina Nouvelle",
            "password1": long_password,
            "password2": long_password,
        },
    )
    assert response.status_code == 200
    assert "trop long" in response.content.decode()


# --- sessions -------------------------------------------------------------------------------


def test_the_session_cookie_ends_with_the_browser(client, alice):
    sign_in(client, PASSWORD)
    cookie = client.cookies["sessionid"]
    assert not cookie["expires"] and not cookie["max-age"]
    assert cookie["httponly"] and cookie["samesite"] == "Lax"


@pytest.mark.parametrize(("hours", "minutes", "signed_in"), [(7, 59, True), (8, 1, False)])
def test_a_session_lasts_eight_hours(client, alice, hours, minutes, signed_in):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        assert sign_in(client, PASSWORD).status_code == 302
    with time_machine.travel(start + dt.timedelta(hours=hours, minutes=minutes), tick=False):
        response = client.get(reverse("portal:my_applications"))
    assert response.status_code == (200 if signed_in else 302)


def test_an_expired_session_is_signed_out(client, alice):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        assert sign_in(client, PASSWORD).status_code == 302
    page = reverse("portal:my_applications")
    with time_machine.travel(start + dt.timedelta(hours=8, minutes=1), tick=False):
        response = client.get(page)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
