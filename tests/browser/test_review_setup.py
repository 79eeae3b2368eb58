"""Programme staff set up a call's first selection in Chromium: they create the stage with
two criteria, invite an expert, who accepts by signing in with their existing account,
then staff assign the dossiers automatically — with axe-core checking every page."""

import re
from html import unescape

import pytest
from django.core import mail

from essaim.applications.enums import ApplicationState
from essaim.review.models import Assignment, ReviewStage

from ..factories import (
    ApplicationFactory,
    CallFactory,
    FundFactory,
    FundMembershipFactory,
    UserFactory,
    submitted,
)
from .navigation import click_and_wait

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "motdepasse-solide-42"  # UserFactory's


def _log_in_on_the_form(page, email: str):
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", PASSWORD)
    click_and_wait(page, page.locator("main form button[type=submit]"))


def _add_criterion(page, label: str, weight: str):
    page.fill("input[name=label]", label)
    page.fill("input[name=weight]", weight)
    click_and_wait(page, page.get_by_role("button", name="Ajouter le critère"))


def test_staff_set_up_a_stage_invite_an_expert_and_auto_assign(
    live_server, page, browser, axe_check
):
    fund = FundFactory(slug="mnt", name="Fonds MNT", reference_prefix="MNT")
    call = CallFactory(fund=fund, slug="2024-6", year=2024, edition=6, title="Sixième appel")
    staff = FundMembershipFactory(fund=fund, user=UserFactory(email="equipe@fonds-mnt.fr")).user
    for n in range(3):
        submitted(
            ApplicationFactory(call=call, title=f"Projet d'accueil {n}", complete=True),
            state=ApplicationState.ELIGIBLE,
        )
    expert = UserFactory(email="ines@cabinet-conseil.fr", full_name="Inès Experte")
    base = live_server.url

    # Staff sign in and open the call's review set-up.
    page.goto(f"{base}/compte/login/")
    _log_in_on_the_form(page, staff.email)
    page.goto(f"{base}/gestion/appels/{call.pk}/")
    click_and_wait(page, page.get_by_role("link", name="Étapes d'évaluation et critères"))
    axe_check(page, "review stages (empty)")
    click_and_wait(page, page.get_by_role("link", name="Ajouter une étape d'évaluation"))
    axe_check(page, "new stage form")

    # A first selection, one review per dossier, own criteria.
    page.select_option("select[name=kind]", "first_selection")
    page.fill("input[name=reviews_per_application]", "1")
    page.get_by_label("Jamais").check()
    page.get_by_label("Aucun : je saisis mes critères").check()
    click_and_wait(page, page.get_by_role("button", name="Créer l'étape"))
    assert page.get_by_role("heading", level=1).inner_text() == "Première sélection"
    axe_check(page, "stage page")

    # A bad weight first: the message sits beside the field, the label stays typed.
    page.fill("input[name=label]", "Dimension collective")
    page.fill("input[name=weight]", "beaucoup")
    click_and_wait(page, page.get_by_role("button", name="Ajouter le critère"))
    assert "Saisissez un nombre, par exemple 1 ou 1,5." in unescape(page.content())
    assert page.input_value("input[name=label]") == "Dimension collective"
    axe_check(page, "criterion error")
    _add_criterion(page, "Dimension collective", "2")
    _add_criterion(page, "Caractère inspirant", "1,5")
    stage = ReviewStage.objects.get(call=call)
    assert list(stage.criteria.values_list("label", flat=True)) == [
        "Dimension collective",
        "Caractère inspirant",
    ]
    axe_check(page, "stage with criteria")

    # Invite an expert.
    page.goto(f"{base}/gestion/appels/{call.pk}/evaluation/")
    click_and_wait(page, page.get_by_role("link", name="Évaluateurs et jurés").first)
    axe_check(page, "pool (empty)")
    page.fill("input[name=full_name]", "Inès Experte")
    page.fill("input[name=email]", "ines@cabinet-conseil.fr")
    click_and_wait(page, page.get_by_role("button", name="Envoyer l'invitation"))
    assert "L'invitation est envoyée à ines@cabinet-conseil.fr." in unescape(page.content())
    axe_check(page, "pool with invitation")
    link = re.search(r"http://\S+/expertise/invitations/\S+/", mail.outbox[-1].body).group(0)

    # The expert opens the link in their own browser and signs in with their account.
    context = browser.new_context(locale="fr-FR")
    expert_page = context.new_page()
    expert_page.goto(link)
    axe_check(expert_page, "invitation (signed out)")
    click_and_wait(expert_page, expert_page.get_by_role("link", name="Se connecter").last)
    axe_check(expert_page, "login with next")
    _log_in_on_the_form(expert_page, expert.email)
    assert expert_page.url == link
    axe_check(expert_page, "invitation form")
    expert_page.fill("input[name=organisation_name]", "Cabinet Conseil")
    expert_page.select_option("select[name=organisation_departement]", "75")
    click_and_wait(expert_page, expert_page.get_by_role("button", name="Accepter l'invitation"))
    assert expert_page.url.rstrip("/").endswith("/expertise")
    assert "Bienvenue" in unescape(expert_page.content())
    axe_check(expert_page, "reviewer home")
    context.close()

    # Back to staff: the expert is in the pool; assign automatically.
    page.reload()
    assert "Cabinet Conseil" in unescape(page.content())
    page.goto(f"{base}/gestion/evaluation/etapes/{stage.pk}/affectations/")
    axe_check(page, "assignment board (empty)")
    click_and_wait(page, page.get_by_role("link", name="Affecter automatiquement"))
    assert "Ce qui va se passer" in unescape(page.content())
    axe_check(page, "auto-assign confirmation")
    click_and_wait(page, page.get_by_role("button", name="Affecter automatiquement"))
    assert "3 affectations créées — 1 évaluateur prévenu par e-mail." in unescape(page.content())
    axe_check(page, "assignment board (filled)")
    assert Assignment.objects.filter(stage=stage, reviewer=expert).count() == 3
    assert "3 nouveaux dossiers" in mail.outbox[-1].subject

    click_and_wait(page, page.get_by_role("link", name="Charge des évaluateurs").first)
    axe_check(page, "load")
    page.goto(f"{base}/gestion/appels/{call.pk}/conflits/")
    click_and_wait(page, page.get_by_role("button", name="Rechercher les conflits possibles"))
    assert "Aucun nouveau conflit possible" in unescape(page.content())
    axe_check(page, "conflicts")
