"""The accompaniment panels of the staff call and dossier pages (which other areas' views
render): the tags load what the panels show, for the call's staff only."""

from django import template
from django.urls import NoReverseMatch, reverse

from essaim.accompaniment.selectors.setup import accompaniment_summary
from essaim.applications.enums import ApplicationState

register = template.Library()


@register.simple_tag(takes_context=True)
def accompaniment_panel(context, application):
    """None for anyone but the call's staff, and before the jury made the dossier laureate."""
    user = context["request"].user
    if application.state not in ApplicationState.selected():
        return None
    if not user.has_perm("accompaniment.manage_call", application.call):
        return None
    return {"summary": accompaniment_summary(application)}


@register.simple_tag
def workspace_url(accompaniment) -> str:
    """The shared workspace of the laureate, once the coaching space serves it."""
    try:
        return reverse("coaching:workspace", args=[accompaniment.pk])
    except NoReverseMatch:
        return ""
