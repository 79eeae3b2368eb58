"""« Déjà fait ailleurs » panels: the published sheets closest to a sheet (on its public
page) or to a dossier's problem and idea (while the applicant writes). Two queries each."""

from django import template

from essaim.catalogue.similarity import similar_to_application, similar_to_innovation

register = template.Library()

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
