"""An expert scores three dossiers in Chromium: they accept the invitation (the form asks
for their organisation and département, nothing more), find their list at /expertise/, score
the first dossier with a draft and a refused submission on the way, then follow "Dossier
suivant" through the other two — the second at phone width — with axe-core checking every
page of the path."""

import re
from html import unescape

import pytest
from playwright.sync_api import expect

from essaim.applications.enums import ApplicationState
from essaim.funds.enums import FundRole
from essaim.funds.models import Invitation
from essaim.review.enums import DecisionKind, ReviewStatus
from essaim.review.models import Review
from essaim.review.services.assignment import assign
from essaim.review.services.decisions import record_decision
from essaim.review.services.invitations import invite

from ..factories import (
    ApplicationFactory,
    CallFactory,
    FundFactory,
    FundMembershipFactory,
    ReviewStageFactory,
    UserFactory,
    submitted_for_real,
)
from .navigation import click_and_wait

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "motdepasse-solide-42"  # UserFactory's
TITLES = [
    "Un accueil téléphonique qui répond",
    "Le guichet partagé des solidarités",
    "La borne de rendez-vous en mairie annexe",
]


def _fits(page, width: int):
    assert page.evaluate("document.documentElement.scrollWidth") <= width, page.url


def _score(page, values: dict[str, str], comments: dict[str, str]):
    """Tick a note per criterion (by the fieldset's legend) and write its comment."""
    for criterion, value in values.items():
        page.get_by_role("group", name=criterion).get_by_label(value, exact=True).check()
    for criterion, text in comments.items():
        page.get_by_label(f"Commentaire sur « {criterion} »").fill(text)


def _submit(page, axe_check, label: str):
    page.get_by_role("button", name="Rendre l'évaluation").click()
    page.wait_for_url(re.compile(r"/expertise/evaluations/\d+/rendre/$"))
    assert page.get_by_role("heading", level=1).inner_text() == "Rendre l'évaluation"
    axe_check(page, f"{label}: confirmation")
    page.get_by_role("button", name="Confirmer et rendre l'évaluation").click()
    page.wait_for_url(re.compile(r"/expertise/evaluations/\d+/$"))
    assert "Votre évaluation est rendue. Merci !" in unescape(page.content())
    assert page.locator(".rv-meta").get_by_text("Évaluation rendue").is_visible()
    axe_check(page, f"{label}: submitted")


def test_an_expert_scores_three_dossiers(live_server, page, axe_check):
    fund = FundFactory(slug="mnt", name="Fonds MNT", reference_prefix="MNT")
    call = CallFactory(fund=fund, slug="2024-6", year=2024, edition=6, title="Sixième appel")
    staff = FundMembershipFactory(fund=fund, user=UserFactory(email="equipe@fonds-mnt.fr")).user
    dossiers = []
    for title in TITLES:
        dossier = submitted_for_real(
            ApplicationFactory(call=call, complete=True, ready=True, title=title)
        )
        record_decision(
            application=dossier,
            kind=DecisionKind.ELIGIBILITY,
            outcome=ApplicationState.ELIGIBLE,
            actor=staff,
        )
        dossiers.append(dossier)
    stage = ReviewStageFactory(
        call=call, instructions="Notez chaque critère et dites pourquoi en une phrase."
    )
    expert = UserFactory(email="ines@cabinet-conseil.fr", full_name="Inès Experte")
    invitation = invite(
        call=call,
        actor=staff,
        email=expert.email,
        full_name=expert.full_name,
        role=FundRole.REVIEWER,
    )
    base = live_server.url

    # The invitation link, signed out: it says what the role is and how to accept.
    page.goto(f"{base}/expertise/invitations/{invitation.token}/")
    axe_check(page, "invitation, signed out")
    page.locator("main").get_by_role("link", name="Se connecter").click()
    page.fill("input[name=login]", expert.email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(rf"/expertise/invitations/{invitation.token}/$"))
    axe_check(page, "accept invitation")

    # Accepting asks for the organisation and the département, nothing more.
    form = page.locator("main form[method=post]").last
    names = form.locator("input:not([type=hidden]), select, textarea").evaluate_all(
        "els => els.map(el => el.name)"
    )
    assert names == ["organisation_name", "organisation_departement"]
    page.get_by_label("Votre organisme").fill("Cabinet Conseil Public")
    page.get_by_role("button", name="Accepter l'invitation").click()
    page.wait_for_url(f"{base}/expertise/")
    assert "Vous faites maintenant partie des experts de « Sixième appel »." in unescape(
        page.content()
    )
    axe_check(page, "reviewer home, nothing assigned")
    assert Invitation.objects.get(pk=invitation.pk).status == "accepted"

    # Staff give the three dossiers to the expert (another screen's job).
    for dossier in dossiers:
        assign(stage=stage, application=dossier, reviewer=expert, actor=staff)

    page.reload()
    # French writes "0 évaluation rendue"; the source catalogue may pluralise it.
    assert re.fullmatch(r"0 évaluations? rendues? sur 3", page.locator(".rv-progress").inner_text())
    assert page.locator(".rv-dossiers a").all_inner_texts() == TITLES
    axe_check(page, "reviewer home")

    # First dossier: a draft saved once, a submission refused for a missing note, then done.
    page.get_by_role("link", name=TITLES[0]).click()
    assert page.get_by_role("heading", level=1).inner_text() == TITLES[0]
    assert "Notez chaque critère et dites pourquoi en une phrase." in unescape(page.content())
    axe_check(page, "dossier 1")
    _score(
        page,
        {"Dimension collective": "3"},
        {"Dimension collective": "Trois services construisent le projet ensemble."},
    )
    click_and_wait(page, page.get_by_role("button", name="Enregistrer le brouillon"))
    assert "Votre brouillon est enregistré." in unescape(page.content())
    assert page.locator(".rv-meta").get_by_text("Brouillon").is_visible()
    axe_check(page, "dossier 1: draft")
    review = Review.objects.get(assignment__application=dossiers[0])
    assert review.status == ReviewStatus.DRAFT
    assert (
        page.get_by_role("group", name="Dimension collective")
        .get_by_label("3", exact=True)
        .is_checked()
    )

    click_and_wait(page, page.get_by_role("button", name="Rendre l'évaluation"))
    # expect() waits: right after the click the page may be between two documents
    expect(page).to_have_title(re.compile(r"^Erreur\s:"))
    assert "Donnez une note pour « Caractère inspirant »." in unescape(page.content())
    axe_check(page, "dossier 1: missing note")
    assert page.get_by_label("Commentaire sur « Dimension collective »").input_value() == (
        "Trois services construisent le projet ensemble."
    )
    _score(page, {"Caractère inspirant": "4"}, {"Caractère inspirant": "À reproduire ailleurs."})
    page.get_by_label("Commentaire général pour l'équipe du fonds").fill("Un dossier solide.")
    _submit(page, axe_check, "dossier 1")

    # Second dossier, on a phone.
    click_and_wait(page, page.get_by_role("link", name="Dossier suivant"))
    page.set_viewport_size({"width": 375, "height": 800})
    assert page.get_by_role("heading", level=1).inner_text() == TITLES[1]
    _fits(page, 375)
    axe_check(page, "dossier 2 on a phone")
    _score(
        page,
        {"Dimension collective": "2", "Caractère inspirant": "1"},
        {"Caractère inspirant": "L'idée existe déjà dans d'autres communes."},
    )
    # The note's box is the label's target: a tap anywhere on it ticks the note.
    box = page.get_by_role("group", name="Dimension collective").locator(".choice").nth(4)
    assert box.bounding_box()["height"] >= 44
    box.click(position={"x": 4, "y": 4})
    assert (
        page.get_by_role("group", name="Dimension collective")
        .get_by_label("4", exact=True)
        .is_checked()
    )
    _submit(page, axe_check, "dossier 2 on a phone")
    _fits(page, 375)

    # Third dossier, back on a wide screen; then the list says all is done.
    page.set_viewport_size({"width": 1280, "height": 900})
    click_and_wait(page, page.get_by_role("link", name="Dossier suivant"))
    assert page.get_by_role("heading", level=1).inner_text() == TITLES[2]
    _score(page, {"Dimension collective": "1", "Caractère inspirant": "2"}, {})
    # leaving with scores not yet sent asks first; staying keeps them
    dialogs = []
    page.once("dialog", lambda dialog: (dialogs.append(dialog.type), dialog.dismiss()))
    page.get_by_role("link", name="Retour à mes évaluations").click()
    assert dialogs == ["beforeunload"]
    assert page.get_by_role("heading", level=1).inner_text() == TITLES[2]
    assert (
        page.get_by_role("group", name="Caractère inspirant").get_by_label("2", exact=True)
    ).is_checked()
    _submit(page, axe_check, "dossier 3")
    assert page.get_by_role("link", name="Dossier suivant").count() == 0
    page.get_by_role("link", name="Retour à mes évaluations").click()
    page.wait_for_url(f"{base}/expertise/")
    assert "3 évaluations rendues sur 3" in unescape(page.content())
    assert page.locator(".rv-dossiers .tag").all_inner_texts() == ["Rendue"] * 3
    axe_check(page, "reviewer home, all done")

    reviews = {
        r.assignment.application.title: r
        for r in Review.objects.select_related("assignment__application").prefetch_related(
            "scores__criterion"
        )
    }
    assert all(r.status == ReviewStatus.SUBMITTED for r in reviews.values())
    notes = {
        title: {s.criterion.label: s.value for s in review.scores.all()}
        for title, review in reviews.items()
    }
    assert notes == {
        TITLES[0]: {"Dimension collective": 3, "Caractère inspirant": 4},
        TITLES[1]: {"Dimension collective": 4, "Caractère inspirant": 1},
        TITLES[2]: {"Dimension collective": 1, "Caractère inspirant": 2},
    }
    assert reviews[TITLES[0]].comment == "Un dossier solide."
