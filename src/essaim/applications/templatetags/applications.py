from django import template
from django.utils import translation

from essaim.applications.enums import ApplicationState as S
from essaim.territory.enums import DEPARTEMENT_CHOICES, OrganisationType

register = template.Library()

_TAG_CLASSES = {
    S.DRAFT: "tag--grey",
    S.SUBMITTED: "",
    S.ELIGIBLE: "",
    S.INELIGIBLE: "tag--red",
    S.SHORTLISTED: "tag--yellow",
    S.NOT_SHORTLISTED: "tag--red",
    S.IN_SUPPORT: "tag--yellow",
    S.LAUREATE: "tag--green",
    S.WAITLISTED: "tag--yellow",
    S.NOT_SELECTED: "tag--red",
    S.IN_ACCOMPANIMENT: "tag--green",
    S.ACCOMPANIED: "tag--green",
    S.WITHDRAWN: "tag--grey",
}


@register.filter
def state_tag_class(state: str) -> str:
    """The colour of a state's tag; the tag always carries the state's name in words."""
    return _TAG_CLASSES.get(state, "")


@register.filter
def section_tag_class(status: str) -> str:
    return {"done": "tag--green", "in_progress": "tag--yellow"}.get(status, "tag--grey")


@register.filter
def state_label(state: str) -> str:
    try:
        return S(state).label
    except ValueError:
        return state


_TYPE_LABELS: dict[str, dict[str, str]] = {}


@register.filter
def organisation_type_label(value: str) -> str:
    """Label of a kind of body, from a dict built once per language (list pages call this
    for every row; `get_organisation_type_display` rebuilds the choices each time)."""
    language = translation.get_language() or "fr"
    if language not in _TYPE_LABELS:
        _TYPE_LABELS[language] = {k: str(v) for k, v in OrganisationType.choices}
    return _TYPE_LABELS[language].get(value, value)


_DEPARTEMENTS = dict(DEPARTEMENT_CHOICES)


@register.filter
def departement_label(code: str) -> str:
    return _DEPARTEMENTS.get(code, code)
