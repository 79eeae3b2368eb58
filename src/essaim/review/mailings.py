"""The placeholders of decision messages and their safe rendering.

Staff write subjects and bodies with placeholders such as {reference} or {motif}. Rendering
is a plain regex substitution from a dict of strings: never `str.format`, whose attribute
and index access ({x.__class__}) would let a template reach into Python objects. Any
`{word}` that is not a known placeholder is refused when the template is saved.
"""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from essaim.applications.enums import ApplicationState

# name -> what it becomes, shown in the help text of the template form (order kept)
PLACEHOLDERS = {
    "reference": _("la référence du dossier (par exemple MNT-2024-06-0012)"),
    "titre": _("le titre du projet"),
    "organisme": _("le nom de l'organisme"),
    "porteur": _("le prénom et le nom du porteur du dossier"),
    "appel": _("le titre de l'appel"),
    "fonds": _("le nom du fonds"),
    "motif": _("le motif de la décision communiqué à l'équipe"),
    "lien": _("l'adresse du dossier sur Essaim"),
}

# The outcomes staff announce by message, in the order of the procedure.
MAIL_OUTCOMES = [
    ApplicationState.ELIGIBLE,
    ApplicationState.INELIGIBLE,
    ApplicationState.SHORTLISTED,
    ApplicationState.NOT_SHORTLISTED,
    ApplicationState.LAUREATE,
    ApplicationState.WAITLISTED,
    ApplicationState.NOT_SELECTED,
]

# Anything between single braces on one line; the name is checked against PLACEHOLDERS.
_TOKEN = re.compile(r"\{([^{}\n]{0,60})\}")


def placeholder_list() -> str:
    """ "{reference}, {titre}, …" for error messages and hints."""
    return ", ".join(f"{{{name}}}" for name in PLACEHOLDERS)


def unknown_placeholders(text: str) -> list[str]:
    """The `{…}` tokens of `text` that are not placeholders, in order, without repeats."""
    unknown: list[str] = []
    for match in _TOKEN.finditer(text):
        token = match.group(0)
        if match.group(1) not in PLACEHOLDERS and token not in unknown:
            unknown.append(token)
    return unknown


def validate_placeholders(text: str) -> None:
    """Raise ValidationError naming the unknown tokens and listing the allowed ones."""
    unknown = unknown_placeholders(text)
    if unknown:
        raise ValidationError(
            _(
                "Remplacement inconnu : %(unknown)s. Les remplacements possibles sont : "
                "%(allowed)s."
            ),
            code="unknown_placeholder",
            params={"unknown": ", ".join(unknown), "allowed": placeholder_list()},
        )


def render(text: str, values: dict[str, str]) -> str:
    """Replace each known placeholder by its value; anything else stays as written.

    The result is plain text: templates escape it when they show it in a page.
    """

    def replace(match: re.Match) -> str:
        name = match.group(1)
        if name in PLACEHOLDERS:
            return str(values.get(name, ""))
        return match.group(0)

    return _TOKEN.sub(replace, text)


def sample_values() -> dict[str, str]:
    """Stand-ins for a preview when the call has no dossier in that state yet."""
    return {name: f"[{label}]" for name, label in PLACEHOLDERS.items()}
