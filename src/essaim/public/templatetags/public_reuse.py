"""Reuse on public and portal pages: the panel of an innovation's reuses (one query, so a
page that includes it stays at a fixed count), the tag class of a status, and the link to
an innovation's public sheet."""

from django import template
from django.urls import NoReverseMatch, reverse

from essaim.catalogue.enums import ReuseStatus
from essaim.catalogue.selectors.reuse import innovation_reuses

register = template.Library()

STATUS_TAG_CLASSES = {
    ReuseStatus.INTERESTED: "tag--grey",
    ReuseStatus.IN_CONTACT: "",
    ReuseStatus.ADAPTING: "tag--yellow",
    ReuseStatus.DEPLOYED: "tag--green",
    ReuseStatus.ABANDONED: "tag--red",
}


@register.filter
def reuse_tag_class(status: str) -> str:
    return STATUS_TAG_CLASSES.get(status, "tag--grey")


@register.filter
def reuse_status_label(status: str) -> str:
    return ReuseStatus(status).label if status in ReuseStatus.values else status


@register.simple_tag
def innovation_sheet_url(innovation) -> str:
    """The public sheet of an innovation ("" when the sheet pages are not installed)."""
    try:
        return reverse("public:innovation_detail", args=[innovation.slug])
    except NoReverseMatch:
        return ""


@register.inclusion_tag("public/reuse/panel.html", takes_context=True)
def innovation_reuses_panel(context, innovation):
    return {
        "innovation": innovation,
        "reuses": innovation_reuses(innovation),
        # the sheet's preview of an unpublished innovation offers no declaration
        "can_declare": innovation.is_published and not context.get("is_preview"),
    }
