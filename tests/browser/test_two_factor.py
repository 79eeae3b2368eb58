"""A fund's staff member signs in for the first time in Chromium: Essaim makes them set up an
authenticator app (the test computes its codes from the key shown for people who cannot scan
the QR code), shows their recovery codes, then lets them in; they sign in again with a code,
then once with a recovery code — axe-core checking every page of the path."""

import re

import pytest
from django.core.cache import cache
from playwright.sync_api import expect

from ..accounts.totp import totp_code
from ..factories import FundFactory, FundMembershipFactory, UserFactory
from .navigation import click_and_wait

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "motdepasse-solide-42"  # UserFactory's


def _sign_in_with_password(page, base: str, email: str):
    page.goto(f"{base}/compte/login/")
    page.get_by_label("Adresse e-mail").fill(email)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    click_and_wait(page, page.locator("main form button[type=submit]"))


def _sign_out(page):
    click_and_wait(page, page.locator(".account-nav").get_by_role("button", name="Se déconnecter"))


def _h1(page) -> str:
    return page.get_by_role("heading", level=1).inner_text()


def test_staff_set_up_two_factor_then_sign_in_with_a_code_and_a_recovery_code(
    live_server, page, axe_check, settings
):
    settings.ESSAIM_REQUIRE_2FA = True
    cache.clear()
    fund = FundFactory(slug="mnt", name="Fonds MNT", reference_prefix="MNT")
    staff = UserFactory(email="equipe@fonds-mnt.fr", full_name="Sophie Équipe")
    FundMembershipFactory(fund=fund, user=staff)
    base = live_server.url

    # First sign-in: straight to the set-up page, and nowhere else.
    _sign_in_with_password(page, base, staff.email)
    assert _h1(page) == "Activer la double authentification"
    assert "Votre rôle exige la double authentification." in page.locator("main").inner_text()
    qr = page.get_by_role("img", name=re.compile("QR code"))
    assert qr.evaluate("img => img.complete && img.naturalWidth > 0")
    axe_check(page, "set-up")
    page.goto(f"{base}/gestion/")
    assert _h1(page) == "Activer la double authentification"

    # A wrong code first: the error is beside the field and in the summary.
    secret = page.locator("#totp-secret").inner_text().replace(" ", "")
    wrong = "000000" if totp_code(secret) != "000000" else "111111"
    page.get_by_label("Code affiché par l'application").fill(wrong)
    click_and_wait(page, page.get_by_role("button", name="Activer la double authentification"))
    # expect() waits: right after the click the page may be between two documents
    expect(page).to_have_title(re.compile(r"^Erreur\s:"))
    assert page.locator(".error-summary").is_visible()
    axe_check(page, "set-up with an error")

    # The page showed a new key after the error: read it again.
    secret = page.locator("#totp-secret").inner_text().replace(" ", "")
    page.get_by_label("Code affiché par l'application").fill(totp_code(secret))
    click_and_wait(page, page.get_by_role("button", name="Activer la double authentification"))
    assert _h1(page) == "Vos codes de secours"
    codes = page.locator(".recovery-codes code").all_inner_texts()
    assert len(codes) == 10 and all(re.fullmatch(r"\d{8}", c) for c in codes)
    axe_check(page, "recovery codes")
    click_and_wait(page, page.get_by_role("link", name="Continuer"))
    page.goto(f"{base}/gestion/")
    assert _h1(page) != "Activer la double authentification"
    assert "/gestion/" in page.url

    page.goto(f"{base}/compte/2fa/")
    assert _h1(page) == "Connexion et sécurité"
    assert "obligatoire pour votre rôle" in page.locator("main").inner_text()
    axe_check(page, "account security")

    # Second sign-in: the code of the app.
    _sign_out(page)
    _sign_in_with_password(page, base, staff.email)
    assert _h1(page) == "Code de vérification"
    axe_check(page, "code at sign-in")
    page.get_by_label("Code de vérification").fill(totp_code(secret))
    click_and_wait(page, page.get_by_role("button", name="Se connecter"))
    page.goto(f"{base}/gestion/")
    assert "/gestion/" in page.url and _h1(page) != "Code de vérification"

    # Third sign-in: a recovery code, which then counts as used.
    _sign_out(page)
    _sign_in_with_password(page, base, staff.email)
    page.get_by_text("Vous n'avez plus votre téléphone ?").click()
    axe_check(page, "code at sign-in, help open")
    page.get_by_label("Code de vérification").fill(codes[0])
    click_and_wait(page, page.get_by_role("button", name="Se connecter"))
    page.goto(f"{base}/compte/2fa/")
    assert "9 codes non utilisés sur 10." in page.locator("main").inner_text()
    cache.clear()
