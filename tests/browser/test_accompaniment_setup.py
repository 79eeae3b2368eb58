"""Programme staff set up a call's accompaniment in Chromium: they apply the default
template, create a spring cohort, place a laureate with a coach, and find the summary on
the dossier page — with axe-core checking every page."""

import os
import re
from html import unescape

import pytest
from playwright.sync_api import expect

from essaim.accompaniment.models import Accompaniment
from essaim.applications.enums import ApplicationState

from ..factories import (
    ApplicationFactory,
    CallFactory,
    CallMembershipFactory,
    FundFactory,
    FundMembershipFactory,
    UserFactory,
    laureate,
)
from .navigation import click_and_wait

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "motdepasse-solide-42"  # UserFactory's
SHOTS = os.environ.get("ESSAIM_SCREENSHOTS", "")


def _shot(page, name: str, anchor: str = ""):
    """Screenshots at 1280 and 375 px for a human eye (ESSAIM_SCREENSHOTS=<folder>): the
    whole page, or the viewport from `anchor`."""
    if not SHOTS:
        return
    for width in (1280, 375):
        page.set_viewport_size({"width": width, "height": 900})
        if anchor:
            page.locator(anchor).scroll_into_view_if_needed()
            page.evaluate(f"document.querySelector('{anchor}').scrollIntoView()")
        page.screenshot(path=f"{SHOTS}/{name}-{width}.png", full_page=not anchor)
    page.set_viewport_size({"width": 1280, "height": 900})


def test_staff_apply_the_default_template_create_a_cohort_and_place_a_laureate(
    live_server, page, axe_check
):
    fund = FundFactory(slug="mnt", name="Fonds MNT", reference_prefix="MNT")
    call = CallFactory(fund=fund, slug="2024-6", year=2024, edition=6, title="Sixième appel")
    staff = FundMembershipFactory(fund=fund, user=UserFactory(email="equipe@fonds-mnt.fr")).user
    coach = UserFactory(email="camille@agence-design.fr", full_name="Camille Accompagnante")
    CallMembershipFactory(call=call, user=coach, role="coach", organisation_name="Agence")
    winner = laureate(
        ApplicationFactory(call=call, complete=True, title="Un accueil téléphonique repensé")
    )
    base = live_server.url

    page.goto(f"{base}/compte/login/")
    page.fill("input[name=login]", staff.email)
    page.fill("input[name=password]", PASSWORD)
    click_and_wait(page, page.locator("main form button[type=submit]"))

    # From the call page to its accompaniment page.
    page.goto(f"{base}/gestion/appels/{call.pk}/")
    page.get_by_role("link", name="Modèle, cohortes et lauréats").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Accompagnement des lauréats"
    axe_check(page, "accompaniment page (empty)")

    # The default template in one click.
    click_and_wait(page, page.get_by_role("button", name="Utiliser le modèle par défaut"))
    assert "Les quatre phases du modèle par défaut sont ajoutées." in unescape(page.content())
    rows = page.locator("#template ~ .table-wrap tbody tr th")
    assert rows.all_inner_texts()[:4] == [
        "1. Entretiens usagers",
        "2. Analyse, conception et prototypage",
        "3. Test du prototype",
        "4. Consolidation",
    ]

    # A cohort: a wrong end date first, the message beside the field, the name kept.
    click_and_wait(page, page.get_by_role("link", name="Créer une cohorte"))
    axe_check(page, "cohort form")
    page.get_by_label("Nom de la cohorte").fill("Printemps")
    page.get_by_label("Début").fill("2026-03-02")
    page.get_by_label("Fin", exact=True).fill("2026-02-01")
    click_and_wait(page, page.get_by_role("button", name="Créer la cohorte"))
    # expect() waits: right after the click the page may be between two documents
    expect(page).to_have_title(re.compile(r"^Erreur\s:"))
    assert "La fin doit venir après le début." in page.locator("#id_ends_on-group").inner_text()
    assert page.get_by_label("Nom de la cohorte").input_value() == "Printemps"
    axe_check(page, "cohort form with errors")
    page.get_by_label("Fin", exact=True).fill("2026-05-29")
    click_and_wait(page, page.get_by_role("button", name="Créer la cohorte"))
    assert "La cohorte « Printemps » est créée." in unescape(page.content())

    # Place the laureate in the spring cohort with its coach.
    form = page.locator(f"#placer-{winner.pk}")
    form.get_by_label("Cohorte").select_option(
        label="Printemps (2\u00a0mars 2026 – 29\u00a0mai 2026)"
    )
    form.get_by_label("Accompagnant").select_option(label="Camille Accompagnante")
    axe_check(page, "accompaniment page with template, cohort and a laureate to place")
    _shot(page, "accompaniment-call")
    click_and_wait(page, form.get_by_role("button", name="Démarrer l'accompagnement"))
    assert "L'accompagnement de « Un accueil téléphonique repensé » commence." in unescape(
        page.content()
    )
    winner.refresh_from_db()
    assert winner.state == ApplicationState.IN_ACCOMPANIMENT
    accompaniment = Accompaniment.objects.get(application=winner)
    assert accompaniment.coach == coach and accompaniment.cohort.name == "Printemps"
    axe_check(page, "accompaniment page after placing")

    # The dossier page sums it up.
    page.get_by_role("link", name=winner.reference).click()
    panel = page.locator("#accompaniment ~ dl").first
    assert "Printemps" in panel.inner_text() and "Camille Accompagnante" in panel.inner_text()
    assert page.get_by_role("cell", name="2 mars 2026 – 29 mars 2026").count() == 1
    axe_check(page, "dossier page with accompaniment panel")
    _shot(page, "accompaniment-dossier", anchor="#accompaniment")
