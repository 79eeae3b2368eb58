"""Data of the staff dossier page's selection panels (decisions, support and versions).

The page's view does not know these panels; each loads what it shows in a fixed number of
queries.
"""

from django import template

from essaim.review.selectors.screening import decision_history
from essaim.review.selectors.support_rounds import application_feedbacks, version_list

register = template.Library()


@register.simple_tag
def staff_decisions(application) -> list:
    """Every decision on the dossier, newest first (one query)."""
    return list(decision_history(application))


@register.simple_tag
def staff_support(application) -> dict:
    """The dossier's versions (oldest first) and its support feedbacks (two queries)."""
    versions = list(version_list(application))
    return {"versions": versions, "feedbacks": list(application_feedbacks(application))}
