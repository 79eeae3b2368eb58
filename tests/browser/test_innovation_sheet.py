"""The team writes its innovation sheet, the fund's staff publish it, a visitor reads it —
in Chromium, with axe-core on every page and screenshots at 1280 and 375 px."""

import os
import re
from html import unescape

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from essaim.catalogue.models import Innovation

from ..factories import (
    ApplicationFactory,
    CallFactory,
    FundFactory,
    FundMembershipFactory,
    OrganisationFactory,
    UserFactory,
    laureate,
)
from .navigation import click_and_wait

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "motdepasse-solide-42"  # UserFactory's
SHOTS = os.environ.get("ESSAIM_SCREENSHOTS", "")


def _log_in(page, base: str, email: str):
    page.goto(f"{base}/compte/login/")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", PASSWORD)
    click_and_wait(page, page.locator("main form button[type=submit]"))


def _log_out(page):
    click_and_wait(page, page.get_by_role("button", name="Se déconnecter"))


def _shoot(page, name: str):
    if not SHOTS:
        return
    for width in (1280, 375):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=f"{SHOTS}/{name}-{width}.png", full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


def test_team_writes_staff_publish_visitor_reads(live_server, page, axe_check):
    fund = FundFactory(slug="mnt", name="Fonds MNT", reference_prefix="MNT", is_published=True)
    call = CallFactory(fund=fund, slug="2024-6", title="Sixième appel", year=2024)
    call.results_published_at = timezone.now()
    call.save(update_fields=["results_published_at"])
    staff = FundMembershipFactory(
        fund=fund, user=UserFactory(email="equipe@fonds-mnt.fr", full_name="Sophie Équipe")
    ).user
    owner = UserFactory(email="pierre@pessac.fr", full_name="Pierre Lormeau")
    pessac = OrganisationFactory(name="Pessac", formal_name="Commune de Pessac", departement="33")
    dossier = laureate(
        ApplicationFactory(
            call=call,
            created_by=owner,
            complete=True,
            organisation=pessac,
            title="Améliorer l'expérience des usagers grâce à un accueil téléphonique de qualité",
        )
    )
    base = live_server.url

    # the team starts its sheet from the dossier's page
    _log_in(page, base, owner.email)
    page.goto(f"{base}/dossiers/{dossier.pk}/")
    click_and_wait(page, page.get_by_role("link", name="Rédiger la fiche innovation"))
    axe_check(page, "start the sheet")
    page.get_by_label("Thème de l'innovation").select_option("reception")
    page.get_by_role("button", name="Créer la fiche").click()
    page.wait_for_url(re.compile(r"/fiche-innovation/$"))
    assert page.get_by_label("Titre").input_value().startswith("Améliorer l'expérience")

    # a missing summary is shown beside its field, and what was typed stays
    page.get_by_label("Résumé").fill("")
    page.get_by_role("textbox", name="Les résultats").fill(
        "Moins d'appels perdus, des agents moins stressés."
    )
    page.get_by_role("button", name="Enregistrer la fiche").click()
    # expect() waits: right after the click the page may be between two documents
    expect(page).to_have_title(re.compile(r"^Erreur\s:"))
    assert (
        page.get_by_role("textbox", name="Les résultats").input_value().startswith("Moins d'appels")
    )
    axe_check(page, "sheet with errors")

    page.get_by_label("Résumé").fill(
        "Les agents d'accueil et les usagers ont repensé ensemble le standard de la mairie."
    )
    page.get_by_label("Les étapes pour le reproduire").fill(
        "Écouter les appels avec les agents\nCo-écrire un script de réponse\nTester deux semaines"
    )
    page.get_by_label("Durée").fill("4 mois")
    page.get_by_label("Indicateur").first.fill("Délai moyen de réponse")
    page.get_by_label("Valeur").first.fill("2 jours")
    page.get_by_label("Précision").first.fill("au lieu de 9")
    page.get_by_role("button", name="Enregistrer la fiche").click()
    page.get_by_text("La fiche est enregistrée.").wait_for()
    axe_check(page, "sheet edit")
    _shoot(page, "sheet-edit")

    # the team previews it; nobody else can see it yet
    page.get_by_role("link", name="Aperçu de la fiche").click()
    page.get_by_text("Aperçu : cette fiche n'est pas publiée.").wait_for()
    preview_url = page.url
    _log_out(page)
    assert page.goto(preview_url).status == 404

    # the staff publish it after a confirmation page
    _log_in(page, base, staff.email)
    sheet = Innovation.objects.get(application=dossier)
    page.goto(f"{base}/gestion/fonds/{fund.pk}/innovations/")
    axe_check(page, "fund's sheets")
    _shoot(page, "bo-fund-sheets")
    page.get_by_role("link", name=sheet.title, exact=True).click()
    click_and_wait(page, page.get_by_role("link", name="Publier la fiche"))
    axe_check(page, "publish confirmation")
    page.get_by_role("button", name="Publier la fiche").click()
    page.get_by_text("est publiée").wait_for()
    _log_out(page)

    # a visitor reads it
    response = page.goto(preview_url)
    assert response.status == 200
    assert page.locator("h1").inner_text().startswith("Améliorer l'expérience")
    assert page.locator('meta[property="og:title"]').get_attribute("content") == sheet.title
    steps = page.locator("ol.steps li").all_inner_texts()
    assert steps == [
        "Écouter les appels avec les agents",
        "Co-écrire un script de réponse",
        "Tester deux semaines",
    ]
    assert page.get_by_text("Délai moyen de réponse").is_visible()
    assert "pierre@pessac.fr" not in unescape(page.content())
    axe_check(page, "published sheet")
    _shoot(page, "sheet-public")
