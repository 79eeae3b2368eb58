from django import template

from essaim.applications.enums import ApplicationState as S

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
