"""Reads about jury sessions: who may sit, which dossiers may go before a session, the
deliberation page and the minutes. Each runs a fixed number of queries whatever the number
of members, dossiers and reviews."""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, prefetch_related_objects

from essaim.accounts.models import User
from essaim.applications.enums import ApplicationState
from essaim.applications.models import Application
from essaim.applications.transitions import allowed_targets
from essaim.funds.enums import FundRole
from essaim.funds.models import Call, CallMembership, FundMembership

from ..enums import (
    DECISION_OUTCOMES,
    ConflictSource,
    ConflictStatus,
    DecisionKind,
    ReviewStageKind,
    ReviewStatus,
)
from ..models import (
    Assignment,
    Conflict,
    Criterion,
    Decision,
    JuryItem,
    JuryMember,
    JurySession,
    ReviewStage,
)
from ..ranking import RankedApplication, rank_stage

JURY_OUTCOMES = DECISION_OUTCOMES[DecisionKind.JURY]
# The stage whose scores the jury reads, by preference.
SCORING_STAGE_PREFERENCE = (
    ReviewStageKind.JURY,
    ReviewStageKind.EXPERT_REVIEW,
    ReviewStageKind.FIRST_SELECTION,
)


# --- who sits, what comes before the jury -------------------------------------------------


def jury_candidates(call: Call) -> QuerySet[User]:
    """The people who may sit on a session of `call`: its jurors and its fund's staff, each
    annotated with `is_juror` and `is_fund_staff`."""
    juror = CallMembership.objects.filter(call=call, user=OuterRef("pk"), role=FundRole.JUROR)
    staff = FundMembership.objects.filter(
        fund_id=call.fund_id, user=OuterRef("pk"), role=FundRole.STAFF
    )
    return (
        User.objects.annotate(is_juror=Exists(juror), is_fund_staff=Exists(staff))
        .filter(Q(is_juror=True) | Q(is_fund_staff=True))
        .order_by("full_name", "email")
    )


def jury_entry_states(call: Call) -> list[str]:
    """The states of dossiers waiting for the jury: shortlisted (or still being supported)
    after a first selection, eligible when the call has none."""
    if call.uses_first_selection:
        return [ApplicationState.SHORTLISTED, ApplicationState.IN_SUPPORT]
    return [ApplicationState.ELIGIBLE]


def default_jury_applications(call: Call) -> QuerySet[Application]:
    """The dossiers a new session examines: every one waiting for the jury."""
    return Application.objects.filter(call=call, state__in=jury_entry_states(call)).order_by(
        "reference", "pk"
    )


def jury_application_choices(session: JurySession) -> QuerySet[Application]:
    """Dossiers staff may put before `session`: those waiting for the jury, those on the
    waiting list (a later session may still pick them) and those already before it."""
    return (
        Application.objects.filter(call_id=session.call_id)
        .filter(
            Q(state__in=[*jury_entry_states(session.call), ApplicationState.WAITLISTED])
            | Q(jury_items__session=session)
        )
        .distinct()
        .order_by("reference", "pk")
    )


def current_laureates(call: Call) -> QuerySet[Application]:
    """The call's laureates, whether their accompaniment has begun or not."""
    return Application.objects.filter(call=call, state__in=ApplicationState.selected()).order_by(
        "reference", "pk"
    )


def call_sessions(call: Call) -> QuerySet[JurySession]:
    return JurySession.objects.filter(call=call).annotate(
        member_count=Count("members", distinct=True),
        item_count=Count("items", distinct=True),
        decision_count=Count("decisions", distinct=True),
    )


def staff_session_queryset() -> QuerySet[JurySession]:
    return JurySession.objects.select_related("call__fund")


# --- the cap on laureates -----------------------------------------------------------------


@dataclass(frozen=True)
class LaureateCount:
    count: int
    maximum: int | None
    laureates: list[Application]

    @property
    def remaining(self) -> int | None:
        return None if self.maximum is None else max(self.maximum - self.count, 0)

    @property
    def reached(self) -> bool:
        return self.maximum is not None and self.count >= self.maximum

    @property
    def approaching(self) -> bool:
        """One place left: worth a warning before the last laureate is named."""
        return self.maximum is not None and not self.reached and self.remaining == 1


def laureate_count(call: Call) -> LaureateCount:
    laureates = list(current_laureates(call).only("pk", "reference", "title", "state"))
    return LaureateCount(
        count=len(laureates), maximum=call.max_laureates or None, laureates=laureates
    )


# --- the deliberation ---------------------------------------------------------------------


@dataclass
class ScoreLine:
    criterion: Criterion
    value: int | None
    comment: str


@dataclass
class ReviewLine:
    reviewer: User
    scores: list[ScoreLine]
    comment: str
    submitted_at: object
    # the reviewer has a conflict of interest on the dossier: the ranking leaves it out
    set_aside: bool = False


@dataclass
class DeliberationRow:
    item: JuryItem
    application: Application
    ranked: RankedApplication | None
    reviews: list[ReviewLine] = field(default_factory=list)
    pending_reviews: int = 0
    conflicts: list[Conflict] = field(default_factory=list)
    abstainers: list[User] = field(default_factory=list)
    decision: Decision | None = None  # the latest jury decision on the dossier
    outcomes: list[str] = field(default_factory=list)  # what the jury may still decide

    @property
    def anchor(self) -> str:
        return f"dossier-{self.application.pk}"

    @property
    def decided_in_session(self) -> bool:
        return self.decision is not None and self.decision.jury_session_id == self.item.session_id


@dataclass
class Deliberation:
    session: JurySession
    call: Call
    members: list[JuryMember]
    rows: list[DeliberationRow]
    stage: ReviewStage | None
    criteria: list[Criterion]
    laureates: LaureateCount

    @property
    def is_held(self) -> bool:
        return self.session.held_at is not None

    @property
    def attendance_complete(self) -> bool:
        return bool(self.members) and all(m.was_present is not None for m in self.members)

    def row_for(self, application_id: int) -> DeliberationRow | None:
        return next((r for r in self.rows if r.application.pk == application_id), None)


def scoring_stage(call: Call) -> ReviewStage | None:
    """The stage whose scores the jury reads: its own, else the experts', else the first
    selection's."""
    stages = {s.kind: s for s in ReviewStage.objects.filter(call=call)}
    return next((stages[k] for k in SCORING_STAGE_PREFERENCE if k in stages), None)


def _ranking(stage: ReviewStage | None) -> dict[int, RankedApplication]:
    if stage is None:
        return {}
    return {ranked.application_id: ranked for ranked in rank_stage(stage)}


def latest_jury_decisions(application_ids: list[int]) -> dict[int, Decision]:
    latest: dict[int, Decision] = {}
    decisions = (
        Decision.objects.filter(application_id__in=application_ids, kind=DecisionKind.JURY)
        .select_related("decided_by", "jury_session")
        .order_by("-decided_at", "-id")
    )
    for decision in decisions:
        latest.setdefault(decision.application_id, decision)
    return latest


def _reviews(
    stage: ReviewStage,
    criteria: list[Criterion],
    application_ids: list[int],
    conflicted: set[tuple[int, int]],
) -> dict[int, tuple[list, int]]:
    """{application_id: ([ReviewLine…], number of reviews not yet handed in)}; each line's
    scores follow `criteria` (None where a criterion was not scored)."""
    assignments = (
        Assignment.objects.filter(stage=stage, application_id__in=application_ids)
        .select_related("reviewer", "review")
        .prefetch_related("review__scores")
        .order_by("application_id", "reviewer__full_name", "pk")
    )
    found: dict[int, tuple[list, int]] = {}
    for assignment in assignments:
        lines, pending = found.get(assignment.application_id, ([], 0))
        review = getattr(assignment, "review", None)
        if review is None or review.status != ReviewStatus.SUBMITTED:
            found[assignment.application_id] = (lines, pending + 1)
            continue
        by_criterion = {score.criterion_id: score for score in review.scores.all()}
        scores = []
        for criterion in criteria:
            score = by_criterion.get(criterion.pk)
            scores.append(
                ScoreLine(criterion, score.value if score else None, score.comment if score else "")
            )
        lines.append(
            ReviewLine(
                reviewer=assignment.reviewer,
                scores=scores,
                comment=review.comment,
                submitted_at=review.submitted_at,
                set_aside=(assignment.application_id, assignment.reviewer_id) in conflicted,
            )
        )
        found[assignment.application_id] = (lines, pending)
    return found


def _session_with_members(session: JurySession) -> tuple[JurySession, Call, list[JuryMember]]:
    call = session.call  # staff_session_queryset() joins it with its fund
    prefetch_related_objects([call], "stages", "fund")
    members = list(JuryMember.objects.filter(session=session).select_related("user"))
    return session, call, members


def deliberation(session: JurySession) -> Deliberation:
    """Everything the deliberation page shows, dossiers in ranking order (unranked ones
    after, in their order of passage)."""
    session, call, members = _session_with_members(session)
    items = list(
        JuryItem.objects.filter(session=session)
        .select_related("application")
        .prefetch_related("abstentions")
    )
    ids = [item.application_id for item in items]
    stage = scoring_stage(call)
    criteria = list(stage.criteria.all()) if stage else []
    ranking = _ranking(stage)
    standing = (
        list(
            Conflict.objects.filter(application_id__in=ids)
            .exclude(status=ConflictStatus.CLEARED)
            .select_related("person")
            .order_by("person__full_name", "pk")
        )
        if ids
        else []
    )
    member_ids = {m.user_id for m in members}
    conflicts: dict[int, list[Conflict]] = defaultdict(list)
    for conflict in standing:
        if conflict.person_id in member_ids:
            conflicts[conflict.application_id].append(conflict)
    conflicted = {(c.application_id, c.person_id) for c in standing}
    reviews = _reviews(stage, criteria, ids, conflicted) if stage and ids else {}
    decisions = latest_jury_decisions(ids) if ids else {}

    rows = []
    for item in items:
        application = item.application
        application.call = call  # its stages are prefetched once for allowed_targets()
        targets = allowed_targets(application)
        lines, pending = reviews.get(application.pk, ([], 0))
        rows.append(
            DeliberationRow(
                item=item,
                application=application,
                ranked=ranking.get(application.pk),
                reviews=lines,
                pending_reviews=pending,
                conflicts=conflicts.get(application.pk, []),
                abstainers=sorted(item.abstentions.all(), key=lambda u: u.full_name),
                decision=decisions.get(application.pk),
                outcomes=[o for o in JURY_OUTCOMES if o in targets],
            )
        )
    rows.sort(key=_ranking_order)
    return Deliberation(
        session=session,
        call=call,
        members=members,
        rows=rows,
        stage=stage,
        criteria=criteria,
        laureates=laureate_count(call),
    )


def _ranking_order(row: DeliberationRow):
    rank = getattr(row.ranked, "rank", None)
    return (rank is None, rank or 0, row.item.position, row.item.pk)


# --- the minutes --------------------------------------------------------------------------


def minutes_content(session: JurySession) -> dict:
    """What the minutes say, as plain data: the PDF shows it and its SHA-256 covers it, so
    two copies of the minutes with the same fingerprint say the same thing."""
    session, call, members = _session_with_members(session)
    items = list(
        JuryItem.objects.filter(session=session)
        .select_related("application")
        .prefetch_related("abstentions")
    )
    ids = [item.application_id for item in items]
    member_ids = [m.user_id for m in members]
    conflicts: dict[int, list[Conflict]] = defaultdict(list)
    if ids and member_ids:
        for conflict in (
            Conflict.objects.filter(application_id__in=ids, person_id__in=member_ids)
            .filter(Q(source=ConflictSource.DECLARED) | Q(status=ConflictStatus.CONFIRMED))
            .select_related("person")
            .order_by("person__full_name")
        ):
            conflicts[conflict.application_id].append(conflict)
    decisions: dict[int, Decision] = {}
    for decision in (
        Decision.objects.filter(jury_session=session, kind=DecisionKind.JURY)
        .select_related("decided_by")
        .order_by("-decided_at", "-id")
    ):
        decisions.setdefault(decision.application_id, decision)
    laureates = laureate_count(call)
    session_laureates = sum(1 for d in decisions.values() if d.outcome == ApplicationState.LAUREATE)

    def person(member: JuryMember) -> dict:
        return {
            "name": member.user.full_name or member.user.email,
            "function": member.function,
            "is_chair": member.is_chair,
        }

    dossiers = []
    for item in items:
        application = item.application
        decision = decisions.get(application.pk)
        dossiers.append(
            {
                "position": item.position,
                "reference": application.reference or "",
                "title": application.title,
                "organisation": application.organisation_name,
                "conflicts": [
                    {
                        "person": c.person.full_name or c.person.email,
                        "reason": str(c.get_reason_display()),
                        "status": str(c.get_status_display()),
                        "source": c.source,
                        "source_label": str(c.get_source_display()),
                    }
                    for c in conflicts.get(application.pk, [])
                ],
                "abstentions": sorted(u.full_name or u.email for u in item.abstentions.all()),
                "decision": {
                    "outcome": decision.outcome,
                    "outcome_label": str(decision.get_outcome_display()),
                    "reason": decision.reason,
                    "decided_at": decision.decided_at.isoformat(),
                }
                if decision
                else None,
            }
        )
    return {
        "fund": call.fund.name,
        "call": call.title,
        "session": {
            "title": session.title,
            "starts_at": session.starts_at.isoformat(),
            "place": session.place,
            "agenda": session.agenda,
            "notes": session.minutes_notes,
            "status": session.status,
            "held_at": session.held_at.isoformat() if session.held_at else None,
        },
        "present": [person(m) for m in members if m.was_present],
        "absent": [person(m) for m in members if m.was_present is False],
        "unknown": [person(m) for m in members if m.was_present is None],
        "dossiers": dossiers,
        "laureates": {
            "session": session_laureates,
            "call": laureates.count,
            "maximum": laureates.maximum,
        },
    }


# --- one dossier's jury history (the staff dossier page) ----------------------------------


@dataclass
class JuryHistory:
    items: list[JuryItem]
    decision: Decision | None


def application_jury_history(application: Application) -> JuryHistory:
    items = list(
        JuryItem.objects.filter(application=application)
        .select_related("session")
        .order_by("session__starts_at", "session_id")
    )
    decision = latest_jury_decisions([application.pk]).get(application.pk)
    return JuryHistory(items=items, decision=decision)
