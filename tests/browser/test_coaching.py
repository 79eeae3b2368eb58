"""A coach moves a laureate through the four phases of its accompaniment, adding a
deliverable and marking a milestone achieved in each; the team then sees it all in its
workspace — in Chromium, with axe-core checking every page of the path."""

import datetime as dt
import os
import re
from html import unescape

import pytest
from django.utils import timezone

from ..coaching.conftest import MINIMAL_PDF, make_accompaniment
from ..factories import (
    CallFactory,
    FundFactory,
    FundMembershipFactory,
    MilestoneFactory,
    UserFactory,
)
from .navigation import click_and_wait

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "motdepasse-solide-42"  # UserFactory's
SHOTS = os.environ.get("ESSAIM_SCREENSHOTS")  # a folder to keep screenshots in, if set


def _log_in(page, base: str, email: str):
    page.goto(f"{base}/compte/login/")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", PASSWORD)
    click_and_wait(page, page.locator("main form button[type=submit]"))


def _shot(page, name):
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/{name}.png", full_page=True)


def test_coach_moves_a_laureate_through_the_four_phases(
    live_server, page, browser, axe_check, tmp_path
):
    fund = FundFactory(slug="mnt", name="Fonds MNT", reference_prefix="MNT")
    call = CallFactory(fund=fund, title="Sixième appel", results_published_at=timezone.now())
    FundMembershipFactory(fund=fund, user=UserFactory(email="equipe@fonds-mnt.fr"))
    coach = UserFactory(email="camille@agence-design.fr", full_name="Camille Accompagnante")
    team = UserFactory(email="agnes@pessac.fr", full_name="Agnès Dupont")
    accompaniment = make_accompaniment(
        call=call, team_owner=team, coach=coach, title="Un accueil qui répond"
    )
    phases = list(accompaniment.phases.order_by("position"))
    for n, phase in enumerate(phases):
        MilestoneFactory(
            accompaniment=accompaniment,
            phase=phase,
            title=f"Jalon de la phase {n + 1}",
            due_on=timezone.localdate() + dt.timedelta(days=10 * (n + 1)),
            owner=team,
        )
    pdf = tmp_path / "livrable.pdf"
    pdf.write_bytes(MINIMAL_PDF)
    base = live_server.url
    page.set_viewport_size({"width": 1280, "height": 900})

    _log_in(page, base, coach.email)
    page.goto(f"{base}/accompagnement/")
    axe_check(page, "coach home")
    page.get_by_role("link", name="Un accueil qui répond").click()
    page.wait_for_url(re.compile(rf"/accompagnement/{accompaniment.pk}/$"))
    axe_check(page, "workspace before")
    _shot(page, "workspace-before-1280")

    # Phase 1 starts.
    click_and_wait(page, page.get_by_role("link", name=f"Démarrer {phases[0].name}"))
    axe_check(page, "start phase")
    page.get_by_role("button", name="Démarrer la phase").click()
    page.wait_for_url(re.compile(r"#phases$"))
    assert f"La phase « {phases[0].name} » a commencé." in unescape(page.content())

    for n, phase in enumerate(phases):
        # a deliverable of the phase
        click_and_wait(page, page.get_by_role("link", name=f"Ajouter un livrable — {phase.name}"))
        axe_check(page, f"deliverable form {n + 1}")
        page.get_by_label("Titre").fill(f"Livrable {n + 1}")
        page.get_by_label("Fichier").set_input_files(str(pdf))
        click_and_wait(page, page.get_by_role("button", name="Ajouter", exact=True))
        assert f"« Livrable {n + 1} » est ajouté." in unescape(page.content())
        axe_check(page, f"workspace after deliverable {n + 1}")

        # its milestone achieved
        click_and_wait(
            page, page.get_by_role("link", name=f"Changer l'état — Jalon de la phase {n + 1}")
        )
        axe_check(page, f"milestone status {n + 1}")
        page.get_by_label("Atteint", exact=True).check()
        click_and_wait(page, page.get_by_role("button", name="Enregistrer l'état"))
        assert f"Le jalon « Jalon de la phase {n + 1} » est maintenant : atteint." in unescape(
            page.content()
        )

        # the phase ends (the next one starts the same day)
        click_and_wait(page, page.get_by_role("link", name=f"Terminer {phase.name}"))
        axe_check(page, f"complete phase {n + 1}")
        page.get_by_role("button", name="Terminer la phase").click()
        page.wait_for_url(re.compile(r"#phases$"))
        assert "est terminée" in unescape(page.content())

    rows = page.locator("table.cg-phases tbody tr")
    assert rows.count() == 4
    for i in range(4):
        assert "Terminée" in rows.nth(i).inner_text()
    _shot(page, "workspace-after-1280")

    # The team sees the same workspace, read from its dossier page.
    page.context.clear_cookies()
    _log_in(page, base, team.email)
    page.goto(f"{base}/dossiers/{accompaniment.application.pk}/")
    page.get_by_role("link", name="Ouvrir l'espace d'accompagnement").click()
    page.wait_for_url(re.compile(rf"/accompagnement/{accompaniment.pk}/$"))
    content = unescape(page.content())
    for n in range(4):
        assert f"Livrable {n + 1}" in content
    assert content.count("Atteint") >= 4
    assert page.get_by_role("link", name=re.compile("^Démarrer|^Terminer")).count() == 0
    axe_check(page, "team workspace")

    # The home on a phone.
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(f"{base}/accompagnement/")
    axe_check(page, "team home 375")
    _shot(page, "home-375")
    page.goto(f"{base}/accompagnement/{accompaniment.pk}/")
    _shot(page, "workspace-375")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375 + 1, f"the page scrolls sideways at 375 px ({width} px)"


def test_evaluator_submits_a_report_the_team_reads_it(live_server, page, axe_check):
    call = CallFactory(results_published_at=timezone.now(), has_independent_evaluation=True)
    evaluator = UserFactory(email="eva@evaluation.fr", full_name="Éva Évaluatrice")
    team = UserFactory(email="agnes@pessac.fr", full_name="Agnès Dupont")
    accompaniment = make_accompaniment(
        call=call, team_owner=team, evaluator=evaluator, title="Un accueil qui répond"
    )
    base = live_server.url
    _log_in(page, base, evaluator.email)
    page.goto(f"{base}/accompagnement/{accompaniment.pk}/")
    axe_check(page, "evaluator workspace")
    click_and_wait(page, page.get_by_role("link", name="Rédiger le rapport — À mi-parcours"))
    axe_check(page, "report form")
    page.get_by_label("Questions évaluatives").fill("L'attente au guichet baisse-t-elle ?")
    click_and_wait(page, page.get_by_role("button", name="Remettre le rapport…"))
    assert "Complétez cette partie avant de remettre le rapport." in unescape(page.content())
    assert page.get_by_label("Questions évaluatives").input_value().startswith("L'attente")
    axe_check(page, "report form with errors")
    page.get_by_label("Constats").fill("De 12 à 5 minutes en moyenne.")
    page.get_by_label("Recommandations").fill("Étendre aux mairies annexes.")
    page.get_by_role("button", name="Remettre le rapport…").click()
    page.wait_for_url(re.compile(r"/remettre/$"))
    axe_check(page, "report confirmation")
    page.get_by_role("button", name="Confirmer et remettre le rapport").click()
    page.wait_for_url(re.compile(r"#evaluation-mid_course$"))
    assert "Votre rapport est remis" in unescape(page.content())

    page.context.clear_cookies()
    _log_in(page, base, team.email)
    page.goto(f"{base}/accompagnement/{accompaniment.pk}/")
    assert "De 12 à 5 minutes en moyenne." in unescape(page.content())
    assert page.get_by_role("link", name=re.compile("Rédiger le rapport")).count() == 0
    axe_check(page, "team reads the report")
