"""Writing in a laureate's shared workspace: the journal (notes per phase) and the documents
(a deliverable of a phase, or the evidence of a milestone), each a file or a link.

Callers (views) check who may write (`accompaniment.write_workspace`,
`update_milestones` for evidence); these functions check the content. Files are checked by
their bytes (`applications.uploads.check_upload`: type, size) and stored under a random name;
they are only ever served by a view that checks who is asking.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.files import File
from django.db import transaction
from django.utils.translation import gettext as _

from essaim.applications.uploads import UploadRefused, check_upload
from essaim.core.audit import record

from ..models import Accompaniment, Document, JournalEntry, Milestone, Phase

JOURNAL_MAX_LENGTH = 5000
TITLE_MAX_LENGTH = 200
URL_MAX_LENGTH = 200


class WorkspaceError(Exception):
    """A write refused for a reason the person can act on; the message says it in French."""


def _phase_of(accompaniment: Accompaniment, phase: Phase | None) -> Phase | None:
    if phase is not None and phase.accompaniment_id != accompaniment.pk:
        raise WorkspaceError(_("Cette phase n'appartient pas à cet accompagnement."))
    return phase


def add_journal_entry(
    *, accompaniment: Accompaniment, actor, body: str, phase: Phase | None = None
) -> JournalEntry:
    """A note in the journal, attached to a phase or to the accompaniment as a whole."""
    body = (body or "").strip()
    if not body:
        raise WorkspaceError(_("Écrivez la note avant de l'enregistrer."))
    if len(body) > JOURNAL_MAX_LENGTH:
        raise WorkspaceError(_("La note dépasse %(max)s caractères.") % {"max": JOURNAL_MAX_LENGTH})
    with transaction.atomic():
        entry = JournalEntry.objects.create(
            accompaniment=accompaniment,
            phase=_phase_of(accompaniment, phase),
            author=actor,
            body=body,
        )
        record(
            actor=actor,
            action="workspace.journal_added",
            obj=accompaniment,
            data={"entry_id": entry.pk, "phase_id": entry.phase_id},
        )
    return entry


def clean_link(url: str) -> str:
    """An http(s) address, or WorkspaceError."""
    url = (url or "").strip()
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        raise WorkspaceError(
            _("Indiquez une adresse web complète, qui commence par https:// ou http://.")
        )
    if len(url) > URL_MAX_LENGTH:
        raise WorkspaceError(_("L'adresse dépasse %(max)s caractères.") % {"max": URL_MAX_LENGTH})
    return url


def add_document(
    *,
    accompaniment: Accompaniment,
    actor,
    title: str,
    upload=None,
    url: str = "",
    phase: Phase | None = None,
    milestone: Milestone | None = None,
) -> Document:
    """A file (checked by content and size) or a link, as a deliverable of `phase` or the
    evidence of `milestone`. Raises WorkspaceError with a message that names the file and
    the limit (a refused upload's own message).

    The stored file is removed again if the transaction fails.
    """
    title = " ".join((title or "").split())[:TITLE_MAX_LENGTH]
    if (upload is None) == (not url):
        raise WorkspaceError(_("Joignez un fichier ou indiquez un lien, l'un des deux."))
    if milestone is not None:
        if milestone.accompaniment_id != accompaniment.pk:
            raise WorkspaceError(_("Ce jalon n'appartient pas à cet accompagnement."))
        phase = phase or milestone.phase
    phase = _phase_of(accompaniment, phase)
    checked = None
    if upload is not None:
        try:
            checked = check_upload(upload, max_bytes=settings.ESSAIM_MAX_ATTACHMENT_BYTES)
        except UploadRefused as exc:
            raise WorkspaceError(str(exc)) from exc
    else:
        url = clean_link(url)
    if not title:
        title = checked.name if checked else url[:TITLE_MAX_LENGTH]
    document = Document(
        accompaniment=accompaniment,
        phase=phase,
        milestone=milestone,
        title=title,
        url="" if checked else url,
        added_by=actor,
    )
    try:
        with transaction.atomic():
            if checked is not None:
                document.original_name = checked.name
                document.content_type = checked.content_type
                document.size = checked.size
                upload.seek(0)
                document.file.save(checked.name, File(upload), save=False)
            document.save()
            record(
                actor=actor,
                action="workspace.document_added",
                obj=accompaniment,
                to_value=title[:200],
                data={
                    "document_id": document.pk,
                    "phase_id": document.phase_id,
                    "milestone_id": document.milestone_id,
                    "kind": "file" if checked else "link",
                    **({"sha256": checked.sha256, "size": checked.size} if checked else {}),
                },
            )
    except BaseException:
        if document.file.name:
            document.file.storage.delete(document.file.name)
        raise
    return document


def may_remove_document(document: Document, user) -> bool:
    """Only the person who added a document removes it."""
    return user.is_authenticated and document.added_by_id == user.pk


def remove_document(*, document: Document, actor) -> None:
    """Remove one's own document; the stored file goes once the removal is committed."""
    if not may_remove_document(document, actor):
        raise WorkspaceError(_("Seule la personne qui a ajouté ce document peut le retirer."))
    with transaction.atomic():
        stored = document.file.name
        storage = document.file.storage
        record(
            actor=actor,
            action="workspace.document_removed",
            obj=document.accompaniment,
            from_value=document.title[:200],
            data={"document_id": document.pk},
        )
        document.delete()
        if stored:
            transaction.on_commit(lambda: storage.delete(stored))
