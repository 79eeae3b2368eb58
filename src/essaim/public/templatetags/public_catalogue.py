"""The catalogue's tags: « Déjà fait ailleurs » panels (the published sheets closest to a
sheet, on its public page, or to a dossier's problem and idea while the applicant writes;
two queries each) and the facets' checkboxes."""

from django import template
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe

from essaim.catalogue.similarity import similar_to_application, similar_to_innovation

register = template.Library()

CHECKED = mark_safe(" checked")

# the portal shows the panel beside these sections of the dossier
APPLICATION_SECTIONS = ("problem", "idea")


@register.inclusion_tag("public/catalogue/includes/similar_list.html")
def similar_innovations_panel(innovation):
    return {
        "similar": similar_to_innovation(innovation),
        "heading_id": f"similar-{innovation.pk}",
        "for_applicant": False,
    }


@register.inclusion_tag("public/catalogue/includes/similar_list.html")
def application_similar_innovations(application, section=None):
    """Only on the problem and idea sections, and only once the dossier says something."""
    slug = getattr(section, "slug", section)
    if slug not in APPLICATION_SECTIONS or not (application.problem or application.idea):
        return {"similar": []}
    return {
        "similar": similar_to_application(application),
        "heading_id": "similar-innovations",
        "for_applicant": True,
    }


@register.simple_tag
def facet_choices(facet):
    """The checkboxes of one facet's values. Written in Python rather than as a template
    loop: the filters hold ~160 values, and the template engine's per-variable cost made
    them half the rendering time of a new search (every value escaped all the same)."""
    return format_html_join(
        "\n",
        '<li class="choice"><input type="checkbox" name="{0}" value="{1}" id="f-{0}-{1}"{2}>'
        '<label for="f-{0}-{1}">{3} <span class="count">({4})</span></label></li>',
        (
            (
                facet.parameter,
                value.value,
                CHECKED if value.selected else "",
                value.label,
                value.count,
            )
            for value in facet.values
        ),
    )
