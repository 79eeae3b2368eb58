"""« Je veux m'en inspirer » in Chromium: a visitor on a sheet asks to take the innovation
up, signs in, chooses their body with the combobox, writes to the team, finds the reuse in
"Mes réutilisations"; the team answers and the reuse is "En contact". axe-clean pages at
1280 and 375 px; the staff's statistics page too."""

import os
import re

import pytest
from django.urls import NoReverseMatch, reverse
from playwright.sync_api import expect

from essaim.catalogue.enums import ReuseStatus
from essaim.catalogue.models import Reuse

from ..catalogue.reuse_world import build_world
from .navigation import click_and_wait

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "motdepasse-solide-42"  # UserFactory's
SHOTS = os.environ.get("ESSAIM_SCREENSHOTS")  # a folder to keep screenshots in, if set


def log_in_here(page, email: str) -> None:
    """Fill the sign-in page the browser is on, which sends back where the person was."""
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", PASSWORD)
    click_and_wait(page, page.locator("main form button[type=submit]"))


def shot(page, name: str) -> None:
    if SHOTS:
        for width in (1280, 375):
            page.set_viewport_size({"width": width, "height": 900})
            page.screenshot(path=os.path.join(SHOTS, f"reuse-{name}-{width}.png"), full_page=True)
        page.set_viewport_size({"width": 1280, "height": 900})


def sheet_url(innovation) -> str | None:
    try:
        return reverse("public:innovation_detail", args=[innovation.slug])
    except NoReverseMatch:
        return None


def test_visitor_declares_a_reuse_and_the_team_answers(live_server, browser, page, axe_check):
    world = build_world()
    base = live_server.url
    declare_path = reverse("public:reuse_declare", args=[world.innovation.slug])

    # 1. the visitor, on the sheet, asks to take it up (the sheet page, once there)
    sheet = sheet_url(world.innovation)
    if sheet:
        page.goto(base + sheet)
        page.get_by_role("link", name="Je veux m’en inspirer").first.click()
    else:
        page.goto(base + declare_path)
    # 2. signs in, and comes back to the declaration
    page.wait_for_url(re.compile(r"/compte/login/"))
    log_in_here(page, "dora@bordeaux.fr")
    page.wait_for_url(re.compile(re.escape(declare_path) + "$"))
    axe_check(page, "declaration form")
    shot(page, "declare")

    # 3. chooses their body with the combobox and writes to the team
    combobox = page.get_by_role("combobox", name="Votre organisme")
    combobox.click()
    page.keyboard.type("bordea")
    page.get_by_role("option", name=re.compile(r"^Bordeaux")).wait_for()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    assert combobox.input_value() == "Bordeaux (33)"
    page.get_by_label("Votre message à l'équipe de l'innovation").fill(
        "Bonjour, la mairie de Bordeaux voudrait refaire votre standard."
    )
    page.get_by_role("button", name="Envoyer à l’équipe de l’innovation").click()
    page.wait_for_url(re.compile(r"/reutilisations/\d+/$"))
    reuse = Reuse.objects.get()
    assert reuse.organisation == world.bordeaux
    assert page.get_by_text("Bordeaux s'inspire de « Un accueil téléphonique repensé »").count()
    axe_check(page, "thread, reuser side")
    shot(page, "thread")

    # 4. finds it in "Mes réutilisations"
    page.goto(base + reverse("portal:my_reuses"))
    row = page.get_by_role("row", name=re.compile("Un accueil téléphonique repensé"))
    assert "Intéressé" in row.inner_text() and "Bordeaux" in row.inner_text()
    axe_check(page, "my reuses")
    shot(page, "my-reuses")

    # 5. the team answers from its own session
    team = browser.new_context(locale="fr-FR", timezone_id="Europe/Paris")
    team_page = team.new_page()
    team_page.goto(base + reverse("portal:my_reuses"))
    log_in_here(team_page, "alice@pessac.fr")
    team_page.get_by_role("link", name=re.compile("Un accueil téléphonique repensé")).click()
    team_page.get_by_label("Votre message").fill("Avec plaisir : voici notre guide.")
    team_page.get_by_role("button", name="Envoyer le message").click()
    team_page.wait_for_url(re.compile(r"#message-\d+$"))
    assert team_page.get_by_text("Avec plaisir : voici notre guide.").count()
    axe_check(team_page, "thread, team side")
    team.close()
    reuse.refresh_from_db()
    assert reuse.status == ReuseStatus.IN_CONTACT

    # 6. the reuser sees the answer and reports progress
    page.goto(base + reverse("portal:reuse_detail", args=[reuse.pk]))
    assert page.get_by_text("Avec plaisir : voici notre guide.").count()
    page.get_by_label("En adaptation").check()
    page.get_by_label("Une note courte").fill("Test au standard en juin.")
    page.get_by_role("button", name="Enregistrer l’avancement").click()
    page.wait_for_url(re.compile(r"/reutilisations/\d+/$"))
    reuse.refresh_from_db()
    assert (reuse.status, reuse.note) == (ReuseStatus.ADAPTING, "Test au standard en juin.")
    axe_check(page, "thread after status")


def test_errors_and_statistics_pages_are_axe_clean(live_server, page, axe_check):
    world = build_world()
    base = live_server.url
    page.goto(base + reverse("public:reuse_declare", args=[world.innovation.slug]))
    log_in_here(page, "dora@bordeaux.fr")
    click_and_wait(page, page.get_by_role("button", name="Envoyer à l’équipe de l’innovation"))
    # expect() waits: right after the click the page may be between two documents
    expect(page).to_have_title(re.compile(r"^Erreur\s:"))
    assert page.get_by_role("alert").count()
    axe_check(page, "declaration errors")
    shot(page, "declare-errors")

    Reuse.objects.create(
        innovation=world.innovation,
        organisation=world.brest,
        status=ReuseStatus.DEPLOYED,
        departement="29",
    )
    page.context.clear_cookies()
    page.goto(base + reverse("backoffice:reuse_stats"))
    log_in_here(page, "equipe@fonds-mnt.fr")
    page.wait_for_url(re.compile(r"/essaimage/reutilisations/$"))
    assert page.get_by_role("table").count() == 2
    axe_check(page, "reuse statistics")
    shot(page, "stats")
