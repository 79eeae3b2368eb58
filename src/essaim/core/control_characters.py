"""Control characters removed from what people send, before any view sees it.

Nobody types a NUL byte or an escape sequence into a form: they come from pasted binary,
broken clients or probes. Form fields already refuse NUL (which PostgreSQL cannot store),
but the other C0 controls were saved as sent, to come out in exports, mails and
terminals, and a view reading `request.GET` directly could still hand NUL to PostgreSQL
(a 500). The middleware removes them from the query string and from form fields — tab,
line feed and carriage return excepted — so every view, form or not, gets clean text;
nothing else the person typed changes. Uploaded files and JSON bodies are not touched
(the API's schema and the upload checks own those)."""

import re

from django.http import QueryDict

# C0 controls except \t \n \r, and DEL.
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def strip_controls(value: str) -> str:
    return CONTROL.sub("", value)


def _cleaned(data: QueryDict) -> QueryDict | None:
    """A copy of `data` without control characters, or None when it has none."""
    if not any(CONTROL.search(k) or any(CONTROL.search(v) for v in data.getlist(k)) for k in data):
        return None
    clean = QueryDict(mutable=True, encoding=data.encoding)
    for key in data:
        clean.setlist(strip_controls(key), [strip_controls(v) for v in data.getlist(key)])
    clean._mutable = False
    return clean


class ControlCharactersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.META.get("QUERY_STRING"):
            clean = _cleaned(request.GET)
            if clean is not None:
                request.GET = clean
        if request.method == "POST" and request.content_type in (
            "application/x-www-form-urlencoded",
            "multipart/form-data",
        ):
            clean = _cleaned(request.POST)
            if clean is not None:
                request.POST = clean
        return self.get_response(request)
