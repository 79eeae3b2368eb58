"""The organisation combobox in Chromium: chosen with the keyboard alone, announced to
screen readers, axe-clean; and without JavaScript the same field falls back to the search
page."""

import re

import pytest
from playwright.sync_api import expect

from essaim.applications.models import Application

from ..factories import ApplicationFactory, CallFactory, UserFactory
from .navigation import click_and_wait

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "motdepasse-solide-42"  # UserFactory's


@pytest.fixture
def dossier():
    from essaim.territory.importer import import_referential
    from essaim.territory.snapshot import load_snapshot, subset

    import_referential(subset(load_snapshot(), {"33", "93", "974"}))
    applicant = UserFactory(email="alice@pessac.fr")
    return ApplicationFactory(call=CallFactory(), created_by=applicant, title="Accueil")


def log_in(page, base: str, email: str) -> None:
    page.goto(f"{base}/compte/login/")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", PASSWORD)
    click_and_wait(page, page.locator("main form button[type=submit]"))


def section_url(base: str, application) -> str:
    return f"{base}/dossiers/{application.pk}/sections/organisation/"


def test_keyboard_only_choice_with_announcements(live_server, page, axe_check, dossier):
    log_in(page, live_server.url, "alice@pessac.fr")
    page.goto(section_url(live_server.url, dossier))
    combobox = page.get_by_role("combobox", name="Organisme qui porte le projet")
    status = page.locator("#id_organisation_query-status")
    listbox = page.get_by_role("listbox", name="Organismes proposés")

    # From the title field, Tab reaches the combobox; then only keys.
    page.get_by_label("Titre du projet").focus()
    page.keyboard.press("Tab")
    assert combobox.evaluate("el => el === document.activeElement")
    assert combobox.get_attribute("aria-expanded") == "false"

    # Homonyms are told apart by their département.
    page.keyboard.type("saint denis")
    listbox.wait_for()
    options = page.get_by_role("option")
    assert "La Réunion (974)" in options.nth(0).inner_text()
    assert "Seine-Saint-Denis (93)" in options.nth(1).inner_text()
    # a locator assertion, not wait_for_function: the CSP refuses the eval that one needs
    expect(page.locator("#id_organisation_query-status")).to_contain_text("organismes trouvés")
    axe_check(page, "combobox open")
    page.keyboard.press("Escape")
    assert combobox.get_attribute("aria-expanded") == "false"
    page.keyboard.press("Escape")  # the list being closed, Escape clears the field
    assert combobox.input_value() == ""

    page.keyboard.type("pess")
    page.get_by_role("option", name=re.compile(r"^Pessac Commune · Gironde \(33\)")).wait_for()
    assert combobox.get_attribute("aria-expanded") == "true"
    page.keyboard.press("ArrowDown")
    first = options.nth(0)
    assert first.get_attribute("aria-selected") == "true"
    assert combobox.get_attribute("aria-activedescendant") == first.get_attribute("id")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowUp")
    page.keyboard.press("Enter")  # chooses; does not submit the form
    assert combobox.input_value() == "Pessac (33)"
    assert combobox.get_attribute("aria-expanded") == "false"
    assert page.locator("#id_organisation").input_value() != ""
    expect(page.locator("#id_organisation_query-status")).to_have_text(
        "Organisme choisi : Pessac (33)."
    )
    assert status.get_attribute("aria-live") == "polite"
    axe_check(page, "combobox chosen")

    page.keyboard.press("Enter")  # the list closed, Enter submits the form
    page.wait_for_url(re.compile(r"/dossiers/\d+/$"))
    dossier = Application.objects.get()
    assert (dossier.organisation.name, dossier.organisation_name) == ("Pessac", "Commune de Pessac")


def test_without_javascript_the_search_page_lets_one_choose(
    live_server, browser, page, axe_check, dossier
):
    context = browser.new_context(java_script_enabled=False, locale="fr-FR")
    context.set_default_timeout(15_000)
    nojs = context.new_page()
    log_in(nojs, live_server.url, "alice@pessac.fr")
    nojs.goto(section_url(live_server.url, dossier))
    field = nojs.get_by_label("Organisme qui porte le projet")
    assert field.get_attribute("role") is None  # a plain text field
    field.fill("Saint-Denis")
    nojs.get_by_role("button", name="Enregistrer et revenir au dossier").click()
    nojs.wait_for_url(re.compile(r"/choisir/?\?q=Saint-Denis$"))
    search_page = nojs.url
    nojs.get_by_role(
        "radio", name=re.compile(r"^Saint-Denis Commune · Seine-Saint-Denis \(93\)")
    ).check()
    nojs.get_by_role("button", name="Choisir cet organisme").click()
    nojs.wait_for_url(re.compile(r"/dossiers/\d+/$"))
    dossier = Application.objects.get()
    assert (dossier.organisation.name, dossier.organisation.departement) == ("Saint-Denis", "93")
    context.close()

    # axe needs JavaScript: the same search page, checked in an ordinary context
    log_in(page, live_server.url, "alice@pessac.fr")
    page.goto(search_page)
    axe_check(page, "search page")
