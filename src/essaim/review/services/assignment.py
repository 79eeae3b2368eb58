"""Giving dossiers to reviewers at a stage: by hand, or automatically for the whole stage.

Who can be assigned: a member of the call's pool whose role fits the stage (jurors at the
jury, reviewers elsewhere), with no standing conflict on the dossier. What can be assigned:
a dossier in a state the stage reviews. An assignment whose review is submitted stays.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from essaim.applications.enums import ApplicationState
from essaim.applications.models import Application
from essaim.core.audit import record
from essaim.core.formatting import day
from essaim.core.models import AuditEvent
from essaim.funds.enums import FundRole
from essaim.funds.models import CallMembership
from essaim.notifications.services import queue_email

from ..enums import ReviewStageKind, ReviewStatus
from ..models import Assignment, ReviewStage
from . import conflicts as conflict_services


class AssignmentError(Exception):
    """The rules refuse this assignment; the message is for staff."""


def reviewable_states(stage: ReviewStage) -> list[str]:
    """The dossier states a stage reviews."""
    if stage.kind == ReviewStageKind.FIRST_SELECTION:
        return [ApplicationState.ELIGIBLE]
    if stage.kind == ReviewStageKind.EXPERT_REVIEW:
        return [
            ApplicationState.ELIGIBLE,
            ApplicationState.SHORTLISTED,
            ApplicationState.IN_SUPPORT,
        ]
    # A call without a first selection sends its eligible dossiers straight to the jury.
    if stage.call.uses_first_selection:
        return [ApplicationState.SHORTLISTED]
    return [ApplicationState.SHORTLISTED, ApplicationState.ELIGIBLE]


def pool_role(stage: ReviewStage) -> str:
    return FundRole.JUROR if stage.kind == ReviewStageKind.JURY else FundRole.REVIEWER


def pool_user_ids(stage: ReviewStage) -> list[int]:
    """The people who may be assigned at `stage`, in a stable order."""
    return list(
        CallMembership.objects.filter(call_id=stage.call_id, role=pool_role(stage))
        .order_by("user_id")
        .values_list("user_id", flat=True)
    )


# --- by hand ------------------------------------------------------------------------------


def assign(
    *, stage: ReviewStage, application: Application, reviewer, actor, notify: bool = True
) -> Assignment:
    """Give one dossier to one reviewer at `stage`, and tell them by e-mail."""
    if application.call_id != stage.call_id:
        raise AssignmentError(_("Ce dossier n'appartient pas à l'appel de cette étape."))
    if application.state not in reviewable_states(stage):
        raise AssignmentError(
            _("Un dossier « %(state)s » n'est pas examiné à l'étape « %(stage)s ».")
            % {"state": ApplicationState(application.state).label, "stage": stage.display_title}
        )
    role = pool_role(stage)
    if not CallMembership.objects.filter(call_id=stage.call_id, user=reviewer, role=role).exists():
        message = (
            _("%(person)s ne fait pas partie des membres du jury de l'appel.")
            if role == FundRole.JUROR
            else _("%(person)s ne fait pas partie des experts de l'appel.")
        )
        raise AssignmentError(message % {"person": reviewer})
    # The detection rules are checked for this pair too, so nobody is assigned in conflict.
    conflict_services.detect_conflicts(
        call=stage.call, people=[reviewer.pk], applications=[application.pk]
    )
    with transaction.atomic():
        if conflict_services.has_blocking_conflict(
            application_id=application.pk, person_id=reviewer.pk
        ):
            raise AssignmentError(
                _("%(person)s a un conflit d'intérêts avec ce dossier.") % {"person": reviewer}
            )
        if Assignment.objects.filter(
            stage=stage, application=application, reviewer=reviewer
        ).exists():
            raise AssignmentError(
                _("Ce dossier est déjà confié à %(person)s.") % {"person": reviewer}
            )
        assignment = Assignment.objects.create(
            stage=stage, application=application, reviewer=reviewer, assigned_by=actor
        )
        record(
            actor=actor,
            action="assignment.added",
            obj=application,
            to_value=str(reviewer),
            data={"stage": stage.pk, "reviewer": reviewer.pk, "automatic": False},
        )
    if notify:
        _notify(stage, {reviewer.pk: 1})
    return assignment


def unassign(*, assignment: Assignment, actor) -> None:
    """Take a dossier back from a reviewer; a submitted review cannot be undone this way."""
    with transaction.atomic():
        assignment = (
            Assignment.objects.select_for_update(of=("self",))
            .select_related("reviewer", "application")
            .get(pk=assignment.pk)
        )
        if Assignment.objects.filter(
            pk=assignment.pk, review__status=ReviewStatus.SUBMITTED
        ).exists():
            raise AssignmentError(
                _(
                    "%(person)s a déjà rendu son évaluation de ce dossier : l'affectation ne peut "
                    "plus être retirée."
                )
                % {"person": assignment.reviewer}
            )
        record(
            actor=actor,
            action="assignment.removed",
            obj=assignment.application,
            from_value=str(assignment.reviewer),
            data={"stage": assignment.stage_id, "reviewer": assignment.reviewer_id},
        )
        assignment.delete()


# --- automatic ----------------------------------------------------------------------------


@dataclass
class Shortfall:
    """A dossier left with fewer than k reviewers, and why."""

    application_id: int
    reference: str
    title: str
    assigned: int
    reason: str


@dataclass
class AutoAssignSummary:
    dossiers: int = 0
    pool_size: int = 0
    per_application: int = 0
    created: int = 0
    conflicts_detected: int = 0
    new_by_reviewer: dict[int, int] = field(default_factory=dict)
    shortfalls: list[Shortfall] = field(default_factory=list)

    @property
    def complete(self) -> int:
        return self.dossiers - len(self.shortfalls)


def auto_assign(*, stage: ReviewStage, actor, notify: bool = True) -> AutoAssignSummary:
    """Give every dossier the stage reviews k = `reviews_per_application` reviewers.

    Existing assignments are kept. Each missing place goes to the least-loaded pool member
    (load = their assignments at this stage; ties broken by account id) who is not already
    on the dossier and has no standing conflict with it. Dossiers with the fewest possible
    reviewers are served first, so conflicts do not starve them. Likely conflicts are
    detected first. Each reviewer with new dossiers gets one e-mail.
    """
    call = stage.call
    k = stage.reviews_per_application
    detected = conflict_services.detect_conflicts(call=call)
    summary = AutoAssignSummary(per_application=k, conflicts_detected=len(detected))
    with transaction.atomic():
        # One automatic assignment at a time per stage.
        ReviewStage.objects.select_for_update().filter(pk=stage.pk).first()
        pool = pool_user_ids(stage)
        summary.pool_size = len(pool)
        dossiers = list(
            Application.objects.filter(call=call, state__in=reviewable_states(stage))
            .order_by("reference", "pk")
            .values_list("pk", "reference", "title")
        )
        summary.dossiers = len(dossiers)
        blocked = conflict_services.blocking_pairs(call)
        current: dict[int, set[int]] = defaultdict(set)
        load: Counter[int] = Counter({user_id: 0 for user_id in pool})
        for app_id, reviewer_id in Assignment.objects.filter(stage=stage).values_list(
            "application_id", "reviewer_id"
        ):
            current[app_id].add(reviewer_id)
            load[reviewer_id] += 1

        def candidates(app_id: int) -> list[int]:
            return [
                user_id
                for user_id in pool
                if user_id not in current[app_id] and (app_id, user_id) not in blocked
            ]

        # An assignment in conflict does not fill a place: the dossier is hidden from them.
        def filled(app_id: int) -> int:
            return sum(1 for user_id in current[app_id] if (app_id, user_id) not in blocked)

        needing = [row for row in dossiers if filled(row[0]) < k]
        needing.sort(key=lambda row: (len(candidates(row[0])), row[1] or "", row[0]))
        new_rows: list[tuple[int, int]] = []
        for app_id, reference, title in needing:
            missing = k - filled(app_id)
            options = candidates(app_id)
            options.sort(key=lambda user_id: (load[user_id], user_id))
            chosen = options[:missing]
            for user_id in chosen:
                current[app_id].add(user_id)
                load[user_id] += 1
                new_rows.append((app_id, user_id))
            if len(chosen) < missing:
                summary.shortfalls.append(
                    Shortfall(
                        application_id=app_id,
                        reference=reference or "",
                        title=title,
                        assigned=filled(app_id),
                        reason=_shortfall_reason(len(pool), k),
                    )
                )

        Assignment.objects.bulk_create(
            (
                Assignment(
                    stage=stage,
                    application_id=app_id,
                    reviewer_id=user_id,
                    assigned_by=actor,
                    is_automatic=True,
                )
                for app_id, user_id in new_rows
            ),
            batch_size=500,
        )
        summary.created = len(new_rows)
        summary.new_by_reviewer = dict(Counter(user_id for _app, user_id in new_rows))
        _audit_rows(stage, actor, new_rows)
        record(
            actor=actor,
            action="assignment.automatic",
            obj=stage,
            to_value=str(summary.created),
            data={
                "dossiers": summary.dossiers,
                "created": summary.created,
                "shortfalls": [item.application_id for item in summary.shortfalls],
                "conflicts_detected": summary.conflicts_detected,
            },
        )
        if notify:
            _notify(stage, summary.new_by_reviewer)
    return summary


def _shortfall_reason(pool_size: int, k: int) -> str:
    if pool_size == 0:
        return _("Aucune personne n'a encore accepté l'invitation à évaluer cette étape.")
    if pool_size < k:
        return _(
            "Le vivier compte %(pool)s personne(s), moins que les %(k)s évaluations demandées."
        ) % {"pool": pool_size, "k": k}
    return _(
        "Les autres personnes du vivier sont en conflit d'intérêts avec ce dossier ou "
        "l'évaluent déjà."
    )


def _audit_rows(stage: ReviewStage, actor, rows: list[tuple[int, int]]) -> None:
    """One row per dossier that got new reviewers, on its trail, written in bulk."""
    by_application: dict[int, list[int]] = defaultdict(list)
    for app_id, user_id in rows:
        by_application[app_id].append(user_id)
    actor_id = actor.pk if getattr(actor, "is_authenticated", False) else None
    label = str(actor) if actor_id else ""
    AuditEvent.objects.bulk_create(
        (
            AuditEvent(
                actor_id=actor_id,
                actor_label=label,
                action="assignment.added",
                fund_id=stage.call.fund_id,  # the journal's scope (core.audit)
                object_type=Application._meta.label_lower,
                object_id=str(app_id),
                to_value=str(len(reviewers)),
                data={"stage": stage.pk, "reviewers": reviewers, "automatic": True},
            )
            for app_id, reviewers in by_application.items()
        ),
        batch_size=500,
    )


def _notify(stage: ReviewStage, new_by_reviewer: dict[int, int]) -> None:
    if not new_by_reviewer:
        return
    from essaim.accounts.models import User

    call = stage.call
    path = reverse("reviewers:home")
    for user in User.objects.filter(pk__in=list(new_by_reviewer)).only("email", "full_name"):
        queue_email(
            to=user.email,
            template="assignment_notice",
            context={
                "full_name": user.full_name,
                "count": new_by_reviewer[user.pk],
                "stage_title": stage.display_title,
                "call_title": call.title,
                "fund_name": call.fund.name,
                "closes_on": day(stage.closes_on) if stage.closes_on else "",
                "path": path,
            },
        )
