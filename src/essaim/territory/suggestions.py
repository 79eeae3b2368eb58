"""How a body is shown in the combobox and on the search page: its name, and a line that
tells homonyms apart (kind, département, postal code)."""

from django.utils.translation import gettext as _

from .enums import DEPARTEMENT_NAMES, EpciKind, OrganisationType
from .models import Organisation


def detail(organisation: Organisation) -> str:
    """ "Commune · Gironde (33) · 33600", "Communauté de communes · Corrèze (19)"."""
    if organisation.epci_kind:
        kind = EpciKind(organisation.epci_kind).label
    else:
        kind = OrganisationType(organisation.kind).label
    parts = [str(kind)]
    if organisation.departement:
        name = DEPARTEMENT_NAMES.get(organisation.departement, "")
        parts.append(f"{name} ({organisation.departement})")
    codes = organisation.postal_codes.split()
    if len(codes) > 2:
        parts.append(_("%(first)s, %(second)s…") % {"first": codes[0], "second": codes[1]})
    elif codes:
        parts.append(", ".join(codes))
    if not organisation.is_official:
        parts.append(_("ajouté par un utilisateur"))
    return " · ".join(parts)


def suggestion(organisation: Organisation) -> dict:
    return {
        "id": organisation.pk,
        "label": str(organisation),
        "name": organisation.name,
        "detail": detail(organisation),
    }
