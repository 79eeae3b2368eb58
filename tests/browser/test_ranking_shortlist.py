"""Programme staff read the first selection's ranking in Chromium: they sort it, filter the
strong disagreements, download it as CSV, then shortlist two dossiers and turn one down with
its reason, each decision confirmed on its own page — with axe-core checking every page."""

import csv
import io
import re
from html import unescape

import pytest
from playwright.sync_api import expect

from essaim.applications.enums import ApplicationState
from essaim.applications.models import Application
from essaim.funds.enums import FundRole
from essaim.review.enums import DecisionKind
from essaim.review.models import Decision
from essaim.review.services.assignment import assign
from essaim.review.services.decisions import record_decision
from essaim.review.services.reviews import save_review

from ..factories import (
    ApplicationFactory,
    CallFactory,
    CallMembershipFactory,
    FundFactory,
    FundMembershipFactory,
    ReviewStageFactory,
    UserFactory,
    submitted_for_real,
)
from .navigation import click_and_wait

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "motdepasse-solide-42"  # UserFactory's
# title -> each reviewer's notes (Dimension collective, weight 2; Caractère inspirant, weight 1)
NOTES = {
    "Un accueil qui répond": [(4, 4), (4, 3)],  # mean 19.17 /20
    "Le guichet partagé": [(4, 4), (0, 0)],  # mean 10, the reviewers disagree
    "La borne de rendez-vous": [(2, 2), (2, 1)],  # mean 9.17
    "Le carnet de bord": [(1, 0), (1, 1)],  # mean 4.17
}
BY_MEAN = list(NOTES)


def _log_in(page, base: str, email: str):
    page.goto(f"{base}/compte/login/")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", PASSWORD)
    click_and_wait(page, page.locator("main form button[type=submit]"))


def _titles(page) -> list[str]:
    return page.locator("table.bo-ranking tbody .bo-ranking__project a").all_inner_texts()


def _confirm(page, axe_check, label: str, references: list[str]):
    assert page.get_by_role("heading", level=1).inner_text() == "Confirmer la décision"
    rows = page.locator("main table tbody tr td:first-child").all_inner_texts()
    assert rows == references
    axe_check(page, label)
    click_and_wait(page, page.get_by_role("button", name="Confirmer la décision"))


def test_staff_rank_filter_export_and_shortlist(live_server, page, axe_check, tmp_path):
    fund = FundFactory(slug="mnt", name="Fonds MNT", reference_prefix="MNT")
    call = CallFactory(fund=fund, slug="2024-6", year=2024, edition=6, title="Sixième appel")
    staff = FundMembershipFactory(
        fund=fund, user=UserFactory(email="equipe@fonds-mnt.fr", full_name="Sophie Équipe")
    ).user
    stage = ReviewStageFactory(call=call)
    reviewers = [UserFactory(email=f"expert{n}@cabinet-exemple.fr") for n in (1, 2)]
    for reviewer in reviewers:
        CallMembershipFactory(call=call, user=reviewer, role=FundRole.REVIEWER)
    criteria = list(stage.criteria.all())
    dossiers = {}
    for title, notes in NOTES.items():
        dossier = submitted_for_real(
            ApplicationFactory(call=call, complete=True, ready=True, title=title)
        )
        record_decision(
            application=dossier,
            kind=DecisionKind.ELIGIBILITY,
            outcome=ApplicationState.ELIGIBLE,
            actor=staff,
        )
        for reviewer, values in zip(reviewers, notes, strict=True):
            save_review(
                assignment=assign(stage=stage, application=dossier, reviewer=reviewer, actor=staff),
                scores={c.pk: (v, "") for c, v in zip(criteria, values, strict=True)},
                comment="",
                comment_for_applicant="",
                submit=True,
                actor=reviewer,
            )
        dossiers[title] = dossier
    reference = {title: dossier.reference for title, dossier in dossiers.items()}
    base = live_server.url

    _log_in(page, base, staff.email)
    page.goto(f"{base}/gestion/appels/{call.pk}/")
    page.get_by_role("link", name="Classement — Première sélection").click()
    page.wait_for_url(re.compile(rf"/evaluation/etapes/{stage.pk}/classement/$"))
    assert page.get_by_role("heading", level=2, name="4 dossiers").is_visible()
    axe_check(page, "ranking")
    ranking_url = page.url

    # Sort by mean, highest first, then lowest first.
    mean_header = page.locator("table.bo-ranking thead").get_by_role("link", name="Moyenne /20")
    mean_header.click()
    page.wait_for_url(re.compile(r"\?tri=-moyenne$"))
    assert _titles(page) == BY_MEAN
    assert page.locator("th[aria-sort=descending]").inner_text().startswith("Moyenne")
    axe_check(page, "ranking sorted by mean")
    mean_header.click()
    page.wait_for_url(re.compile(r"\?tri=moyenne$"))
    assert _titles(page) == BY_MEAN[::-1]

    # Only the strong disagreements: the sort stays, the count says "1 of 4".
    page.get_by_label("Seulement les désaccords").check()
    click_and_wait(page, page.get_by_role("button", name="Filtrer", exact=True))
    assert "desaccord=on" in page.url and "tri=moyenne" in page.url
    assert _titles(page) == ["Le guichet partagé"]
    assert page.locator("#results-count").inner_text() == "1 dossier sur 4"
    assert page.locator("table.bo-ranking tbody").get_by_text("Désaccord").is_visible()
    axe_check(page, "ranking filtered")
    click_and_wait(page, page.get_by_role("link", name="Effacer les filtres"))
    assert _titles(page) == BY_MEAN[::-1]

    # The CSV export: same rows, same order, ready for a French Excel.
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Télécharger ce classement (CSV pour Excel)").click()
    download = download_info.value
    assert download.suggested_filename == "classement-MNT-2024-06-first_selection.csv"
    path = tmp_path / "classement.csv"
    download.save_as(path)
    raw = path.read_bytes()
    assert raw.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:3] == ["Rang", "Référence", "Titre du projet"]
    assert [row[2] for row in rows[1:]] == BY_MEAN[::-1]
    assert rows[1][7] == "4,17"  # decimal commas

    # Shortlist the two best: tick, choose, confirm on a page that restates the decision.
    page.goto(ranking_url)
    for title in ("Un accueil qui répond", "La borne de rendez-vous"):
        page.get_by_label(f"Cocher le dossier {reference[title]}").check()
    click_and_wait(page, page.get_by_role("button", name="Présélectionner", exact=True))
    _confirm(
        page,
        axe_check,
        "shortlist confirmation",
        sorted([reference["Un accueil qui répond"], reference["La borne de rendez-vous"]]),
    )
    assert "2 dossiers présélectionnés." in unescape(page.content())
    assert page.get_by_label(f"Cocher le dossier {reference['Un accueil qui répond']}").count() == 0
    axe_check(page, "ranking after shortlist")

    # Turn one down: without a reason the page says so beside the field, the tick stays.
    low = reference["Le carnet de bord"]
    page.get_by_label(f"Cocher le dossier {low}").check()
    click_and_wait(page, page.get_by_role("button", name="Ne pas présélectionner"))
    # expect() waits: right after the click the page may be between two documents
    expect(page).to_have_title(re.compile(r"^Erreur\s:"))
    assert page.locator(".error-summary").is_visible()
    assert page.get_by_label(f"Cocher le dossier {low}").is_checked()
    axe_check(page, "not shortlisted without reason")
    page.get_by_label("Motif communiqué aux équipes").fill(
        "Le projet associe un seul service ; l'appel demande une démarche collective."
    )
    page.get_by_label("Note interne").fill("Revu en réunion d'équipe le 3 mai.")
    click_and_wait(page, page.get_by_role("button", name="Ne pas présélectionner"))
    assert "Le projet associe un seul service" in unescape(page.content())
    _confirm(page, axe_check, "not shortlisted confirmation", [low])
    assert "1 dossier non présélectionné." in unescape(page.content())
    axe_check(page, "ranking after decisions")

    states = {title: Application.objects.get(pk=d.pk).state for title, d in dossiers.items()}
    assert states == {
        "Un accueil qui répond": ApplicationState.SHORTLISTED,
        "Le guichet partagé": ApplicationState.ELIGIBLE,
        "La borne de rendez-vous": ApplicationState.SHORTLISTED,
        "Le carnet de bord": ApplicationState.NOT_SHORTLISTED,
    }
    refusal = Decision.objects.get(
        application=dossiers["Le carnet de bord"], kind=DecisionKind.SHORTLIST
    )
    assert refusal.reason.startswith("Le projet associe un seul service")
    assert refusal.internal_note == "Revu en réunion d'équipe le 3 mai."
    assert refusal.decided_by == staff
