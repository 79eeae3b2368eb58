"""The legal notice, privacy notice and accessibility statement say what is true of this
deployment: values from the settings, the funds' retention periods, the real cookies."""

import pytest
from django.urls import reverse

from ..factories import FundFactory

pytestmark = pytest.mark.django_db


def _page(client, name: str) -> str:
    response = client.get(reverse(name))
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<h1") == 1
    assert "style=" not in html
    return html


def test_unconfigured_values_are_marked_to_be_completed_not_invented(client):
    html = _page(client, "public:legal")
    assert "[À compléter : dénomination de l'organisme éditeur" in html
    assert "[À compléter : nom, adresse et téléphone de l'hébergeur]" in html


def test_publisher_host_and_contacts_come_from_the_settings(client, settings):
    settings.ESSAIM_PUBLISHER_NAME = "Fonds de dotation de la MNT"
    settings.ESSAIM_PUBLISHER_ADDRESS = "4 rue d'Athènes, 75009 Paris"
    settings.ESSAIM_PUBLICATION_DIRECTOR = "Claire Dupont, directrice"
    settings.ESSAIM_CONTACT_EMAIL = "contact@essaim.example"
    settings.ESSAIM_HOST_NAME = "Hébergeur Exemple SAS"
    settings.ESSAIM_DPO_CONTACT = "dpo@essaim.example"
    settings.ESSAIM_MAIL_PROVIDER = "Envoi Exemple (France)"
    legal = _page(client, "public:legal")
    assert "Fonds de dotation de la MNT" in legal and "Claire Dupont, directrice" in legal
    assert "Hébergeur Exemple SAS" in legal
    assert 'href="mailto:contact@essaim.example"' in legal
    assert "[À compléter" not in legal
    privacy = _page(client, "public:privacy")
    assert "dpo@essaim.example" in privacy and "Envoi Exemple (France)" in privacy
    accessibility = _page(client, "public:accessibility")
    assert "Fonds de dotation de la MNT s'engage" in accessibility


def test_privacy_notice_lists_each_funds_retention_and_links_my_data(client):
    FundFactory(name="Fonds MNT", retention_months=36)
    FundFactory(name="DITP — appel à défis", retention_months=24)
    FundFactory(name="Fonds caché", retention_months=6, is_published=False)
    html = _page(client, "public:privacy")
    assert '<th scope="row">Fonds MNT</th>' in html and "36 mois" in html
    assert "DITP — appel à défis" in html and "24 mois" in html
    assert "Fonds caché" not in html
    assert f'href="{reverse("portal:personal_data")}"' in html
    for cookie in ("sessionid", "csrftoken", "django_language"):
        assert f"<code>{cookie}</code>" in html
    assert "8 heures" in html


def test_accessibility_statement_is_honest_without_an_audit(client):
    html = _page(client, "public:accessibility")
    assert "La plateforme Essaim est non conforme avec le référentiel" in html
    assert "aucun audit de conformité n'a encore été réalisé" in html
    assert "axe-core" in html
    home = client.get(reverse("public:home")).content.decode()
    assert "Accessibilité : non conforme" in home


def test_accessibility_statement_after_an_audit(client, settings):
    settings.ESSAIM_ACCESSIBILITY_CONFORMITY = "partial"
    settings.ESSAIM_ACCESSIBILITY_AUDIT = "Audit par Access42 le 3 mars 2027 : 81 % des critères."
    html = _page(client, "public:accessibility")
    assert "est partiellement conforme avec le référentiel" in html
    assert "81 % des critères" in html
    assert "Accessibilité : partiellement conforme" in html  # the footer says the same
