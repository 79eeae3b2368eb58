"""Data of the applicant's dossier page panels about decisions and support rounds.

What the team reads: the outcome and reason of each decision (never the internal note,
never a jury decision before it is announced), the reviewers' comments written for the
team once the decision closing their stage is readable, and the fund's support feedback.
"""

from django import template

from essaim.review.enums import SupportRoundStatus
from essaim.review.selectors.screening import team_decisions as team_decisions_selector
from essaim.review.selectors.screening import team_feedback as team_feedback_selector
from essaim.review.selectors.support_rounds import application_feedbacks, version_list

register = template.Library()


@register.simple_tag
def team_decisions(application) -> list:
    return team_decisions_selector(application)


@register.simple_tag
def team_feedback(application, decisions) -> list:
    return team_feedback_selector(application, decisions)


@register.simple_tag
def team_support(application) -> dict:
    """The latest feedback (its round open or closed) and the versions submitted."""
    feedback = application_feedbacks(application).first()
    return {
        "feedback": feedback,
        "round": feedback.round if feedback else None,
        "is_open": bool(feedback and feedback.round.status == SupportRoundStatus.OPEN),
        "versions": list(version_list(application)) if feedback else [],
    }
