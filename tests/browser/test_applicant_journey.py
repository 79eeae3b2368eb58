"""A new agent signs up, writes a dossier, attaches a PDF, gets their supervisor's support
through the e-mailed link, submits and downloads the receipt — in Chromium, with axe-core
checking every page of the path."""

import re
from html import unescape

import pytest
from django.core import mail

from ..factories import CallFactory, FundFactory
from .navigation import click_and_wait

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MINIMAL_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


def _link_in_last_mail(pattern: str) -> str:
    body = mail.outbox[-1].body
    match = re.search(pattern, body)
    assert match, body
    return match.group(0)


def test_new_applicant_goes_from_sign_up_to_receipt(live_server, page, browser, axe_check):
    from essaim.territory.importer import import_referential
    from essaim.territory.snapshot import load_snapshot, subset

    import_referential(subset(load_snapshot(), {"33"}))
    fund = FundFactory(slug="mnt", name="Fonds MNT", reference_prefix="MNT")
    call = CallFactory(
        fund=fund, slug="2024-6", year=2024, edition=6, title="Sixième appel à projets"
    )
    base = live_server.url

    # The call page, then sign-up.
    page.goto(f"{base}{call.get_absolute_url()}")
    axe_check(page, "call page")
    page.goto(f"{base}/compte/signup/")
    axe_check(page, "sign-up")
    page.fill("input[name=full_name]", "Agnès Dupont")
    page.fill("input[name=job_title]", "Responsable de l'accueil")
    page.fill("input[name=email]", "agnes.dupont@mairie-exemple.fr")
    page.fill("input[name=password1]", "un-mot-de-passe-solide-2026")
    page.fill("input[name=password2]", "un-mot-de-passe-solide-2026")
    click_and_wait(page, page.locator("main form button[type=submit]"))
    axe_check(page, "verification sent")

    # The e-mail verification link signs the person in.
    page.goto(_link_in_last_mail(r"http://[^\s]+/compte/confirm-email/[^\s]+"))
    axe_check(page, "confirm e-mail")
    click_and_wait(page, page.locator("main form button[type=submit]"))

    # Start a dossier.
    page.goto(f"{base}/fonds/mnt/appels/2024-6/candidater/")
    axe_check(page, "start")
    page.fill("input[name=title]", "Un accueil téléphonique qui répond")
    page.get_by_role("button", name="Commencer le dossier").click()
    page.wait_for_url(re.compile(r"/dossiers/\d+/$"))
    axe_check(page, "task list")
    dossier_url = page.url

    click_and_wait(page, page.get_by_role("link", name="Organisme"))
    axe_check(page, "organisation section")
    # The body is chosen in the official referential through the combobox.
    combobox = page.get_by_role("combobox", name="Organisme qui porte le projet")
    combobox.fill("pessac")
    page.get_by_role("option", name="Pessac Commune · Gironde (33) · 33600").wait_for()
    combobox.press("ArrowDown")
    combobox.press("Enter")
    assert combobox.input_value() == "Pessac (33)"
    page.get_by_role("button", name="Enregistrer et revenir au dossier").click()
    page.wait_for_url(dossier_url)

    page.get_by_role("link", name="Le problème").click()
    page.get_by_label("Repenser l'accueil des usagers").check()
    page.fill(
        "textarea[name=problem]", "Un appel sur trois reste sans réponse aux heures de pointe."
    )
    page.fill("textarea[name=users_concerned]", "Les habitants qui appellent la mairie.")
    # The character count follows the typing (the server's text says the maximum).
    count = page.locator("[data-count-for=id_problem]")
    assert "Il vous reste" in count.inner_text()
    # Autosave (htmx) announces the time it saved at.
    page.get_by_role("status").filter(has_text="Enregistré à").wait_for()
    # autosaved: the way back no longer says it leaves without saving
    assert page.get_by_role("link", name="Revenir au dossier").is_visible()
    axe_check(page, "problem section")
    page.get_by_role("button", name="Enregistrer et revenir au dossier").click()

    page.get_by_role("link", name="L'idée").click()
    page.fill("textarea[name=idea]", "Repenser le standard avec les agents et des designers.")
    page.get_by_label("Une idée à construire").check()
    page.get_by_role("button", name="Enregistrer et revenir au dossier").click()

    page.get_by_role("link", name="Impact").click()
    page.fill("textarea[name=effect_on_agents]", "Moins d'appels agressifs.")
    page.fill("textarea[name=effect_on_users]", "Une réponse à chaque appel.")
    page.fill("textarea[name=collective_dimension]", "Accueil, informatique et élus ensemble.")
    page.fill("textarea[name=reproducibility]", "Toute mairie avec un standard.")
    page.get_by_role("button", name="Enregistrer et revenir au dossier").click()

    # Attach a PDF.
    click_and_wait(page, page.get_by_role("link", name="Pièces jointes"))
    axe_check(page, "attachments")
    page.set_input_files(
        "input[type=file]",
        files=[{"name": "note.pdf", "mimeType": "application/pdf", "buffer": MINIMAL_PDF}],
    )
    page.locator("main form[enctype='multipart/form-data'] button[type=submit]").click()
    page.get_by_text("note.pdf").first.wait_for()
    page.goto(dossier_url)

    # Ask for the supervisor's support.
    click_and_wait(page, page.get_by_role("link", name="Soutien hiérarchique"))
    axe_check(page, "support")
    page.fill("input[name=supervisor_name]", "Claire Martin")
    page.fill("input[name=supervisor_function]", "Directrice générale des services")
    page.fill("input[name=supervisor_email]", "dgs@mairie-exemple.fr")
    click_and_wait(page, page.locator("main form button[type=submit]").first)
    support_link = _link_in_last_mail(r"http://[^\s]+/soutien/[^\s]+")

    # The supervisor answers without an account, in their own browser.
    supervisor = browser.new_context(locale="fr-FR")
    supervisor_page = supervisor.new_page()
    supervisor_page.goto(support_link)
    axe_check(supervisor_page, "supervisor page")
    click_and_wait(
        supervisor_page, supervisor_page.get_by_role("button", name=re.compile("Confirmer"))
    )
    assert "Vous avez confirmé votre soutien" in unescape(supervisor_page.content())
    supervisor.close()

    # Check, declare, submit.
    page.goto(dossier_url)
    click_and_wait(page, page.get_by_role("link", name="Vérifier et déposer le dossier"))
    axe_check(page, "check answers")
    page.get_by_label(re.compile("Je certifie")).check()
    page.get_by_role("button", name="Déposer le dossier").click()
    page.wait_for_url(re.compile(r"/depose/$"))
    axe_check(page, "confirmation")
    reference = page.locator(".panel__reference").inner_text()
    assert reference == "MNT-2024-06-0001"

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Télécharger le récépissé (PDF)").click()
    download = download_info.value
    assert download.suggested_filename == "recepisse-MNT-2024-06-0001.pdf"
    with open(download.path(), "rb") as handle:
        assert handle.read(4) == b"%PDF"

    page.goto(f"{base}/mes-dossiers/")
    axe_check(page, "my applications")
    assert "Déposé" in unescape(page.content())
