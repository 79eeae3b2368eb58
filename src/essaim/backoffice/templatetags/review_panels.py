"""The reviews' panel on the staff dossier page (which another area's view renders): the
tag loads the dossier's reviews and ranking lines, for the fund's staff only."""

from django import template

from essaim.review.selectors.application_reviews import application_reviews

register = template.Library()


@register.simple_tag(takes_context=True)
def reviews_panel(context, application):
    user = context["request"].user
    if not user.has_perm("review.manage_selection", application.call):
        return None
    return application_reviews(application)
