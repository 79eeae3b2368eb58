"""'Mes données' in Chromium, with the keyboard alone: reach the page from the account menu,
download the JSON file, then delete the account through the confirmation page. axe-clean at
1280 and 320 px."""

import json
import re
from html import unescape
from pathlib import Path

import pytest
from django.urls import reverse

from essaim.accounts.models import User

from ...factories import ApplicationFactory, CallFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "motdepasse-solide-42"  # UserFactory's


def _tab_to(page, name: str, limit: int = 60) -> None:
    """Press Tab until the focused element is the link or button named `name`."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate("document.activeElement.textContent.trim()")
        if focused == name:
            return
    raise AssertionError(f"{name!r} never got the focus")


def test_keyboard_only_download_then_deletion(live_server, page, axe_check):
    alice = UserFactory(email="alice@pessac.fr", full_name="Alice Martin")
    ApplicationFactory(call=CallFactory(), created_by=alice, title="Accueil repensé")
    base = live_server.url

    page.goto(base + reverse("account_login"))
    page.fill("input[name=login]", "alice@pessac.fr")
    page.fill("input[name=password]", PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/mes-dossiers/"))

    _tab_to(page, "Mes données")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/mon-compte/donnees/$"))
    axe_check(page, "mes données")
    page.set_viewport_size({"width": 320, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    page.set_viewport_size({"width": 1280, "height": 900})

    _tab_to(page, "Télécharger mes données (JSON)")
    with page.expect_download() as download:
        page.keyboard.press("Enter")
    data = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
    assert data["account"]["email"] == "alice@pessac.fr"
    assert data["applications"][0]["title"] == "Accueil repensé"

    _tab_to(page, "Supprimer mon compte")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/mon-compte/supprimer/$"))
    axe_check(page, "supprimer mon compte")

    # a wrong password: the error summary takes the focus, the field says why
    _tab_to(page, "Supprimer définitivement mon compte")
    page.keyboard.press("Enter")
    page.wait_for_selector(".error-summary")
    assert page.title().startswith("Erreur :")
    assert "Saisissez votre mot de passe pour confirmer." in unescape(page.content())
    axe_check(page, "supprimer mon compte, erreur")

    page.fill("input[name=password]", PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(base + "/")
    assert "Votre compte est supprimé." in unescape(page.content())
    assert not User.objects.get(pk=alice.pk).is_active
