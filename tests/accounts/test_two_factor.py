"""Two-factor authentication: required for fund staff, jurors and platform administrators,
offered to everyone else. The fast suite turns the requirement off (settings/test.py);
these tests turn it back on and sign in through the real forms."""

import re

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from essaim.accounts.two_factor import two_factor_required
from essaim.core.models import AuditEvent
from essaim.funds.enums import FundRole

from ..factories import CallMembershipFactory, UserFactory
from .totp import secret_on_page, totp_code

pytestmark = pytest.mark.django_db

PASSWORD = "motdepasse-solide-42"  # UserFactory's
SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
BACKOFFICE = "/gestion/"
ACTIVATE = reverse("mfa_activate_totp")


@pytest.fixture(autouse=True)
def two_factor_on(settings):
    settings.ESSAIM_REQUIRE_2FA = True
    cache.clear()  # allauth's rate limits and used codes
    yield
    cache.clear()


@pytest.fixture
def admin(db):
    return UserFactory(email="admin@essaim.fr", is_staff=True, is_superuser=True)


@pytest.fixture
def coach(call):
    user = UserFactory(email="coach@design.fr")
    CallMembershipFactory(call=call, user=user, role=FundRole.COACH)
    return user


def _with_authenticator(user) -> list[str]:
    """Give the person an authenticator app with SECRET; return their recovery codes."""
    TOTP.activate(user, SECRET)
    return RecoveryCodes.activate(user).generate_codes()


def _sign_in(client, user):
    return client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})


# --- who must ---------------------------------------------------------------------------


def test_staff_jurors_and_admins_must_others_may(staff, juror, admin, reviewer, coach, applicant):
    assert [two_factor_required(u) for u in (staff, juror, admin)] == [True, True, True]
    assert [two_factor_required(u) for u in (reviewer, coach, applicant)] == [False] * 3


def test_requirement_reads_the_cached_roles_without_a_query(
    staff, juror, django_assert_num_queries
):
    from essaim.funds.rules import reviewing_call_ids

    with django_assert_num_queries(1):  # the menu's role lookup, once
        assert reviewing_call_ids(juror)
        assert two_factor_required(juror)
    with django_assert_num_queries(1):
        assert two_factor_required(staff)


# --- set-up on first sign-in ------------------------------------------------------------


@pytest.mark.parametrize("who", ["staff", "juror", "admin"])
def test_without_authenticator_they_reach_only_the_set_up_page(client, who, request):
    user = request.getfixturevalue(who)
    response = _sign_in(client, user)
    assert response.status_code == 302
    for url in (BACKOFFICE, "/", "/expertise/", reverse("mfa_index"), "/admin/"):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"] == ACTIVATE, url
    page = client.get(ACTIVATE)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Votre rôle exige la double authentification." in html
    assert 'src="data:image/svg+xml;base64,' in html  # the QR code, no third-party request
    assert secret_on_page(html)
    # signing out stays possible
    response = client.post(reverse("account_logout"))
    assert response.status_code == 302 and response["Location"] != ACTIVATE
    assert "_auth_user_id" not in client.session


def test_set_up_gives_recovery_codes_then_opens_the_page_first_asked_for(
    client, staff, django_capture_on_commit_callbacks
):
    _sign_in(client, staff)
    assert client.get(f"{BACKOFFICE}?onglet=1")["Location"] == ACTIVATE
    secret = secret_on_page(client.get(ACTIVATE).content.decode())

    wrong = client.post(ACTIVATE, {"code": "000000" if totp_code(secret) != "000000" else "111111"})
    assert wrong.status_code == 200
    assert "Ce code n&#x27;est pas le bon" in wrong.content.decode()
    assert not Authenticator.objects.filter(user=staff).exists()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(ACTIVATE, {"code": totp_code(secret)})
    assert response["Location"] == reverse("mfa_view_recovery_codes")
    codes_page = client.get(response["Location"]).content.decode()
    codes = re.findall(r"<li><code>(\d{8})</code></li>", codes_page)
    assert len(codes) == 10
    assert f'href="{BACKOFFICE}?onglet=1"' in codes_page  # "Continuer"
    assert client.get(BACKOFFICE).status_code == 200
    assert set(Authenticator.objects.filter(user=staff).values_list("type", flat=True)) == {
        Authenticator.Type.TOTP,
        Authenticator.Type.RECOVERY_CODES,
    }
    event = AuditEvent.objects.get(action="account.two_factor_enabled")
    assert event.actor == staff and event.object_id == str(staff.pk)


# --- signing in with a code -------------------------------------------------------------


def test_sign_in_asks_for_the_code_and_refuses_a_wrong_one(client, staff):
    _with_authenticator(staff)
    response = _sign_in(client, staff)
    assert response["Location"] == reverse("mfa_authenticate")
    assert "_auth_user_id" not in client.session
    page = client.get(reverse("mfa_authenticate")).content.decode()
    assert "Code de vérification" in page
    wrong = client.post(reverse("mfa_authenticate"), {"code": "12345"})
    assert "Ce code n&#x27;est pas le bon" in wrong.content.decode()
    assert "_auth_user_id" not in client.session
    response = client.post(reverse("mfa_authenticate"), {"code": totp_code(SECRET)})
    assert response.status_code == 302
    assert client.get(BACKOFFICE).status_code == 200


def test_a_recovery_code_signs_in_once(client, juror):
    codes = _with_authenticator(juror)
    _sign_in(client, juror)
    client.post(reverse("mfa_authenticate"), {"code": codes[0]})
    assert client.get("/expertise/").status_code == 200
    client.post(reverse("account_logout"))
    _sign_in(client, juror)
    again = client.post(reverse("mfa_authenticate"), {"code": codes[0]})
    assert again.status_code == 200 and "_auth_user_id" not in client.session


def test_a_session_opened_without_the_code_is_asked_for_it(client, staff):
    """e.g. a session opened before the person was made staff, or by any path that skipped
    the code: their pages ask for it, then open."""
    _with_authenticator(staff)
    client.force_login(staff)
    response = client.get(BACKOFFICE)
    assert response["Location"] == f"{reverse('mfa_reauthenticate')}?next=%2Fgestion%2F"
    response = client.post(response["Location"], {"code": totp_code(SECRET), "next": BACKOFFICE})
    assert response["Location"] == BACKOFFICE
    assert client.get(BACKOFFICE).status_code == 200


def test_people_who_must_cannot_turn_it_off(client, staff):
    _with_authenticator(staff)
    _sign_in(client, staff)
    client.post(reverse("mfa_authenticate"), {"code": totp_code(SECRET)})
    page = client.get(reverse("mfa_index")).content.decode()
    assert "obligatoire pour votre rôle" in page
    assert reverse("mfa_deactivate_totp") not in page
    response = client.post(reverse("mfa_deactivate_totp"))
    assert response.status_code == 200
    assert "vous ne pouvez pas la désactiver" in response.content.decode()
    assert Authenticator.objects.filter(user=staff, type=Authenticator.Type.TOTP).exists()


# --- everyone else ----------------------------------------------------------------------


def test_an_applicant_is_not_held_and_may_turn_it_on_and_off(
    client, applicant, django_capture_on_commit_callbacks
):
    _sign_in(client, applicant)
    assert client.get(reverse("portal:my_applications")).status_code == 200
    index = client.get(reverse("mfa_index")).content.decode()
    assert "Désactivée" in index and ACTIVATE in index
    page = client.get(ACTIVATE).content.decode()
    assert "Votre rôle exige" not in page
    secret = secret_on_page(page)  # a new key each time the page is shown
    with django_capture_on_commit_callbacks(execute=True):
        client.post(ACTIVATE, {"code": totp_code(secret)})
    assert "Activée" in client.get(reverse("mfa_index")).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("mfa_deactivate_totp"))
    assert response["Location"] == reverse("mfa_index")
    assert not Authenticator.objects.filter(user=applicant).exists()
    assert AuditEvent.objects.filter(action="account.two_factor_disabled", actor=applicant).exists()


def test_sign_in_pages_are_in_french_without_placeholders(client, staff):
    _with_authenticator(staff)
    _sign_in(client, staff)
    page = client.get(reverse("mfa_authenticate")).content.decode()
    assert 'autocomplete="one-time-code"' in page and "placeholder" not in page
    assert "<title>Code de vérification — Essaim</title>" in page


# --- cost -------------------------------------------------------------------------------


def test_enforcement_adds_no_query_once_the_code_was_given(client, staff, settings):
    _with_authenticator(staff)
    _sign_in(client, staff)
    client.post(reverse("mfa_authenticate"), {"code": totp_code(SECRET)})
    client.get(BACKOFFICE)  # the first page after signing in also reads the messages
    counts = {}
    for enforced in (True, False):
        settings.ESSAIM_REQUIRE_2FA = enforced
        with CaptureQueriesContext(connection) as queries:
            assert client.get(BACKOFFICE).status_code == 200
        counts[enforced] = len(queries)
    assert counts[True] == counts[False]


def test_the_fast_suite_runs_without_the_requirement(client, staff, settings):
    """What the rest of the suite relies on (force_login on staff pages)."""
    settings.ESSAIM_REQUIRE_2FA = False
    client.force_login(staff)
    assert client.get(BACKOFFICE).status_code == 200
