"""Workspace services: journal notes, documents as checked files or links, removal of
one's own documents."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from essaim.accompaniment.models import Document
from essaim.accompaniment.services import workspace
from essaim.accompaniment.services.workspace import WorkspaceError
from essaim.core.models import AuditEvent

from ..coaching.conftest import EXE_BYTES, MINIMAL_PDF, make_accompaniment
from ..factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def coach(db):
    return UserFactory(full_name="Camille Accompagnante")


@pytest.fixture
def accompaniment(call, applicant, coach):
    return make_accompaniment(call=call, team_owner=applicant, coach=coach)


def test_journal_entry_in_a_phase(accompaniment, coach):
    phase = accompaniment.phases.first()
    entry = workspace.add_journal_entry(
        accompaniment=accompaniment, actor=coach, body="  Premier atelier.  ", phase=phase
    )
    assert (entry.body, entry.phase, entry.author) == ("Premier atelier.", phase, coach)
    assert AuditEvent.objects.filter(action="workspace.journal_added").count() == 1


def test_empty_or_foreign_journal_entry_refused(accompaniment, coach, call):
    with pytest.raises(WorkspaceError):
        workspace.add_journal_entry(accompaniment=accompaniment, actor=coach, body="  ")
    other = make_accompaniment(call=call, team_owner=UserFactory())
    with pytest.raises(WorkspaceError):
        workspace.add_journal_entry(
            accompaniment=accompaniment, actor=coach, body="x", phase=other.phases.first()
        )


def test_add_a_checked_file(accompaniment, coach):
    document = workspace.add_document(
        accompaniment=accompaniment,
        actor=coach,
        title="",
        upload=SimpleUploadedFile("Guide d'entretien.pdf", MINIMAL_PDF),
    )
    assert document.title == "Guide d'entretien.pdf"
    assert (document.content_type, document.size) == ("application/pdf", len(MINIMAL_PDF))
    # stored under a random name, never the given one
    assert "Guide" not in document.file.name
    event = AuditEvent.objects.get(action="workspace.document_added")
    assert event.data["kind"] == "file" and len(event.data["sha256"]) == 64


def test_renamed_program_refused_and_nothing_stored(accompaniment, coach):
    with pytest.raises(WorkspaceError, match="est un programme"):
        workspace.add_document(
            accompaniment=accompaniment,
            actor=coach,
            title="Synthèse",
            upload=SimpleUploadedFile("synthese.pdf", EXE_BYTES),
        )
    assert not Document.objects.exists()


def test_size_limit(accompaniment, coach, settings):
    settings.ESSAIM_MAX_ATTACHMENT_BYTES = 50
    with pytest.raises(WorkspaceError, match="ne peut pas dépasser"):
        workspace.add_document(
            accompaniment=accompaniment,
            actor=coach,
            title="Gros",
            upload=SimpleUploadedFile("gros.pdf", MINIMAL_PDF),
        )


@pytest.mark.parametrize("url", ["javascript:alert(1)", "ftp://exemple.fr/a", "exemple.fr", ""])
def test_only_web_links(accompaniment, coach, url):
    with pytest.raises(WorkspaceError):
        workspace.add_document(accompaniment=accompaniment, actor=coach, title="L", url=url)


def test_file_or_link_not_both(accompaniment, coach):
    with pytest.raises(WorkspaceError, match="l'un des deux"):
        workspace.add_document(
            accompaniment=accompaniment,
            actor=coach,
            title="L",
            url="https://exemple.fr",
            upload=SimpleUploadedFile("a.pdf", MINIMAL_PDF),
        )


def test_remove_own_document_only(
    accompaniment, coach, applicant, django_capture_on_commit_callbacks
):
    document = workspace.add_document(
        accompaniment=accompaniment,
        actor=coach,
        title="Guide",
        upload=SimpleUploadedFile("guide.pdf", MINIMAL_PDF),
    )
    stored, storage = document.file.name, document.file.storage
    with pytest.raises(WorkspaceError, match="Seule la personne"):
        workspace.remove_document(document=document, actor=applicant)
    with django_capture_on_commit_callbacks(execute=True):
        workspace.remove_document(document=document, actor=coach)
    assert not Document.objects.exists()
    assert not storage.exists(stored)
