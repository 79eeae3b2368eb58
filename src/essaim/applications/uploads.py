"""The upload checker, as the dossier's services and forms use it.

The checker itself lives in `essaim.core.uploads` so that every data app (funds' logos
included, which sit below applications) calls the same one. Here its refusal is also an
`ApplicationError`, which the portal's views already turn into a message beside the field.
"""

from essaim.core import uploads as _core
from essaim.core.uploads import (
    ACCEPT_ATTRIBUTE,
    ACCEPTED_LABELS,
    ACCEPTED_TYPES,
    DOCUMENTS,
    DOCX,
    IMAGES,
    JPEG,
    MAX_NAME_LENGTH,
    ODT,
    PDF,
    PNG,
    Accepted,
    CheckedFile,
    CheckedUpload,
    format_size,
    human_size,
    sanitise_filename,
    sanitise_name,
)

from .errors import ApplicationError

__all__ = [
    "ACCEPTED_LABELS",
    "ACCEPTED_TYPES",
    "ACCEPT_ATTRIBUTE",
    "DOCUMENTS",
    "DOCX",
    "IMAGES",
    "JPEG",
    "MAX_NAME_LENGTH",
    "ODT",
    "PDF",
    "PNG",
    "Accepted",
    "CheckedFile",
    "CheckedUpload",
    "UploadRefused",
    "check_upload",
    "format_size",
    "human_size",
    "inspect_upload",
    "sanitise_filename",
    "sanitise_name",
]


class UploadRefused(ApplicationError, _core.UploadRefused):
    """The file itself is refused (type, content, size); the message names it."""


def inspect_upload(
    upload, *, max_bytes: int | None = None, accept: Accepted = DOCUMENTS
) -> CheckedFile:
    try:
        return _core.inspect_upload(upload, max_bytes=max_bytes, accept=accept)
    except _core.UploadRefused as exc:
        raise UploadRefused(str(exc)) from exc


def check_upload(upload, *, max_bytes: int, accept: Accepted = DOCUMENTS) -> CheckedFile:
    return inspect_upload(upload, max_bytes=max_bytes, accept=accept)
