"""Template helpers of the innovation sheets and the fund's promotion panel."""

from django import template
from django.urls import NoReverseMatch, reverse

from essaim.applications.enums import ApplicationState
from essaim.applications.uploads import format_size
from essaim.applications.visibility import jury_outcome_visible

from ..models import Innovation
from ..selectors.sheets import fund_promotion as fund_promotion_selector

register = template.Library()


@register.simple_tag
def optional_url(name, *args):
    """The URL named `name`, or "" while that page does not exist yet (another area of the
    catalogue provides it)."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return ""


@register.filter
def lines(text):
    """The non-empty lines of a text, stripped of list marks typed by hand ("- ", "1. ")."""
    result = []
    for line in (text or "").splitlines():
        line = line.strip().lstrip("-•*–").strip()
        head, _sep, rest = line.partition(". ")
        if head.isdigit() and rest:
            line = rest.strip()
        if line:
            result.append(line)
    return result


@register.filter
def file_size(size):
    return format_size(size) if size else ""


@register.simple_tag
def fund_promotion(fund):
    """The fund page's latest news and its testimonials (two queries)."""
    return fund_promotion_selector(fund)


@register.simple_tag(takes_context=True)
def innovation_sheet_for(context, application):
    """For the dossier page: the dossier's sheet, or None, and whether the person may
    write it. Only a laureate's dossier has one. One query."""
    user = context["request"].user
    if application.state not in ApplicationState.selected() or not jury_outcome_visible(
        application
    ):
        return None
    innovation = Innovation.objects.filter(application=application).first()
    probe = innovation or Innovation(application=application, fund=application.call.fund)
    if not user.has_perm("catalogue.edit_innovation", probe):
        return None
    return {"innovation": innovation}


TYPE_LABELS = {
    "application/pdf": "PDF",
    "application/vnd.oasis.opendocument.text": "ODT",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "DOCX",
    "image/png": "PNG",
    "image/jpeg": "JPEG",
}


@register.filter
def file_type(content_type):
    """'PDF', 'DOCX'… for a detected content type."""
    return TYPE_LABELS.get(content_type or "", "")
