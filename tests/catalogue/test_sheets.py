"""Services of the innovation sheets: creation from a dossier or from outside, editing,
search text, slug, resources, publication with its audit rows."""

import pytest
from django.core.exceptions import ValidationError

from essaim.catalogue.enums import Licence
from essaim.catalogue.models import Innovation, InnovationResource
from essaim.catalogue.services import sheets
from essaim.core.models import AuditEvent

from ..factories import ApplicationFactory, InnovationFactory, OrganisationFactory
from .sheet_world import *  # noqa: F403 (fixtures)
from .sheet_world import PDF_BYTES, PNG_BYTES, upload

pytestmark = pytest.mark.django_db


def _audit(innovation, action):
    return AuditEvent.objects.filter(
        object_type="catalogue.innovation", object_id=str(innovation.pk), action=action
    )


def test_sheet_from_dossier_is_prefilled(laureate_dossier, staff, applicant, call, fund):
    innovation = sheets.sheet_create_from_application(
        application=laureate_dossier, actor=staff, topic="reception"
    )
    assert innovation.title == "Un accueil téléphonique qui répond"
    assert innovation.problem == laureate_dossier.problem
    assert innovation.solution == laureate_dossier.idea
    assert innovation.summary == laureate_dossier.idea
    assert innovation.place == "Pessac (33)"
    assert innovation.departement == "33"
    assert (innovation.fund, innovation.call, innovation.year) == (fund, call, 2024)
    assert innovation.application == laureate_dossier
    assert not innovation.is_external and not innovation.is_published
    assert innovation.licence == Licence.OPEN_LICENCE_2
    assert innovation.slug == "un-accueil-telephonique-qui-repond-pessac-33"
    # the owner becomes the first contact, e-mail kept (never shown)
    contact = innovation.contacts.get()
    assert (contact.full_name, contact.email) == (applicant.full_name, applicant.email)
    assert "téléphonique" in innovation.search_document
    assert _audit(innovation, "innovation.created").count() == 1


def test_sheet_from_dossier_twice_returns_the_same(laureate_dossier, staff):
    first = sheets.sheet_create_from_application(
        application=laureate_dossier, actor=staff, topic="reception"
    )
    again = sheets.sheet_create_from_application(
        application=laureate_dossier, actor=staff, topic="work"
    )
    assert again.pk == first.pk
    assert Innovation.objects.count() == 1


@pytest.mark.parametrize("state", ["draft", "submitted", "not_selected", "waitlisted"])
def test_only_a_laureate_gets_a_sheet(call, staff, state):
    application = ApplicationFactory(call=call, complete=True, state=state)
    with pytest.raises(ValidationError):
        sheets.sheet_create_from_application(application=application, actor=staff, topic="work")
    assert not Innovation.objects.exists()


def test_unknown_topic_is_refused(laureate_dossier, staff):
    with pytest.raises(ValidationError) as error:
        sheets.sheet_create_from_application(
            application=laureate_dossier, actor=staff, topic="nope"
        )
    assert "topic" in error.value.message_dict


def test_search_text_gathers_the_sheet_and_its_figures(sheet, staff):
    updated = sheets.sheet_update(
        innovation=sheet,
        actor=staff,
        data={"results": "Moins d'appels perdus.", "steps": "Écouter les agents"},
        figures=[{"label": "Délai moyen de réponse", "value": "2 jours", "detail": "au lieu de 9"}],
    )
    text = sheets.search_text(updated)
    for expected in (
        updated.title,
        updated.summary,
        "Pessac (33)",
        updated.problem,
        "Moins d'appels perdus.",
        "Écouter les agents",
        "Délai moyen de réponse 2 jours au lieu de 9",
    ):
        assert expected in text
    assert updated.search_document == text


def test_update_replaces_figures_and_contacts_in_order(sheet, staff):
    sheets.sheet_update(
        innovation=sheet,
        actor=staff,
        data={},
        figures=[
            {"label": "B", "value": "2", "detail": ""},
            {"label": "", "value": "", "detail": ""},
            {"label": "A", "value": "1", "detail": ""},
        ],
        contacts=[{"full_name": "Léa Martin", "job_title": "DGS", "email": "lea@pessac.fr"}],
    )
    assert list(sheet.figures.values_list("label", flat=True)) == ["B", "A"]
    assert list(sheet.contacts.values_list("full_name", flat=True)) == ["Léa Martin"]
    assert _audit(sheet, "innovation.updated").count() == 1


def test_slug_follows_the_title_until_first_publication(sheet, staff):
    renamed = sheets.sheet_update(innovation=sheet, actor=staff, data={"title": "Allô Pessac"})
    assert renamed.slug == "allo-pessac-pessac-33"
    sheets.sheet_publish(innovation=renamed, actor=staff)
    again = sheets.sheet_update(innovation=renamed, actor=staff, data={"title": "Autre titre"})
    assert again.slug == "allo-pessac-pessac-33"
    sheets.sheet_unpublish(innovation=again, actor=staff)
    still = sheets.sheet_update(innovation=again, actor=staff, data={"title": "Encore un"})
    assert still.slug == "allo-pessac-pessac-33"


def test_slug_is_unique(staff):
    InnovationFactory(slug="allo-pessac-pessac-33")
    InnovationFactory(slug="allo-pessac-pessac-33-2")
    assert sheets.unique_slug("Allô Pessac", "Pessac (33)") == "allo-pessac-pessac-33-3"


def test_publish_and_unpublish_write_audit_rows(sheet, staff):
    published = sheets.sheet_publish(innovation=sheet, actor=staff)
    assert published.is_published and published.published_at
    first_date = published.published_at
    sheets.sheet_publish(innovation=published, actor=staff)  # twice: nothing more
    assert _audit(sheet, "innovation.published").count() == 1
    unpublished = sheets.sheet_unpublish(innovation=published, actor=staff, reason="Erreur")
    assert not unpublished.is_published
    event = _audit(sheet, "innovation.unpublished").get()
    assert (event.actor, event.from_value, event.to_value, event.reason) == (
        staff,
        "published",
        "unpublished",
        "Erreur",
    )
    republished = sheets.sheet_publish(innovation=unpublished, actor=staff)
    assert republished.published_at == first_date


def test_an_empty_sheet_cannot_be_published(sheet, staff):
    Innovation.objects.filter(pk=sheet.pk).update(solution="")
    with pytest.raises(ValidationError) as error:
        sheets.sheet_publish(innovation=sheet, actor=staff)
    assert "solution" in error.value.message_dict
    sheet.refresh_from_db()
    assert not sheet.is_published


def test_external_innovation(staff):
    body = OrganisationFactory(name="Rezé", departement="44")
    innovation = sheets.sheet_create_external(
        actor=staff,
        data={
            "title": "Le guichet unique",
            "summary": "Un seul guichet pour tout.",
            "topic": "reception",
            "organisation": body,
            "problem": "Trop de guichets.",
            "solution": "Un seul.",
            "year": 2023,
            "source_url": "https://www.example.org/guichet",
        },
    )
    assert innovation.is_external and innovation.fund is None
    assert innovation.created_by == staff
    assert (innovation.place, innovation.departement) == ("Rezé (44)", "44")
    assert innovation.slug == "le-guichet-unique-reze-44"
    assert not innovation.is_published


# --- resources --------------------------------------------------------------------------------


def test_resource_file_is_checked_and_stored(sheet, staff):
    resource = sheets.resource_add(
        innovation=sheet, actor=staff, kind="guide", upload=upload("guide.pdf", PDF_BYTES)
    )
    assert (resource.title, resource.original_name) == ("guide.pdf", "guide.pdf")
    assert (resource.content_type, resource.size) == ("application/pdf", len(PDF_BYTES))
    assert resource.file.name.startswith(f"innovations/{sheet.pk}/")
    assert _audit(sheet, "innovation.resource_added").count() == 1


def test_a_program_is_refused(sheet, staff, settings):
    with pytest.raises(ValidationError) as error:
        sheets.resource_add(
            innovation=sheet,
            actor=staff,
            kind="guide",
            upload=upload("guide.pdf", b"MZ\x90\x00" + b"\x00" * 200),
        )
    assert "file" in error.value.message_dict
    assert not InnovationResource.objects.exists()


def test_a_photo_must_be_an_image(sheet, staff, settings):
    with pytest.raises(ValidationError) as error:
        sheets.resource_add(
            innovation=sheet, actor=staff, kind="photo", upload=upload("photo.png", PDF_BYTES)
        )
    assert "PNG ou JPEG" in error.value.message_dict["file"][0]
    photo = sheets.resource_add(
        innovation=sheet, actor=staff, kind="photo", upload=upload("accueil.png", PNG_BYTES)
    )
    assert photo.content_type == "image/png"


def test_a_file_over_the_limit_is_refused(sheet, staff, settings):
    settings.ESSAIM_MAX_ATTACHMENT_BYTES = 10
    with pytest.raises(ValidationError) as error:
        sheets.resource_add(
            innovation=sheet, actor=staff, kind="guide", upload=upload("guide.pdf", PDF_BYTES)
        )
    assert "ne peut pas dépasser" in error.value.message_dict["file"][0]


def test_resource_link(sheet, staff):
    link = sheets.resource_add(
        innovation=sheet,
        actor=staff,
        kind="template",
        title="Le modèle de script",
        url="https://www.example.org/script",
    )
    assert (link.url, link.file.name) == ("https://www.example.org/script", "")
    for bad in ("javascript:alert(1)", "www.example.org"):
        with pytest.raises(ValidationError):
            sheets.resource_add(innovation=sheet, actor=staff, kind="guide", url=bad)
    with pytest.raises(ValidationError):
        sheets.resource_add(innovation=sheet, actor=staff, kind="guide")  # neither


def test_resource_delete_removes_the_file(sheet, staff, django_capture_on_commit_callbacks):
    resource = sheets.resource_add(
        innovation=sheet, actor=staff, kind="guide", upload=upload("guide.pdf", PDF_BYTES)
    )
    storage, name = resource.file.storage, resource.file.name
    assert storage.exists(name)
    with django_capture_on_commit_callbacks(execute=True):
        sheets.resource_delete(resource=resource, actor=staff)
    assert not storage.exists(name)
    assert not InnovationResource.objects.exists()


def test_team_learns_nothing_from_a_sheet_before_results(sheet, laureate_dossier, applicant):
    assert applicant.has_perm("catalogue.edit_innovation", sheet)
    call = laureate_dossier.call
    call.results_published_at = None
    call.save(update_fields=["results_published_at"])
    sheet = Innovation.objects.select_related("application__call").get(pk=sheet.pk)
    assert not applicant.has_perm("catalogue.view_innovation", sheet)
    assert not applicant.has_perm("catalogue.edit_innovation", sheet)
