"""Adding and removing the files joined to a dossier.

Limits (per file, per dossier in total, number of files) come from the settings
`ESSAIM_MAX_ATTACHMENT_BYTES`, `ESSAIM_MAX_APPLICATION_BYTES` and `ESSAIM_MAX_ATTACHMENTS`.
Files are stored under a random name; the name people gave is kept, cleaned, beside it.
"""

from django.conf import settings
from django.core.files import File
from django.db import transaction
from django.db.models import Count, Sum
from django.utils.translation import gettext as _

from essaim.core.audit import record

from ..errors import ApplicationError
from ..models import Application, Attachment
from ..uploads import CheckedFile, UploadRefused, format_size, inspect_upload, sanitise_name


def _check_editable(application: Application) -> None:
    if application.is_frozen:
        raise ApplicationError(
            _("Ce dossier a été déposé : ses pièces jointes ne peuvent plus être modifiées.")
        )


def _too_big(name: str, size: int) -> UploadRefused:
    return UploadRefused(
        _("« %(name)s » pèse %(size)s : un fichier ne peut pas dépasser %(max)s.")
        % {
            "name": name,
            "size": format_size(size),
            "max": format_size(settings.ESSAIM_MAX_ATTACHMENT_BYTES),
        }
    )


def _check_limits(application: Application, checked: CheckedFile) -> None:
    max_file = settings.ESSAIM_MAX_ATTACHMENT_BYTES
    max_total = settings.ESSAIM_MAX_APPLICATION_BYTES
    max_count = settings.ESSAIM_MAX_ATTACHMENTS
    if checked.size > max_file:
        raise _too_big(checked.name, checked.size)
    current = Attachment.objects.filter(application=application).aggregate(
        count=Count("id"), total=Sum("size")
    )
    if current["count"] >= max_count:
        raise UploadRefused(
            _(
                "« %(name)s » ne peut pas être joint : le dossier compte déjà %(count)s pièces "
                "jointes, le maximum. Supprimez-en une pour en ajouter une autre."
            )
            % {"name": checked.name, "count": current["count"]}
        )
    total = (current["total"] or 0) + checked.size
    if total > max_total:
        raise UploadRefused(
            _(
                "« %(name)s » (%(size)s) porterait le total des pièces jointes du dossier à "
                "%(total)s, au-delà de la limite de %(max)s."
            )
            % {
                "name": checked.name,
                "size": format_size(checked.size),
                "total": format_size(total),
                "max": format_size(max_total),
            }
        )


def attachment_add(*, application: Application, actor, upload, description: str = "") -> Attachment:
    """Check the file (content, size, limits), store it and record who added it.

    Raises ApplicationError (UploadRefused for the file itself) with a message naming the
    file and the limit. The file is written inside the transaction that holds the dossier's
    lock, so two uploads at once cannot both slip under the limits; it is removed again if
    the transaction fails.
    """
    _check_editable(application)
    # Cheap refusal first: no need to read and hash 50 Mo to say they are too many.
    declared = getattr(upload, "size", None)
    if declared is not None and declared > settings.ESSAIM_MAX_ATTACHMENT_BYTES:
        raise _too_big(sanitise_name(getattr(upload, "name", "") or ""), declared)
    checked = inspect_upload(upload)
    attachment = None
    try:
        with transaction.atomic():
            locked = Application.objects.select_for_update().get(pk=application.pk)
            _check_editable(locked)
            _check_limits(locked, checked)
            attachment = Attachment(
                application=locked,
                original_name=checked.name,
                description=" ".join(description.split())[:200],
                content_type=checked.content_type,
                size=checked.size,
                sha256=checked.sha256,
                uploaded_by=actor if getattr(actor, "is_authenticated", False) else None,
            )
            upload.seek(0)
            attachment.file.save(checked.name, File(upload), save=False)
            attachment.full_clean(exclude=["uploaded_by"])
            attachment.save()
            record(
                actor=actor,
                action="attachment.added",
                obj=locked,
                to_value=checked.name,
                data={
                    "attachment_id": attachment.pk,
                    "size": checked.size,
                    "sha256": checked.sha256,
                    "content_type": checked.content_type,
                },
            )
    except BaseException:
        if attachment is not None and attachment.file.name:
            attachment.file.storage.delete(attachment.file.name)
        raise
    return attachment


def attachment_delete(*, attachment: Attachment, actor) -> None:
    """Remove a file from a dossier that can still change; the stored file goes once the
    removal is committed."""
    with transaction.atomic():
        application = Application.objects.select_for_update().get(pk=attachment.application_id)
        _check_editable(application)
        stored = attachment.file.name
        storage = attachment.file.storage
        record(
            actor=actor,
            action="attachment.deleted",
            obj=application,
            from_value=attachment.original_name,
            data={"attachment_id": attachment.pk, "sha256": attachment.sha256},
        )
        attachment.delete()
        if stored:
            transaction.on_commit(lambda: storage.delete(stored))
