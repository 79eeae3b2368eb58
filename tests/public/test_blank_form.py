"""The printable blank application form of a call: a PDF drawn from the call's own form,
for both seed programmes (the in-kind Fonds MNT and the State's funding call, configured
as the demo configures them)."""

import subprocess

import pytest
from django.urls import reverse

from essaim.demo.data import ditp, mnt

from ..factories import CallFactory, FundFactory


def pdf_text(content: bytes, tmp_path) -> str:
    path = tmp_path / "form.pdf"
    path.write_bytes(content)
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True, text=True
    ).stdout
    return " ".join(text.split())  # lines wrapped by the layout become spaces again


def _call(fund, defaults, themes, **extra):
    call = CallFactory(
        fund=fund,
        themes=[theme.title for theme in themes],
        title=extra.pop("title"),
        **{k: v for k, v in defaults.items() if k not in ("audience", "benefits")},
        **extra,
    )
    return call


@pytest.fixture
def mnt_call(db):
    fund = FundFactory(
        slug="mnt",
        name="Fonds MNT",
        reference_prefix="MNT",
        operator="Fonds de dotation MNT",
        contact_email="fonds@mnt.fr",
    )
    return _call(fund, mnt.CALL_DEFAULTS, mnt.THEMES, title="Appel à projets n° 6", slug="2024-6")


@pytest.fixture
def ditp_call(db):
    fund = FundFactory(
        slug="ditp",
        name="DITP",
        reference_prefix="DITP",
        operator="Direction interministérielle de la transformation publique",
    )
    return _call(fund, ditp.CALL_DEFAULTS, ditp.THEMES, title="Appel à défis", slug="2021")


def get_pdf(client, call):
    response = client.get(reverse("public:call_blank_form", args=[call.fund.slug, call.slug]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    content = b"".join(response.streaming_content) if response.streaming else response.content
    assert content.startswith(b"%PDF")
    return content


def test_in_kind_call_form_has_its_questions_checklist_and_support_box(client, mnt_call, tmp_path):
    text = pdf_text(get_pdf(client, mnt_call), tmp_path)
    assert "Formulaire de candidature" in text
    assert "Appel à projets n° 6" in text
    # the call's questions, with the online limits
    for question in (
        "Quel problème observez-vous ?",
        "Quelle est votre idée ?",
        "Quel effet attendez-vous pour les agents ?",
        "Comment d'autres pourraient-ils le reproduire ?",
        "3000 caractères au maximum.",
    ):
        assert question in text, question
    # its themes as boxes to tick, its eligibility checklist, its bodies
    assert "Repenser l'accueil des usagers" in text
    assert "Il a le soutien hiérarchique de la collectivité." in text
    assert "Commune" in text and "Centre de gestion" in text
    # the support signature box, where and by when to send it
    assert "Soutien hiérarchique" in text and "Signature et cachet" in text
    assert "fonds@mnt.fr" in text
    assert "le cachet de la poste fait foi" in text
    # no budget: an in-kind call
    assert "Montant demandé" not in text


def test_state_funding_call_form_has_budget_and_partners_but_no_support(
    client, ditp_call, tmp_path
):
    text = pdf_text(get_pdf(client, ditp_call), tmp_path)
    assert "Appel à défis" in text
    assert "Montant demandé (en euros)" in text
    assert "entre 30 000 € et 120 000 €" in text.replace("\u202f", " ").replace("\xa0", " ")
    assert "Détail du budget" in text
    assert "Structures partenaires" in text
    assert "Transformations numériques" in text
    assert "Le projet est mis en œuvre d'ici fin 2023." in text
    assert "Signature et cachet" not in text  # no hierarchical support in this call


def test_call_page_links_to_the_blank_form(client, mnt_call):
    page = client.get(mnt_call.get_absolute_url()).content.decode()
    url = reverse("public:call_blank_form", args=["mnt", "2024-6"])
    assert f'href="{url}"' in page
    assert "Télécharger le formulaire vierge (PDF)" in page


def test_unpublished_or_unknown_call_has_no_form(client, mnt_call):
    mnt_call.is_published = False
    mnt_call.save(update_fields=["is_published"])
    url = reverse("public:call_blank_form", args=["mnt", "2024-6"])
    assert client.get(url).status_code == 404
    assert client.get(reverse("public:call_blank_form", args=["mnt", "nope"])).status_code == 404
    assert client.post(url).status_code == 405


def test_form_follows_a_change_of_the_call(client, mnt_call, tmp_path):
    mnt_call.eligibility_rules = "Le projet est porté par une commune nouvelle."
    mnt_call.save(update_fields=["eligibility_rules"])
    text = pdf_text(get_pdf(client, mnt_call), tmp_path)
    assert "Le projet est porté par une commune nouvelle." in text


def test_the_pdf_is_drawn_once_until_the_call_changes(client, mnt_call, tmp_path):
    from unittest import mock

    from django.core.cache import cache
    from weasyprint import HTML

    cache.clear()  # an earlier test may have drawn this very form
    with mock.patch.object(HTML, "write_pdf", autospec=True, side_effect=HTML.write_pdf) as draw:
        first = get_pdf(client, mnt_call)
        assert get_pdf(client, mnt_call) == first
        assert draw.call_count == 1
        mnt_call.eligibility_rules = "Le projet associe une école."
        mnt_call.save(update_fields=["eligibility_rules"])
        changed = get_pdf(client, mnt_call)
        assert draw.call_count == 2
    assert "Le projet associe une école." in pdf_text(changed, tmp_path)
    assert "Le projet associe une école." not in pdf_text(first, tmp_path)
