"""The engagement panel of the team's dossier page reads its own data (two queries, none
for a dossier that is not a laureate)."""

from django import template

from essaim.accompaniment.enums import EngagementStatus, SignatureSide
from essaim.accompaniment.selectors.engagements import (
    application_engagements,
    signature_of,
    signed_engagement,
)
from essaim.applications.enums import ApplicationState
from essaim.applications.visibility import jury_outcome_visible

register = template.Library()


@register.simple_tag(takes_context=True)
def team_engagement_panel(context, application) -> dict | None:
    user = context["request"].user
    if (
        application.state not in ApplicationState.selected()
        or not jury_outcome_visible(application)  # nothing tells of a jury outcome not announced
        or not user.has_perm("accompaniment.view_engagement", application)
    ):
        return None
    versions = application_engagements(application)
    draft = next((v for v in versions if v.status == EngagementStatus.DRAFT), None)
    fund_signed = draft is not None and signature_of(draft, SignatureSide.FUND) is not None
    return {
        "in_force": signed_engagement(versions),
        "draft": draft,
        # the team reads a draft once the fund has signed it
        "awaiting_team": draft if fund_signed else None,
        "can_sign": fund_signed
        and signature_of(draft, SignatureSide.TEAM) is None
        and user.has_perm("accompaniment.sign_for_team", draft),
    }
