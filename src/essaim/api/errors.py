"""The API's error bodies in the reader's language (French unless the site's language
cookie says English), in place of django-ninja's English ones.

A 404 answers `{"detail": "…"}`. A 422 keeps ninja's shape, one entry per parameter with
`type`, `loc` and `ctx` for programs, and writes `msg` for people: pydantic's messages are
English and name Python types ("Input should be a valid integer").
"""

import re

from django.http import Http404
from django.utils.translation import gettext as _
from ninja.errors import ValidationError


def _values(expected: str) -> str:
    # pydantic writes "'open', 'closed' or 'upcoming'"
    return ", ".join(re.findall(r"'([^']*)'", expected)) or expected


def message(error: dict) -> str:
    """A sentence for one of pydantic's errors (the kinds our parameters can raise)."""
    kind = error.get("type", "")
    ctx = error.get("ctx") or {}
    if kind == "missing":
        return _("Ce paramètre est obligatoire.")
    if kind.startswith("int_"):
        return _("Un nombre entier est attendu.")
    if kind == "greater_than_equal":
        return _("La valeur doit être supérieure ou égale à %(limit)s.") % {"limit": ctx["ge"]}
    if kind == "less_than_equal":
        return _("La valeur doit être inférieure ou égale à %(limit)s.") % {"limit": ctx["le"]}
    if kind == "string_too_long":
        return _("%(count)s caractères au plus.") % {"count": ctx["max_length"]}
    if kind == "string_pattern_mismatch":
        return _("Seuls les lettres sans accent, les chiffres, « - » et « _ » sont acceptés.")
    if kind in ("enum", "literal_error"):
        return _("Valeurs possibles : %(values)s.") % {"values": _values(ctx.get("expected", ""))}
    return _("Cette valeur n'est pas valide.")


def install(api) -> None:
    def not_found(request, exc):
        return api.create_response(request, {"detail": _("Ressource introuvable.")}, status=404)

    def invalid(request, exc):
        detail = [{**error, "msg": message(error)} for error in exc.errors]
        return api.create_response(request, {"detail": detail}, status=422)

    api.add_exception_handler(Http404, not_found)
    api.add_exception_handler(ValidationError, invalid)
