"""A member of the fund's staff enters a paper dossier end to end ("dépôt accompagné"), in
Chromium, with axe-core on every page; then the applicant's pages print cleanly."""

import datetime as dt
import re
import subprocess
from html import unescape

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from essaim.applications.models import Application

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
SCAN = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


def _log_in(page, base: str, email: str):
    page.goto(f"{base}/compte/login/")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", PASSWORD)
    click_and_wait(page, page.locator("main form button[type=submit]"))


def test_staff_enter_a_paper_dossier_end_to_end(live_server, page, axe_check):
    from essaim.territory.importer import import_referential
    from essaim.territory.snapshot import load_snapshot, subset

    import_referential(subset(load_snapshot(), {"33"}))
    fund = FundFactory(slug="mnt", name="Fonds MNT", reference_prefix="MNT")
    # Closed two days ago: the dossier was posted on the closing day, entered afterwards.
    call = CallFactory(
        fund=fund,
        slug="2024-6",
        year=2024,
        edition=6,
        title="Sixième appel à projets",
        opens_at=timezone.now() - dt.timedelta(days=30),
        closes_at=timezone.now() - dt.timedelta(days=2),
    )
    staff = FundMembershipFactory(fund=fund, user=UserFactory(email="equipe@fonds-mnt.fr")).user
    base = live_server.url
    _log_in(page, base, staff.email)

    page.goto(f"{base}/gestion/appels/{call.pk}/")
    click_and_wait(page, page.get_by_role("link", name="Dépôt accompagné (dossier papier)"))
    axe_check(page, "assisted start")

    # A date after the closing day is refused, in French, and nothing typed is lost.
    page.get_by_label("Par courrier (dossier papier)").check()
    late = timezone.localdate(call.closes_at) + dt.timedelta(days=1)
    page.fill("input[name=received_on]", late.isoformat())
    page.fill("input[name=applicant_name]", "Denise Lambert")
    page.fill("input[name=applicant_job_title]", "Agente d'accueil")
    page.fill("input[name=applicant_email]", "denise.lambert@pessac.fr")
    page.fill("input[name=title]", "Un guichet unique à la mairie annexe")
    click_and_wait(page, page.get_by_role("button", name="Créer le dossier et saisir son contenu"))
    # expect() waits: right after the click the page may be between two documents
    expect(page).to_have_title(re.compile(r"^Erreur\s:"))
    page.get_by_role("alert").filter(has_text="après la clôture").wait_for()
    assert page.input_value("input[name=applicant_email]") == "denise.lambert@pessac.fr"
    axe_check(page, "assisted start with errors")

    page.fill("input[name=received_on]", timezone.localdate(call.closes_at).isoformat())
    page.get_by_role("button", name="Créer le dossier et saisir son contenu").click()
    page.wait_for_url(re.compile(r"/depot-accompagne/\d+/$"))
    axe_check(page, "assisted entry")
    # the applicant has no account: the team invitation went to her
    assert mail.outbox[-1].to == ["denise.lambert@pessac.fr"]

    combobox = page.get_by_role("combobox", name="Organisme qui porte le projet")
    combobox.fill("pessac")
    page.get_by_role("option", name="Pessac Commune · Gironde (33) · 33600").wait_for()
    combobox.press("ArrowDown")
    combobox.press("Enter")
    page.get_by_label("Repenser l'accueil des usagers").check()
    page.fill("textarea[name=problem]", "Les usagers font trois guichets pour une démarche.")
    page.fill("textarea[name=users_concerned]", "Les habitants du quartier nord.")
    page.fill("textarea[name=idea]", "Un guichet unique tenu par des agents polyvalents.")
    page.get_by_label("Une idée à construire").check()
    page.fill("textarea[name=effect_on_agents]", "Des agents formés à plusieurs démarches.")
    page.fill("textarea[name=effect_on_users]", "Une seule visite au lieu de trois.")
    page.fill("textarea[name=collective_dimension]", "L'accueil, l'état civil et le CCAS.")
    page.fill("textarea[name=reproducibility]", "Toute mairie annexe peut le faire.")
    page.fill("input[name=supervisor_name]", "Paul Girard")
    page.fill("input[name=supervisor_function]", "Directeur général des services")
    page.fill("input[name=supervisor_email]", "dgs@pessac.fr")
    page.get_by_role("button", name="Enregistrer et joindre les pièces").click()
    page.wait_for_url(re.compile(r"/pieces/$"))
    axe_check(page, "assisted files")

    page.set_input_files(
        "input[name=scan-file]",
        files=[{"name": "soutien-signe.pdf", "mimeType": "application/pdf", "buffer": SCAN}],
    )
    click_and_wait(page, page.get_by_role("button", name="Joindre le scan"))
    page.get_by_text("« soutien-signe.pdf » est joint au dossier.").wait_for()

    click_and_wait(page, page.get_by_role("link", name="Vérifier le dossier"))
    axe_check(page, "assisted check")
    assert "Il manque" not in unescape(page.content())
    page.get_by_label(re.compile("Je certifie avoir reporté fidèlement")).check()
    page.get_by_role("button", name="Déposer le dossier pour le porteur").click()
    page.wait_for_url(re.compile(r"/depose/$"))
    axe_check(page, "assisted done")
    assert page.locator(".panel__reference").inner_text() == "MNT-2024-06-0001"

    application = Application.objects.get(reference="MNT-2024-06-0001")
    assert application.submitted_on_behalf_by == staff
    assert application.organisation.name == "Pessac"
    assert mail.outbox[-1].to == ["denise.lambert@pessac.fr"]
    assert "MNT-2024-06-0001" in mail.outbox[-1].subject

    page.get_by_role("link", name="Voir le dossier").click()
    page.get_by_text("Dossier déposé par l'équipe du fonds (papier, reçu le").wait_for()
    axe_check(page, "back-office dossier")


def _print_text(page, path) -> str:
    page.emulate_media(media="print")
    page.pdf(path=str(path), format="A4", print_background=False)
    page.emulate_media(media="screen")
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True, text=True
    ).stdout


def test_applicant_pages_print_as_documents(live_server, page, tmp_path):
    fund = FundFactory(
        slug="mnt", name="Fonds MNT", reference_prefix="MNT", contact_email="fonds@mnt.fr"
    )
    call = CallFactory(fund=fund, slug="2024-6", year=2024, edition=6, title="Sixième appel")
    call.description = "Voir aussi https://www.fonds-mnt.fr/reglement pour le règlement."
    call.save(update_fields=["description"])
    applicant = UserFactory(email="alice@pessac.fr", full_name="Alice Martin")
    application = submitted_for_real(
        ApplicationFactory(
            call=call,
            created_by=applicant,
            complete=True,
            ready=True,
            title="Un accueil qui répond",
        )
    )
    base = live_server.url

    # The call page (public): the content, no menu or buttons.
    page.goto(f"{base}{call.get_absolute_url()}")
    page.get_by_role("link", name="Télécharger le formulaire vierge (PDF)").wait_for()
    text = _print_text(page, tmp_path / "call.pdf")
    assert "Sixième appel" in text and "Qui peut candidater" in text
    assert "Se connecter" not in text and "Aller au contenu" not in text
    assert "Déposer un dossier" not in text  # the buttons

    _log_in(page, base, applicant.email)
    # The dossier page.
    page.goto(f"{base}/dossiers/{application.pk}/")
    text = _print_text(page, tmp_path / "dossier.pdf")
    assert "Un accueil qui répond" in text and application.reference in text
    assert "Les usagers attendent longtemps au téléphone." in text
    assert "Mes dossiers" not in text and "Se déconnecter" not in text
    assert "Retirer ce dossier" not in text

    # The confirmation with the receipt.
    page.goto(f"{base}/dossiers/{application.pk}/depose/")
    text = _print_text(page, tmp_path / "receipt.pdf")
    assert application.reference in text and "Dossier déposé" in text
    assert "Télécharger le récépissé" not in text
