"""Reads about dossiers for the back-office. Each runs a fixed number of queries whatever
the number of dossiers; callers scope them to calls the person manages."""

from collections import defaultdict
from collections.abc import Iterable

from django.db.models import Count, OuterRef, QuerySet, Subquery

from essaim.core.models import AuditEvent
from essaim.funds.models import Call

from .enums import ApplicationState, TeamAccess
from .models import Application, TeamMember

# the columns of the staff list, and nothing else (the long answers stay in the database)
LIST_FIELDS = (
    "id",
    "call_id",
    "state",
    "reference",
    "title",
    "organisation_name",
    "organisation_type",
    "organisation_departement",
    "submitted_at",
    "theme__id",
    "theme__title",
    "theme__position",
)


def state_counts_by_call(call_ids: Iterable[int]) -> dict[int, dict[str, int]]:
    """{call_id: {state: count}} in one aggregate query (served by the (call, state) index)."""
    counts: dict[int, dict[str, int]] = defaultdict(dict)
    rows = (
        Application.objects.filter(call_id__in=list(call_ids))
        .order_by()
        .values_list("call_id", "state")
        .annotate(n=Count("*"))  # COUNT(*): answered from the index
    )
    for call_id, state, n in rows:
        counts[call_id][state] = n
    return counts


def state_counts(call: Call) -> list[dict]:
    """Every state that has dossiers in `call`, in the order of the state machine, with its
    French label and count; drafts included (they are counted, not listed by default)."""
    counts = state_counts_by_call([call.pk]).get(call.pk, {})
    return [
        {"state": state, "label": label, "count": counts[state]}
        for state, label in ApplicationState.choices
        if counts.get(state)
    ]


def call_application_list(call: Call) -> QuerySet[Application]:
    """The base of a call's staff list and export: the call's dossiers with their theme."""
    return Application.objects.filter(call=call).select_related("theme").only(*LIST_FIELDS)


def with_owner(queryset: QuerySet[Application]) -> QuerySet[Application]:
    """Add `owner_name` and `owner_email` from the team's owner row (which survives the
    deletion of the account), as subqueries of the same statement."""
    owner = TeamMember.objects.filter(
        application_id=OuterRef("pk"), access=TeamAccess.OWNER
    ).order_by("id")
    return queryset.annotate(
        owner_name=Subquery(owner.values("full_name")[:1]),
        owner_email=Subquery(owner.values("email")[:1]),
    )


def staff_application_detail(queryset: QuerySet[Application]) -> QuerySet[Application]:
    """Everything the staff view of one dossier shows, in a fixed number of queries."""
    return queryset.select_related(
        "call__fund", "theme", "support_request", "created_by"
    ).prefetch_related("team", "budget_lines", "attachments")


def application_audit_trail(application: Application) -> QuerySet[AuditEvent]:
    return AuditEvent.objects.for_object(application).select_related("actor")
