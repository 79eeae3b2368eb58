"""Serving an uploaded file, for the views that have already checked who is asking.

Uploaded files live outside the web root (settings STORAGES, no MEDIA_URL): the only way to
read one is a view that checks the rights and then calls `protected_file_response`. The
answer is a download (`Content-Disposition: attachment`) under the cleaned name, except
images, shown in the page when the caller allows it (PDFs are downloaded too: a browser's
PDF reader runs the file's scripts). Its Content-Type is the type checked at upload, taken
from a short allow-list (anything else goes as application/octet-stream); `nosniff` keeps
the browser from guessing another; a sandboxing Content-Security-Policy means nothing in it
runs or reaches our pages should a browser open it anyway.
"""

from django.http import FileResponse, Http404

from .uploads import ALL_TYPES, IMAGE_TYPES

FALLBACK_TYPE = "application/octet-stream"


def safe_content_type(content_type: str) -> str:
    content_type = (content_type or "").split(";", 1)[0].strip().lower()
    return content_type if content_type in ALL_TYPES else FALLBACK_TYPE


def protected_file_response(
    field_file,
    *,
    filename: str,
    content_type: str,
    inline_images: bool = False,
    cache: str = "private, no-store",
) -> FileResponse:
    """The file of `field_file` as a download; 404 when it is missing from the storage."""
    if not field_file:
        raise Http404
    try:
        handle = field_file.open("rb")
    except (FileNotFoundError, OSError) as exc:
        raise Http404 from exc
    content_type = safe_content_type(content_type)
    inline = inline_images and content_type in IMAGE_TYPES
    response = FileResponse(
        handle, as_attachment=not inline, filename=filename, content_type=content_type
    )
    if inline:
        # FileResponse omits the header for inline answers without a name; say it plainly.
        response["Content-Disposition"] = response.get("Content-Disposition") or "inline"
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    response["Cache-Control"] = cache
    return response
