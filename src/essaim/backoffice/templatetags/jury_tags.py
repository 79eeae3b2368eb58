"""The jury panel of the staff dossier page reads its own data (two queries)."""

from django import template

from essaim.review.selectors.jury import JuryHistory, application_jury_history

register = template.Library()


@register.simple_tag
def jury_history(application) -> JuryHistory:
    return application_jury_history(application)
