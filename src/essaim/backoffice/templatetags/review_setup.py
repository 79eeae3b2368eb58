"""The review set-up's panel on the staff dossier page (which another area's view renders):
the tag loads the dossier's assignments and conflicts in a fixed number of queries."""

from django import template

from essaim.review.selectors.assignment import application_assignments

register = template.Library()


@register.simple_tag
def assignment_panel(application):
    return application_assignments(application)
