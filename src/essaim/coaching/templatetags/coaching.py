"""Template helpers of the accompaniment space: status tags, the menu link, the link from
an applicant's dossier page to its workspace."""

from django import template

from essaim.accompaniment.enums import MilestoneStatus, PhaseStatus
from essaim.accompaniment.models import Accompaniment
from essaim.accompaniment.selectors.workspace import has_workspaces
from essaim.applications.enums import ApplicationState
from essaim.applications.visibility import jury_outcome_visible

register = template.Library()

MILESTONE_TAGS = {
    MilestoneStatus.UPCOMING: "tag--grey",
    MilestoneStatus.IN_PROGRESS: "tag--yellow",
    MilestoneStatus.ACHIEVED: "tag--green",
    MilestoneStatus.LATE: "tag--red",
    MilestoneStatus.ABANDONED: "tag--grey",
}
PHASE_TAGS = {
    PhaseStatus.PLANNED: "tag--grey",
    PhaseStatus.IN_PROGRESS: "tag--yellow",
    PhaseStatus.DONE: "tag--green",
}


@register.filter
def milestone_tag(status: str) -> str:
    return MILESTONE_TAGS.get(status, "")


@register.filter
def phase_tag(status: str) -> str:
    return PHASE_TAGS.get(status, "")


@register.filter
def milestone_label(status: str) -> str:
    return MilestoneStatus(status).label if status in MilestoneStatus.values else ""


@register.simple_tag
def user_has_workspaces(user) -> bool:
    """For the menu: does the person follow at least one laureate? Cached on the user."""
    cached = getattr(user, "_essaim_has_workspaces", None)
    if cached is None:
        cached = has_workspaces(user)
        if user.is_authenticated:
            user._essaim_has_workspaces = cached
    return cached


@register.simple_tag
def workspace_pk_for(application) -> int | None:
    """The workspace of a laureate dossier, once its team may know it is laureate."""
    if application.state not in ApplicationState.selected():
        return None
    if not jury_outcome_visible(application):
        return None
    if hasattr(application, "workspace_pk"):  # annotated by a list page: no query
        return application.workspace_pk
    return (
        Accompaniment.objects.filter(application_id=application.pk)
        .values_list("pk", flat=True)
        .first()
    )
