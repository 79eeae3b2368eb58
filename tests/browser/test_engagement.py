"""Staff prepare a laureate's engagement with an indicator and a payment tranche and sign
it for the fund; the team signs it; both see it signed and download its PDF — in
Chromium, with axe-core checking every page of the path."""

import re
from decimal import Decimal
from urllib.parse import urljoin

import pytest
from django.utils import timezone

from ..factories import (
    ApplicationFactory,
    CallFactory,
    FundFactory,
    FundMembershipFactory,
    UserFactory,
    laureate,
)
from .navigation import click_and_wait

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "motdepasse-solide-42"  # UserFactory's


def _log_in(page, base: str, email: str):
    page.goto(f"{base}/compte/login/")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", PASSWORD)
    click_and_wait(page, page.locator("main form button[type=submit]"))


def _assert_pdf(page, link_name: str):
    href = page.get_by_role("link", name=link_name).first.get_attribute("href")
    response = page.request.get(urljoin(page.url, href))
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.body().startswith(b"%PDF")


def test_staff_and_team_sign_the_engagement(live_server, page, browser, axe_check):
    fund = FundFactory(slug="ditp", name="DITP", reference_prefix="DITP")
    call = CallFactory(
        fund=fund,
        funding=True,
        envelope=Decimal("3000000"),
        title="Appel à défis",
        results_published_at=timezone.now(),  # the team knows it is a laureate
    )
    staff = FundMembershipFactory(
        fund=fund, user=UserFactory(email="equipe@ditp.fr", full_name="Sophie Équipe")
    ).user
    applicant = UserFactory(email="agnes@pessac.fr", full_name="Agnès Dupont")
    dossier = laureate(
        ApplicationFactory(
            call=call, created_by=applicant, complete=True, title="Un accueil qui répond"
        )
    )
    base = live_server.url

    # Staff prepare the engagement from the dossier page.
    _log_in(page, base, staff.email)
    page.goto(f"{base}/gestion/dossiers/{dossier.pk}/")
    axe_check(page, "staff dossier page")
    page.get_by_role("link", name="Préparer l'engagement réciproque").click()
    page.wait_for_url(re.compile(r"/engagement/nouveau/$"))
    axe_check(page, "engagement form")
    page.get_by_label("Objet de l'engagement").fill("Un accueil téléphonique repensé.")
    page.get_by_label("Ce que le fonds s'engage à apporter").fill("Financer le prototype.")
    page.get_by_label("Ce que l'équipe lauréate s'engage à faire").fill("Tester avec les usagers.")
    page.get_by_label("Début").fill("2026-03-01")
    page.get_by_label("Fin", exact=True).fill("2026-12-31")
    page.fill("input[name=indicators-0-label]", "Temps d'attente au téléphone")
    page.fill("input[name=indicators-0-unit]", "minutes")
    page.fill("input[name=indicators-0-baseline]", "12")
    page.fill("input[name=indicators-0-target]", "4")
    page.get_by_label("Montant accordé (€)").fill("60 000")
    page.fill("input[name=tranches-0-planned_on]", "2026-04-01")
    page.fill("input[name=tranches-0-amount]", "60 000")
    page.fill("input[name=tranches-0-condition]", "À la signature")
    page.get_by_role("button", name="Enregistrer l'engagement").click()
    page.wait_for_url(re.compile(r"/gestion/engagements/\d+/$"))
    assert "Temps d'attente au téléphone" in page.inner_text("main")
    axe_check(page, "engagement detail (draft)")

    click_and_wait(page, page.get_by_role("link", name="Signer pour le fonds"))
    axe_check(page, "fund signature")
    page.get_by_label("Fonction du signataire").fill("Directrice de programme")
    page.get_by_label("J'ai lu l'engagement").check()
    page.get_by_role("button", name="Signer pour le fonds").click()
    page.wait_for_url(re.compile(r"/gestion/engagements/\d+/$"))
    assert "attend la signature de l'équipe lauréate" in page.inner_text("main")
    staff_url = page.url

    # The team reads it on its dossier page and signs.
    team = browser.new_context(locale="fr-FR", timezone_id="Europe/Paris")
    team_page = team.new_page()
    _log_in(team_page, base, applicant.email)
    team_page.goto(f"{base}/dossiers/{dossier.pk}/")
    assert "attend la signature de votre équipe" in team_page.inner_text("main")
    axe_check(team_page, "team dossier page")
    click_and_wait(team_page, team_page.get_by_role("link", name="Lire l'engagement"))
    assert "Sophie Équipe, Directrice de programme" in team_page.inner_text("main")
    axe_check(team_page, "team engagement (awaiting)")
    click_and_wait(team_page, team_page.get_by_role("link", name="Signer pour l'équipe"))
    axe_check(team_page, "team signature")
    team_page.get_by_label("Fonction du signataire").fill("Cheffe de projet")
    team_page.get_by_label("J'ai lu l'engagement").check()
    team_page.get_by_role("button", name="Signer pour l'équipe").click()
    team_page.wait_for_url(re.compile(r"/engagements/\d+/$"))
    main = team_page.inner_text("main")
    assert "il est désormais en vigueur" in main and "Signé" in main
    assert "Agnès Dupont, Cheffe de projet" in main
    axe_check(team_page, "team engagement (signed)")
    _assert_pdf(team_page, "Télécharger l'engagement (PDF)")
    team_page.goto(f"{base}/dossiers/{dossier.pk}/")
    assert "Voir l'engagement signé" in team_page.inner_text("main")
    team.close()

    # Staff see it signed, read-only, with its payment to record, and the envelope.
    page.goto(staff_url)
    main = page.inner_text("main")
    assert "Signé par les deux parties" in main
    assert "Modifier l'engagement" not in main
    axe_check(page, "engagement detail (signed)")
    _assert_pdf(page, "Télécharger l'engagement, version 1 (PDF)")
    click_and_wait(page, page.get_by_role("link", name="Enveloppe de l'appel").first)
    assert "2\u202f940\u202f000\u00a0€" in page.inner_text("main")
    axe_check(page, "call envelope")
