"""The engagement panel of the staff dossier page reads its own data (two queries, none
for a dossier that is not a laureate)."""

from django import template

from essaim.accompaniment.enums import SignatureSide
from essaim.accompaniment.selectors.engagements import (
    application_engagements,
    current_engagement,
    signature_of,
    signed_engagement,
)
from essaim.applications.enums import ApplicationState

register = template.Library()


@register.simple_tag(takes_context=True)
def staff_engagement_panel(context, application) -> dict | None:
    user = context["request"].user
    if application.state not in ApplicationState.selected() or not user.has_perm(
        "accompaniment.manage_engagement", application
    ):
        return None
    versions = application_engagements(application)
    current = current_engagement(versions)
    return {
        "versions": versions,
        "current": current,
        "in_force": signed_engagement(versions),
        "fund_signature": signature_of(current, SignatureSide.FUND) if current else None,
        "team_signature": signature_of(current, SignatureSide.TEAM) if current else None,
    }
