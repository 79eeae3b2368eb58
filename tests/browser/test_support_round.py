"""Staff screen a dossier eligible, open a support round with feedback for it once it is
shortlisted; its team edits a section and submits a new version; staff read the diff
between the two versions and close the round — in Chromium, with axe-core checking every
page of the path."""

import datetime as dt
import re
from html import unescape

import pytest
from django.utils import timezone

from essaim.applications.enums import ApplicationState
from essaim.review.enums import DecisionKind
from essaim.review.services.decisions import record_decision

from ..factories import (
    ApplicationFactory,
    CallFactory,
    FundFactory,
    FundMembershipFactory,
    UserFactory,
    submitted_for_real,
)
from .navigation import click_and_wait

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "motdepasse-solide-42"  # UserFactory's


def _log_in(page, base: str, email: str):
    page.goto(f"{base}/compte/login/")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", PASSWORD)
    click_and_wait(page, page.locator("main form button[type=submit]"))


def test_staff_screen_support_and_compare_versions(live_server, page, browser, axe_check):
    fund = FundFactory(slug="mnt", name="Fonds MNT", reference_prefix="MNT")
    call = CallFactory(fund=fund, slug="2024-6", year=2024, edition=6, title="Sixième appel")
    call.eligibility_rules = "Porté par un agent public\nSoutien hiérarchique confirmé"
    call.save(update_fields=["eligibility_rules"])
    staff = FundMembershipFactory(
        fund=fund, user=UserFactory(email="equipe@fonds-mnt.fr", full_name="Sophie Équipe")
    ).user
    applicant = UserFactory(email="agnes@pessac.fr", full_name="Agnès Dupont")
    dossier = submitted_for_real(
        ApplicationFactory(
            call=call,
            created_by=applicant,
            complete=True,
            ready=True,
            title="Un accueil qui répond",
        )
    )
    base = live_server.url

    # Staff screen the dossier against the call's checklist.
    _log_in(page, base, staff.email)
    page.goto(f"{base}/gestion/appels/{call.pk}/")
    page.get_by_role("link", name="Recevabilité", exact=True).click()
    page.wait_for_url(re.compile(r"/recevabilite/$"))
    axe_check(page, "screening list")
    click_and_wait(page, page.get_by_role("link", name="Un accueil qui répond"))
    axe_check(page, "screening form")
    page.get_by_label("Porté par un agent public").check()
    page.get_by_label("Soutien hiérarchique confirmé").check()
    page.get_by_label("Recevable", exact=True).check()
    page.get_by_label("Note interne").fill("Conforme au règlement.")
    click_and_wait(page, page.get_by_role("button", name="Enregistrer la décision"))
    assert f"Le dossier {dossier.reference} est déclaré recevable." in unescape(page.content())
    axe_check(page, "screening list after decision")

    # The first selection shortlists it (another screen's job).
    record_decision(
        application=dossier,
        kind=DecisionKind.SHORTLIST,
        outcome=ApplicationState.SHORTLISTED,
        actor=staff,
    )

    # Staff open a support round with written feedback.
    page.goto(f"{base}/gestion/appels/{call.pk}/")
    click_and_wait(page, page.get_by_role("link", name="Appui aux équipes"))
    axe_check(page, "support rounds")
    click_and_wait(page, page.get_by_role("link", name="Ouvrir une session d'appui"))
    axe_check(page, "open round")
    page.get_by_label("Intitulé de la session").fill("Appui de printemps")
    page.get_by_label("Message à toutes les équipes").fill("Un rendez-vous par équipe en mai.")
    deadline = timezone.localtime(timezone.now() + dt.timedelta(days=10))
    page.get_by_label("Date limite des nouvelles versions").fill(
        deadline.strftime("%Y-%m-%dT%H:%M")
    )
    page.get_by_label(f"Retours à l'équipe du dossier {dossier.reference}").fill(
        "Dites-nous quels agents d'accueil testeront le prototype."
    )
    click_and_wait(page, page.get_by_role("button", name="Continuer"))
    axe_check(page, "open round confirmation")
    page.get_by_role("button", name="Ouvrir la session et prévenir les équipes").click()
    page.wait_for_url(re.compile(r"/appui/\d+/$"))
    round_url = page.url
    assert "1 équipe est prévenue par e-mail" in unescape(page.content())
    axe_check(page, "round detail")

    # The team reads the feedback, edits a section and submits a new version.
    team = browser.new_context(locale="fr-FR", timezone_id="Europe/Paris")
    team_page = team.new_page()
    _log_in(team_page, base, applicant.email)
    team_page.goto(f"{base}/dossiers/{dossier.pk}/")
    assert "Dites-nous quels agents d'accueil testeront le prototype." in unescape(
        team_page.content()
    )
    axe_check(team_page, "dossier in support")
    team_page.get_by_role("link", name="L'idée", exact=True).click()
    team_page.fill(
        "textarea[name=idea]",
        "Un accueil téléphonique repensé avec les agents d'accueil du centre social.",
    )
    team_page.get_by_role("button", name="Enregistrer et revenir au dossier").click()
    team_page.wait_for_url(re.compile(rf"/dossiers/{dossier.pk}/$"))
    click_and_wait(team_page, team_page.get_by_role("link", name="Déposer la nouvelle version"))
    axe_check(team_page, "new version check")
    team_page.get_by_label(re.compile("Je certifie")).check()
    team_page.get_by_role("button", name="Déposer la nouvelle version").click()
    team_page.wait_for_url(re.compile(rf"/dossiers/{dossier.pk}/$"))
    assert "La version 2 de votre dossier est déposée." in unescape(team_page.content())
    assert dossier.reference in unescape(team_page.content())
    axe_check(team_page, "dossier after new version")
    team.close()

    # Staff see the new version and the diff, then close the round.
    page.goto(round_url)
    assert "Version 2, déposée le" in unescape(page.content())
    page.get_by_role("link", name=re.compile("Comparer la version 1 et la version 2")).click()
    page.wait_for_url(re.compile(r"/versions/\?de=1&a=2$"))
    axe_check(page, "version diff")
    inserted = page.locator(".version-diff ins").all_inner_texts()
    assert any("centre social" in chunk for chunk in inserted)
    assert page.locator(".version-diff del").count() >= 1
    page.goto(round_url)
    click_and_wait(page, page.get_by_role("link", name="Clore la session"))
    axe_check(page, "close round confirmation")
    page.get_by_role("button", name="Clore la session").click()
    page.wait_for_url(round_url)
    assert "les dossiers sont de nouveau présélectionnés" in unescape(page.content())
    axe_check(page, "round closed")
    dossier.refresh_from_db()
    assert dossier.state == ApplicationState.SHORTLISTED
    assert dossier.versions.count() == 2
