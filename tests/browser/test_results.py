"""Programme staff announce a call's results in Chromium: they write the laureates' message
with placeholders and preview it, prepare a mailing to the laureate they choose, check it
(nothing is sent yet), confirm it, then publish the results; visitors find the laureates
from the call's page — with axe-core checking every page of the path."""

import datetime as dt
import re
from html import unescape

import pytest
from django.core import mail
from django.utils import timezone

from essaim.applications.enums import ApplicationState
from essaim.review.enums import DecisionKind, MailingStatus
from essaim.review.models import Mailing
from essaim.review.services.decisions import record_decision

from ..factories import (
    ApplicationFactory,
    CallFactory,
    FundFactory,
    FundMembershipFactory,
    UserFactory,
    shortlisted,
)
from .navigation import click_and_wait

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "motdepasse-solide-42"  # UserFactory's


def _log_in(page, base: str, email: str):
    page.goto(f"{base}/compte/login/")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", PASSWORD)
    click_and_wait(page, page.locator("main form button[type=submit]"))


def test_staff_announce_and_publish_the_results(live_server, page, axe_check):
    fund = FundFactory(
        slug="mnt", name="Fonds MNT", reference_prefix="MNT", contact_email="fonds@mnt.fr"
    )
    call = CallFactory(fund=fund, slug="2024-6", year=2024, edition=6, title="Sixième appel")
    staff = FundMembershipFactory(
        fund=fund, user=UserFactory(email="equipe@fonds-mnt.fr", full_name="Sophie Équipe")
    ).user
    teams = {
        "Un accueil qui répond": ("agnes@pessac.fr", "Agnès Dupont", "Commune de Pessac"),
        "Le guichet partagé": ("marc@grand-dax.fr", "Marc Lebon", "Grand Dax"),
        "La borne de rendez-vous": ("lea@reze.fr", "Léa Martin", "Ville de Rezé"),
    }
    dossiers = {}
    for title, (email, name, organisation) in teams.items():
        dossiers[title] = shortlisted(
            ApplicationFactory(
                call=call,
                created_by=UserFactory(email=email, full_name=name),
                complete=True,
                ready=True,
                title=title,
                organisation_name=organisation,
            ),
            actor=staff,
        )
    for title, outcome, reason in (
        ("Un accueil qui répond", ApplicationState.LAUREATE, ""),
        ("Le guichet partagé", ApplicationState.LAUREATE, ""),
        ("La borne de rendez-vous", ApplicationState.NOT_SELECTED, "D'autres projets, plus mûrs."),
    ):
        record_decision(
            application=dossiers[title],
            kind=DecisionKind.JURY,
            outcome=outcome,
            actor=staff,
            reason=reason,
        )
    # The call closed before its jury met.
    call.closes_at = timezone.now() - dt.timedelta(days=1)
    call.save(update_fields=["closes_at"])
    mail.outbox.clear()  # the receipts of the submissions
    first = dossiers["Un accueil qui répond"]
    base = live_server.url

    _log_in(page, base, staff.email)
    page.goto(f"{base}/gestion/appels/{call.pk}/")
    page.get_by_role("link", name="Messages de décision").click()
    page.wait_for_url(re.compile(r"/messages-de-decision/$"))
    axe_check(page, "decision messages")
    overview_url = page.url

    # The laureates' template: placeholders, a preview that saves and sends nothing, then saved.
    page.get_by_role("link", name="Modifier le modèle — Lauréat", exact=True).click()
    page.wait_for_url(re.compile(r"/laureate/modele/$"))
    axe_check(page, "laureate template")
    page.get_by_label("Objet").fill("Votre projet {reference} est lauréat")
    page.get_by_label("Message").fill(
        "Bonjour {porteur},\n\nLe jury de l'appel « {appel} » a retenu « {titre} ».\n\n{fonds}"
    )
    click_and_wait(page, page.get_by_role("button", name="Prévisualiser", exact=True))
    preview = page.locator("section[aria-labelledby=preview-title]")
    assert "Rien n'est enregistré ni envoyé." in preview.inner_text()
    assert "Le jury de l'appel « Sixième appel » a retenu « " in preview.inner_text()
    assert "{titre}" not in preview.inner_text()
    assert page.get_by_label("Message").input_value().startswith("Bonjour {porteur},")
    axe_check(page, "laureate template preview")
    assert not mail.outbox
    page.get_by_role("button", name="Enregistrer le modèle").click()
    page.wait_for_url(overview_url)
    assert "Le modèle « Lauréat » est enregistré." in unescape(page.content())

    # A mailing to one of the two laureates: chosen, checked, nothing sent before confirming.
    page.get_by_role("link", name="Préparer un envoi — Lauréat", exact=True).click()
    page.wait_for_url(re.compile(r"/laureate/envoi/$"))
    axe_check(page, "new mailing")
    boxes = page.get_by_role("group", name="Dossiers destinataires").get_by_role("checkbox")
    assert boxes.count() == 2 and all(boxes.nth(n).is_checked() for n in range(2))
    page.get_by_label(re.compile("Le guichet partagé")).uncheck()
    assert page.get_by_label("Objet").input_value() == "Votre projet {reference} est lauréat"
    page.get_by_role("button", name="Prévisualiser l'envoi").click()
    page.wait_for_url(re.compile(r"/envois/\d+/$"))
    mailing_url = page.url
    assert "Vous allez envoyer 1 message « Lauréat »." in unescape(page.content())
    message = page.locator(".bo-mail").first
    assert "agnes@pessac.fr" in message.inner_text()
    assert f"Votre projet {first.reference} est lauréat" in message.inner_text()
    assert "Bonjour Agnès Dupont," in message.inner_text()
    assert "Le guichet partagé" not in page.locator("#recipients ~ div table").inner_text()
    axe_check(page, "mailing check")
    assert not mail.outbox
    assert Mailing.objects.get().status == MailingStatus.DRAFT

    page.get_by_role("button", name="Confirmer et envoyer 1 message").click()
    page.wait_for_url(mailing_url)
    assert "L'envoi est confirmé" in unescape(page.content())
    assert page.locator("tbody .tag").all_inner_texts() == ["Envoyé"]
    axe_check(page, "mailing log")
    assert [m.to for m in mail.outbox] == [["agnes@pessac.fr"]]
    assert first.reference in mail.outbox[0].subject
    assert "a retenu « Un accueil qui répond »" in mail.outbox[0].body

    # Publishing: the page restates what it does and what is not announced yet.
    page.goto(f"{base}/gestion/appels/{call.pk}/")
    page.get_by_role("link", name="Publication des résultats").click()
    page.wait_for_url(re.compile(r"/resultats/$"))
    # The other laureate and the dossier not selected.
    assert "2 décisions du jury n'ont pas encore été annoncées par message." in unescape(
        page.content()
    )
    axe_check(page, "results before publication")
    click_and_wait(page, page.get_by_role("button", name="Publier les résultats"))
    assert "Les résultats sont publiés : la page des lauréats est en ligne." in unescape(
        page.content()
    )
    axe_check(page, "results published")

    # Visitors: from the call's page to its laureates, and only its laureates.
    visitor = page.context.browser.new_context(locale="fr-FR", timezone_id="Europe/Paris")
    public = visitor.new_page()
    public.goto(f"{base}/fonds/mnt/appels/2024-6/")
    axe_check(public, "public call page with results")
    public.get_by_role("link", name="Voir les lauréats").click()
    public.wait_for_url(re.compile(r"/fonds/mnt/appels/2024-6/resultats/$"))
    assert public.get_by_role("heading", level=1).inner_text() == "Résultats — Sixième appel"
    assert sorted(public.locator(".card h3").all_inner_texts()) == [
        "Le guichet partagé",
        "Un accueil qui répond",
    ]
    assert "La borne de rendez-vous" not in public.content()
    assert "parmi 3 dossiers reçus" in public.content()
    axe_check(public, "public results")
    public.set_viewport_size({"width": 320, "height": 800})
    assert public.evaluate("document.documentElement.scrollWidth") <= 320
    visitor.close()
