"""Programme staff run a jury session in Chromium: they create it, seat its members, note
who is present, decide on three shortlisted dossiers (one laureate, one on the waiting
list, one not selected with its reason), close the session and download its minutes —
with axe-core checking every page of the path."""

import re
import shutil
import subprocess
from html import unescape

import pytest
from playwright.sync_api import expect

from essaim.applications.enums import ApplicationState
from essaim.funds.enums import FundRole

from ..factories import (
    ApplicationFactory,
    AssignmentFactory,
    CallFactory,
    CallMembershipFactory,
    FundFactory,
    FundMembershipFactory,
    ReviewStageFactory,
    UserFactory,
    scored,
    submitted,
)
from .navigation import click_and_wait

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "motdepasse-solide-42"  # UserFactory's


def _log_in(page, base: str, email: str):
    page.goto(f"{base}/compte/login/")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", PASSWORD)
    click_and_wait(page, page.locator("main form button[type=submit]"))


def _decide(page, axe_check, pk: int, outcome: str, reason: str = ""):
    section = page.locator(f"#dossier-{pk}")
    section.get_by_label(outcome, exact=True).check()
    if reason:
        section.get_by_label("Motif communiqué à l'équipe").fill(reason)
    click_and_wait(page, section.get_by_role("button", name="Enregistrer la décision"))


def _confirm(page, axe_check, label: str):
    assert page.get_by_role("heading", level=1).inner_text() == "Confirmer la décision du jury"
    axe_check(page, label)
    click_and_wait(page, page.get_by_role("button", name="Confirmer la décision"))


def test_staff_run_a_jury_session_to_its_minutes(live_server, page, axe_check, tmp_path):
    fund = FundFactory(slug="mnt", name="Fonds MNT", reference_prefix="MNT")
    call = CallFactory(fund=fund, slug="2024-6", year=2024, edition=6, title="Sixième appel")
    call.max_laureates = 4
    call.save(update_fields=["max_laureates"])
    staff = FundMembershipFactory(
        fund=fund, user=UserFactory(email="equipe@fonds-mnt.fr", full_name="Sophie Équipe")
    ).user
    juror = UserFactory(email="jure@jury.fr", full_name="Jules Juré")
    CallMembershipFactory(call=call, user=juror, role=FundRole.JUROR)
    titles = ["Un accueil qui répond", "Le guichet partagé", "La borne de rendez-vous"]
    dossiers = [
        submitted(
            ApplicationFactory(call=call, complete=True, title=title),
            state=ApplicationState.SHORTLISTED,
        )
        for title in titles
    ]
    stage = ReviewStageFactory(call=call, kind="jury")
    for dossier, values in zip(dossiers, ([4, 4], [3, 2], [1, 1]), strict=True):
        scored(
            AssignmentFactory(stage=stage, application=dossier, reviewer=UserFactory()),
            values,
            comment=f"Avis sur « {dossier.title} ».",
        )
    laureate, waitlisted, refused = dossiers
    base = live_server.url

    _log_in(page, base, staff.email)
    page.goto(f"{base}/gestion/appels/{call.pk}/")
    click_and_wait(page, page.get_by_role("link", name="Séances du jury"))
    axe_check(page, "sessions")

    # A new session: the three shortlisted dossiers are put before it.
    click_and_wait(page, page.get_by_role("link", name="Nouvelle séance"))
    axe_check(page, "new session")
    page.get_by_label("Intitulé de la séance").fill("Jury final du sixième appel")
    page.get_by_label("Date et heure").fill("2024-11-05T14:00")
    page.get_by_label("Lieu").fill("Paris, siège de la MNT")
    page.get_by_role("button", name="Créer la séance").click()
    page.wait_for_url(re.compile(r"/gestion/jury/\d+/$"))
    axe_check(page, "deliberation, empty")
    deliberation_url = page.url
    assert "3 dossiers présentés" in page.get_by_role("heading", level=2).all_inner_texts()

    # Members: the juror chairs, the staff member sits.
    click_and_wait(page, page.get_by_role("link", name="Choisir les membres").first)
    axe_check(page, "members")
    page.locator(f"#candidate-{juror.pk}").get_by_label("Siège à cette séance").check()
    page.locator(f"#candidate-{juror.pk}").get_by_label("Qualité").fill("Maire de Pessac")
    page.locator(f"#candidate-{staff.pk}").get_by_label("Siège à cette séance").check()
    page.locator("#id_chair").get_by_label("Jules Juré").check()
    click_and_wait(page, page.get_by_role("button", name="Enregistrer les membres"))
    assert "Les membres de la séance sont enregistrés." in unescape(page.content())

    # The dossiers are listed by ranking, each reachable from the list.
    links = page.get_by_role("navigation", name="Dossiers de la séance").get_by_role("link")
    assert [t.split(" — ")[-1] for t in links.all_inner_texts()] == titles
    links.nth(1).click()
    assert page.url.endswith(f"#dossier-{waitlisted.pk}")

    # Attendance.
    page.locator(f"#id_member_{juror.pk}").get_by_label("Présent", exact=True).check()
    page.locator(f"#id_member_{staff.pk}").get_by_label("Présent", exact=True).check()
    click_and_wait(page, page.get_by_role("button", name="Enregistrer les présences"))
    axe_check(page, "deliberation with members")

    # Three decisions, each confirmed on its own page.
    _decide(page, axe_check, laureate.pk, "Lauréat")
    _confirm(page, axe_check, "confirm laureate")
    assert page.url.endswith(f"#dossier-{laureate.pk}")
    assert "Lauréats désignés : 1 sur 4 au plus." in unescape(page.content())

    _decide(page, axe_check, waitlisted.pk, "Sur liste d'attente")
    _confirm(page, axe_check, "confirm waitlisted")

    # Not selected without a reason: the error is shown beside the field, then fixed.
    _decide(page, axe_check, refused.pk, "Non retenu")
    # expect() waits: right after the click the page may be between two documents
    expect(page).to_have_title(re.compile(r"^Erreur\s:"))
    axe_check(page, "decision error")
    assert page.locator(f"#id_d{refused.pk}-reason_error").is_visible()
    _decide(page, axe_check, refused.pk, "Non retenu", reason="L'idée existe déjà dans la commune.")
    _confirm(page, axe_check, "confirm not selected")
    axe_check(page, "deliberation with decisions")

    # Close the session.
    click_and_wait(page, page.get_by_role("link", name="Clore la séance"))
    axe_check(page, "close session")
    page.get_by_role("button", name="Clore la séance").click()
    page.wait_for_url(deliberation_url)
    assert "La séance est close." in unescape(page.content())
    axe_check(page, "held session")

    # The minutes.
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Télécharger le procès-verbal (PDF)").click()
    download = download_info.value
    assert download.suggested_filename == "proces-verbal-jury-mnt-2024-6-2024-11-05.pdf"
    if shutil.which("pdftotext") is None:
        return
    path = tmp_path / "minutes.pdf"
    download.save_as(path)
    text = " ".join(
        subprocess.run(
            ["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True
        )
        .stdout.decode("utf-8")
        .split()
    )
    assert "Jury final du sixième appel" in text and "Paris, siège de la MNT" in text
    assert "Jules Juré — président(e) de séance Maire de Pessac" in text
    assert "Sophie Équipe" in text
    assert "Lauréat" in text and "Sur liste d'attente" in text and "Non retenu" in text
    assert "L'idée existe déjà dans la commune." in text
    assert "Séance close le" in text
