"""The applicant's organisation pages (portal.views.organisation) over a part of the real
referential: the suggestions endpoint, choosing without JavaScript, adding a missing body."""

import html as htmllib

import pytest
from django.urls import reverse

from essaim.applications.models import Application
from essaim.territory.models import Organisation

from ..factories import ApplicationFactory, CallFactory

pytestmark = pytest.mark.django_db
SDIS_SIREN = "281400010"  # made up, with a valid Luhn key


def page(response) -> str:
    return htmllib.unescape(response.content.decode())


@pytest.fixture
def dossier(referential, call, applicant):
    return ApplicationFactory(call=call, created_by=applicant)


def section_url(application):
    return reverse("portal:section_edit", args=[application.pk, "organisation"])


def test_suggestions_endpoint_tells_homonyms_apart(
    client, referential, django_assert_max_num_queries
):
    url = reverse("portal:organisation_suggestions")
    with django_assert_max_num_queries(4):
        data = client.get(url, {"q": "saint denis"}).json()
    labels = [r["label"] for r in data["results"]]
    assert labels[:2] == ["Saint-Denis (974)", "Saint-Denis (93)"]
    first = data["results"][0]
    assert first["detail"].startswith("Commune · La Réunion (974)")
    assert set(first) == {"id", "label", "name", "detail"}
    assert client.get(url, {"q": "  "}).json()["results"] == []


def test_section_resolves_typed_text_designating_one_body(client, dossier, applicant):
    client.force_login(applicant)
    response = client.post(
        section_url(dossier), {"title": "Accueil", "organisation_query": "33600"}
    )
    assert response.status_code == 302
    dossier.refresh_from_db()
    assert dossier.organisation.insee_code == "33318"
    assert (
        dossier.organisation_name,
        dossier.organisation_type,
        dossier.organisation_departement,
    ) == (
        "Commune de Pessac",
        "commune",
        "33",
    )


def test_section_with_the_comboboxs_choice(client, dossier, applicant):
    renac = Organisation.objects.get(kind="commune", name="Renac")
    client.force_login(applicant)
    client.post(
        section_url(dossier),
        {"title": "Accueil", "organisation": renac.pk, "organisation_query": str(renac)},
    )
    dossier.refresh_from_db()
    assert dossier.organisation == renac


def test_ambiguous_text_leads_to_the_search_page_then_choice(client, dossier, applicant):
    client.force_login(applicant)
    response = client.post(
        section_url(dossier), {"title": "Accueil", "organisation_query": "Saint-Denis"}
    )
    choose = reverse("portal:organisation_choose", args=[dossier.pk])
    assert response.status_code == 302
    assert response["Location"] == f"{choose}?q=Saint-Denis"
    dossier.refresh_from_db()
    assert dossier.title == "Accueil" and dossier.organisation is None

    html = page(client.get(response["Location"]))
    assert "organismes trouvés pour « Saint-Denis »" in html
    assert "Seine-Saint-Denis (93)" in html and "La Réunion (974)" in html
    target = Organisation.objects.get(kind="commune", name="Saint-Denis", departement="93")
    done = client.post(choose, {"q": "Saint-Denis", "organisation": target.pk})
    assert done.status_code == 302
    dossier.refresh_from_db()
    assert dossier.organisation == target


def test_search_page_without_a_choice_says_so(client, dossier, applicant):
    client.force_login(applicant)
    choose = reverse("portal:organisation_choose", args=[dossier.pk])
    html = page(client.post(choose, {"q": "Saint-Denis"}))
    assert "Erreur :" in html and "Choisissez un organisme dans la liste." in html


def test_unknown_text_gets_an_error_beside_the_field(client, dossier, applicant):
    client.force_login(applicant)
    response = client.post(
        section_url(dossier), {"title": "Accueil", "organisation_query": "Zzyzx-les-Bains"}
    )
    html = page(response)
    assert response.status_code == 200
    assert "Aucun organisme ne correspond à « Zzyzx-les-Bains »" in html
    assert 'value="Zzyzx-les-Bains"' in html and 'value="Accueil"' in html


def test_outsider_cannot_see_the_pages(client, dossier, outsider):
    client.force_login(outsider)
    for name in ("portal:organisation_choose", "portal:organisation_add"):
        assert client.get(reverse(name, args=[dossier.pk])).status_code == 404


class TestAddMissingBody:
    def url(self, application):
        return reverse("portal:organisation_add", args=[application.pk])

    def test_errors_in_french_beside_the_fields_and_nothing_lost(self, client, dossier, applicant):
        client.force_login(applicant)
        response = client.post(
            self.url(dossier),
            {"kind": "sdis", "name": "SDIS du Calvados", "departement": "", "siren": "281400011"},
        )
        html = page(response)
        assert response.status_code == 200
        assert "<title>Erreur :" in html and "Il y a un problème" in html
        assert "Choisissez un département." in html
        assert "Ce SIREN n'existe pas : vérifiez les chiffres" in html
        assert 'value="SDIS du Calvados"' in html and 'value="281400011"' in html
        assert '<option value="sdis" selected>' in html
        assert not Organisation.objects.filter(source="applicant").exists()

    def test_adds_and_chooses_the_body(self, client, dossier, applicant):
        client.force_login(applicant)
        response = client.post(
            self.url(dossier),
            {"kind": "sdis", "name": "SDIS du Calvados", "departement": "14", "siren": SDIS_SIREN},
        )
        assert response.status_code == 302
        dossier.refresh_from_db()
        sdis = dossier.organisation
        assert (sdis.name, sdis.siren, sdis.source, sdis.region) == (
            "SDIS du Calvados",
            SDIS_SIREN,
            "applicant",
            "28",
        )
        assert dossier.organisation_type == "sdis"
        followed = page(client.get(response["Location"]))
        assert "« SDIS du Calvados » est ajouté à la liste des organismes" in followed

    def test_a_duplicate_by_siren_chooses_the_existing_body(
        self, client, referential, call, applicant
    ):
        first = ApplicationFactory(call=call, created_by=applicant)
        second = ApplicationFactory(call=call, created_by=applicant)
        client.force_login(applicant)
        data = {
            "kind": "sdis",
            "name": "SDIS du Calvados",
            "departement": "14",
            "siren": SDIS_SIREN,
        }
        client.post(self.url(first), data)
        response = client.post(self.url(second), {**data, "name": "SDIS 14"})
        assert Organisation.objects.filter(siren=SDIS_SIREN).count() == 1
        assert Application.objects.get(pk=second.pk).organisation.name == "SDIS du Calvados"
        assert "était déjà dans la liste" in page(client.get(response["Location"]))

    def test_a_kind_the_call_refuses(self, client, referential, applicant):
        call = CallFactory(allowed_organisation_types=["commune"])
        application = ApplicationFactory(call=call, created_by=applicant)
        client.force_login(applicant)
        response = client.post(
            self.url(application),
            {"kind": "sdis", "name": "SDIS du Calvados", "departement": "14"},
        )
        assert response.status_code == 200
        assert "Cet appel est ouvert aux organismes suivants : Commune" in page(response)
        assert not Organisation.objects.filter(source="applicant").exists()
