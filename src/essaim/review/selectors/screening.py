"""Reads of eligibility screening and of decisions: the screening list of a call, a
dossier's decision history for staff, and what its team may read of it.

Each runs a fixed number of queries whatever the number of dossiers or decisions.
"""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext_lazy as _

from essaim.applications.enums import ApplicationState
from essaim.applications.models import Application
from essaim.applications.selectors import state_counts_by_call
from essaim.applications.visibility import jury_outcome_visible
from essaim.funds.models import Call

from ..enums import DecisionKind, ReviewStageKind, ReviewStatus
from ..models import Decision, Review

# The screening list's filter: its value in the address, its label, the states it shows.
SCREENING_FILTERS: dict[str, tuple[str, list[str]]] = {
    "a-examiner": (_("À examiner"), [ApplicationState.SUBMITTED]),
    # declared recevable, whatever happened next (as the call's dashboard counts them)
    "recevables": (_("Recevables"), ApplicationState.declared_eligible()),
    "non-recevables": (_("Non recevables"), [ApplicationState.INELIGIBLE]),
    "tous": (
        _("Tous les dossiers déposés"),
        [s for s in ApplicationState.values if s != ApplicationState.DRAFT],
    ),
}
DEFAULT_FILTER = "a-examiner"

# the columns of the screening list (the long answers stay in the database)
LIST_FIELDS = (
    "id",
    "call_id",
    "state",
    "reference",
    "title",
    "organisation_name",
    "submitted_at",
)


def screening_list(call: Call, states: list[str]) -> QuerySet[Application]:
    """The call's dossiers in `states`, oldest submission first (the order they came in),
    each with its eligibility decisions, newest first, in `eligibility_decisions`.

    Served by the (call, state, -submitted_at) index.
    """
    decisions = (
        Decision.objects.filter(kind=DecisionKind.ELIGIBILITY)
        .select_related("decided_by")
        .order_by("-decided_at", "-id")
    )
    return (
        Application.objects.filter(call=call, state__in=states)
        .only(*LIST_FIELDS)
        .order_by("submitted_at", "id")
        .prefetch_related(
            Prefetch("decisions", queryset=decisions, to_attr="eligibility_decisions")
        )
    )


def screening_counts(call: Call) -> dict[str, int]:
    """{filter value: number of dossiers} for the filter's links, in one aggregate query."""
    counts = state_counts_by_call([call.pk]).get(call.pk, {})
    return {
        key: sum(counts.get(state, 0) for state in states)
        for key, (_label, states) in SCREENING_FILTERS.items()
    }


def decision_history(application: Application) -> QuerySet[Decision]:
    """Every decision on the dossier, newest first, with who took it (staff only)."""
    return (
        Decision.objects.filter(application=application)
        .select_related("decided_by", "jury_session")
        .order_by("-decided_at", "-id")
    )


@dataclass(frozen=True)
class TeamDecision:
    """A decision as its team reads it: no internal note, no author."""

    kind: str
    kind_label: str
    outcome: str
    outcome_label: str
    reason: str
    decided_at: datetime


def team_decisions(application: Application) -> list[TeamDecision]:
    """The latest eligibility, shortlist and jury decisions, in the order of the procedure.

    A jury decision shows once it is announced to the team (results published, or a
    confirmed decision mailing for that outcome): see applications.visibility.
    """
    latest: dict[str, Decision] = {}
    rows = (
        Decision.objects.filter(application=application, kind__in=DecisionKind.values)
        .only("kind", "outcome", "reason", "decided_at")
        .order_by("-decided_at", "-id")
    )
    for decision in rows:
        latest.setdefault(decision.kind, decision)
    jury = latest.get(DecisionKind.JURY)
    if jury is not None and not jury_outcome_visible(application, jury.outcome):
        del latest[DecisionKind.JURY]
    return [
        TeamDecision(
            kind=decision.kind,
            kind_label=str(DecisionKind(decision.kind).label),
            outcome=decision.outcome,
            outcome_label=str(ApplicationState(decision.outcome).label),
            reason=decision.reason,
            decided_at=decision.decided_at,
        )
        for kind in DecisionKind.values
        if (decision := latest.get(kind)) is not None
    ]


# The decision after which the team reads the comments written for it at each stage.
FEEDBACK_AFTER = {
    ReviewStageKind.FIRST_SELECTION: DecisionKind.SHORTLIST,
    ReviewStageKind.EXPERT_REVIEW: DecisionKind.SHORTLIST,
    ReviewStageKind.JURY: DecisionKind.JURY,
}


@dataclass(frozen=True)
class TeamFeedback:
    """A reviewer's comment for the team, without the reviewer's name or scores."""

    stage_name: str
    text: str


def team_feedback(application: Application, decisions: list[TeamDecision]) -> list[TeamFeedback]:
    """The comments reviewers wrote for the team, once the decision that closes their stage
    is one the team may read (`decisions` is what team_decisions returned). One query."""
    decided = {decision.kind for decision in decisions}
    kinds = [kind for kind, after in FEEDBACK_AFTER.items() if after in decided]
    if not kinds:
        return []
    reviews = (
        Review.objects.filter(
            assignment__application=application,
            assignment__stage__kind__in=kinds,
            assignment__stage__allows_comment_for_applicant=True,
            status=ReviewStatus.SUBMITTED,
        )
        .exclude(comment_for_applicant="")
        .select_related("assignment__stage")
        .only(
            "comment_for_applicant",
            "assignment__stage__kind",
            "assignment__stage__title",
            "assignment__stage__position",
        )
        .order_by("assignment__stage__position", "submitted_at", "id")
    )
    return [
        TeamFeedback(r.assignment.stage.display_title, r.comment_for_applicant) for r in reviews
    ]
