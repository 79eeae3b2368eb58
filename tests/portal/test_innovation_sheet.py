"""The team writes its innovation sheet from its laureate dossier's page."""

import pytest
from django.urls import reverse
from django.utils import timezone

from essaim.catalogue.models import Innovation

from ..catalogue.sheet_world import *  # noqa: F403 (fixtures)
from ..catalogue.sheet_world import PDF_BYTES, upload
from ..factories import ApplicationFactory, laureate

pytestmark = pytest.mark.django_db


def _sheet_url(application):
    return reverse("portal:innovation_sheet", args=[application.pk])


def _edit_data(innovation, **changes):
    data = {
        "title": innovation.title,
        "summary": "Les agents d'accueil ont repensé le standard.",
        "topic": "reception",
        "organisation": innovation.organisation_id or "",
        "organisation_query": str(innovation.organisation) if innovation.organisation else "",
        "problem": innovation.problem,
        "solution": innovation.solution,
        "results": "Moins d'appels perdus.",
        "steps": "Écouter\nPrototyper",
        "duration": "4 mois",
        "cost": "",
        "skills": "",
        "pitfalls": "",
        "licence": "lo-2.0",
        "figures-TOTAL_FORMS": "2",
        "figures-INITIAL_FORMS": "0",
        "figures-0-label": "Appels perdus",
        "figures-0-value": "-40 %",
        "figures-0-detail": "",
        "figures-1-label": "",
        "figures-1-value": "",
        "figures-1-detail": "",
        "contacts-TOTAL_FORMS": "1",
        "contacts-INITIAL_FORMS": "0",
        "contacts-0-full_name": "Alice Martin",
        "contacts-0-job_title": "Directrice",
        "contacts-0-email": "alice@pessac.fr",
    }
    data.update(changes)
    return data


def test_dossier_page_links_to_the_sheet(client, laureate_dossier, applicant):
    client.force_login(applicant)
    html = client.get(
        reverse("portal:application_detail", args=[laureate_dossier.pk])
    ).content.decode()
    assert "Rédiger la fiche innovation" in html
    assert _sheet_url(laureate_dossier) in html


def test_team_starts_the_sheet_prefilled(client, laureate_dossier, applicant):
    client.force_login(applicant)
    response = client.post(_sheet_url(laureate_dossier), {"topic": "reception"})
    assert response.status_code == 302
    innovation = Innovation.objects.get(application=laureate_dossier)
    assert innovation.created_by == applicant
    assert innovation.title == laureate_dossier.title
    html = client.get(_sheet_url(laureate_dossier)).content.decode()
    assert 'value="Un accueil téléphonique qui répond"' in html
    assert "Non publiée" in html


def test_team_edits_the_sheet(client, sheet, applicant):
    client.force_login(applicant)
    response = client.post(_sheet_url(sheet.application), _edit_data(sheet))
    assert response.status_code == 302, response.content.decode()[:3000]
    sheet.refresh_from_db()
    assert sheet.results == "Moins d'appels perdus."
    assert list(sheet.figures.values_list("label", "value")) == [("Appels perdus", "-40 %")]
    assert sheet.contacts.get().email == "alice@pessac.fr"
    assert not sheet.is_published  # only staff publish


def test_errors_are_shown_beside_the_fields_and_nothing_is_lost(client, sheet, applicant):
    client.force_login(applicant)
    response = client.post(
        _sheet_url(sheet.application),
        _edit_data(sheet, summary="", **{"figures-1-label": "Sans valeur", "results": "Gardé"}),
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "<title>Erreur :" in html
    assert "Il y a un problème" in html
    assert 'href="#id_summary"' in html and 'href="#id_figures-1-value"' in html
    assert "Gardé" in html and 'value="Sans valeur"' in html
    sheet.refresh_from_db()
    assert sheet.results == ""


def test_team_adds_a_resource(client, sheet, applicant):
    client.force_login(applicant)
    url = reverse("portal:innovation_resources", args=[sheet.application_id])
    response = client.post(
        url, {"kind": "guide", "title": "", "file": upload("guide.pdf", PDF_BYTES), "url": ""}
    )
    assert response.status_code == 302
    assert sheet.resources.get().original_name == "guide.pdf"
    refused = client.post(
        url, {"kind": "photo", "title": "", "file": upload("x.png", PDF_BYTES), "url": ""}
    )
    assert refused.status_code == 200
    assert "une photo doit être au format PNG ou JPEG" in refused.content.decode()
    assert sheet.resources.count() == 1


@pytest.mark.parametrize("who", ["outsider", "call_reviewer", "other_team_member", "other_staff"])
def test_people_outside_the_team_get_404(client, sheet, who, request):
    client.force_login(request.getfixturevalue(who))
    for url in (
        _sheet_url(sheet.application),
        reverse("portal:innovation_resources", args=[sheet.application_id]),
    ):
        assert client.get(url).status_code == 404
        assert client.post(url, _edit_data(sheet)).status_code == 404
    sheet.refresh_from_db()
    assert sheet.results == ""


def test_no_sheet_before_the_jury_outcome_is_announced(client, call, applicant):
    application = laureate(ApplicationFactory(call=call, created_by=applicant, complete=True))
    assert call.results_published_at is None
    client.force_login(applicant)
    assert client.get(_sheet_url(application)).status_code == 404
    html = client.get(reverse("portal:application_detail", args=[application.pk])).content.decode()
    assert "fiche innovation" not in html
    call.results_published_at = timezone.now()
    call.save(update_fields=["results_published_at"])
    assert client.get(_sheet_url(application)).status_code == 200


def test_a_dossier_that_is_not_laureate_has_no_sheet(client, call, applicant):
    application = ApplicationFactory(call=call, created_by=applicant, complete=True)
    client.force_login(applicant)
    assert client.get(_sheet_url(application)).status_code == 404
