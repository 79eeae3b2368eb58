"""The selection of each demo call, played through the review services as staff, reviewers
and jurors would have done it in the interface: eligibility decisions, review stages with
their criteria, invitations accepted, automatic assignment, a declared conflict, scores and
comments, first-selection decisions, a support round with feedback and a revised version,
jury sessions with members, attendance and decisions, the accompaniment, published results,
a decision mailing left in draft and a few messages.

Every state change goes through `record_decision` (or the services built on it) where a
decision applies, and through the accompaniment services (played by `demo.accompaniment`,
which `play` hands the laureates to once the jury has decided) after it. Services stamp
rows with the current time; `dated` moves what a step wrote to the moment it happened in the
call's calendar, right after writing it and in the same transaction.

Past calls are played to their end. The call `in_selection_in_demo` stops where the day of
loading falls: expert opinions and jurors' scores under way (some left in draft or not yet
started, so that the reviewer and juror accounts have work), its jury session ahead.
"""

import datetime as dt
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.db import models
from django.db.models import Max
from django.utils import timezone

from essaim.accounts.models import User
from essaim.applications.enums import ApplicationState as S
from essaim.applications.models import Application, ApplicationVersion, Message
from essaim.applications.services.messages import post_message
from essaim.applications.services.submission import application_withdraw
from essaim.core import audit_lock
from essaim.core.models import AuditEvent
from essaim.funds.enums import FundRole, StageKind
from essaim.funds.models import Call, CallMembership, Invitation
from essaim.review.defaults import CRITERIA_SETS
from essaim.review.enums import OtherReviewsVisibility, ReviewStageKind
from essaim.review.models import (
    Assignment,
    Conflict,
    Decision,
    JurySession,
    Mailing,
    MailingRecipient,
    Review,
    ReviewStage,
    SupportFeedback,
    SupportRound,
)
from essaim.review.services import assignment as assignment_services
from essaim.review.services import jury as jury_services
from essaim.review.services import stages as stage_services
from essaim.review.services.conflicts import declare_conflict
from essaim.review.services.invitations import invitation_accept, invite
from essaim.review.services.mailings import prepare_mailing
from essaim.review.services.results import publish_results
from essaim.review.services.reviews import save_review
from essaim.review.services.screening import screen_application
from essaim.review.services.shortlist import shortlist
from essaim.review.services.support_rounds import close_round, open_round, submit_revision

from . import specs
from .accompaniment import accompany
from .data import selection as words
from .data.mnt import PARIS

# Rows whose timestamps `dated` moves, with the fields it moves.
DATED_MODELS: tuple[type[models.Model], ...] = (
    AuditEvent,
    Decision,
    Invitation,
    CallMembership,
    Assignment,
    Review,
    Conflict,
    SupportRound,
    SupportFeedback,
    ApplicationVersion,
    JurySession,
    Mailing,
    MailingRecipient,
    Message,
)

SELECTED = (specs.LAUREATE, specs.IN_ACCOMPANIMENT, specs.ACCOMPANIED)
# The level of a dossier, on a 0–4 scale, by what became of it.
QUALITY = {
    specs.LAUREATE: 3.3,
    specs.IN_ACCOMPANIMENT: 3.3,
    specs.ACCOMPANIED: 3.4,
    specs.WAITLISTED: 2.8,
    specs.NOT_SELECTED: 2.5,
    specs.SHORTLISTED: 2.6,
    specs.NOT_SHORTLISTED: 1.5,
}
JURY_OUTCOMES = {
    specs.LAUREATE: S.LAUREATE,
    specs.IN_ACCOMPANIMENT: S.LAUREATE,
    specs.ACCOMPANIED: S.LAUREATE,
    specs.WAITLISTED: S.WAITLISTED,
    specs.NOT_SELECTED: S.NOT_SELECTED,
}


@contextmanager
def dated(moment: dt.datetime) -> Iterator[None]:
    """Stamp every row created inside the block with `moment` (see the module docstring)."""
    marks = {model: _last_pk(model) for model in DATED_MODELS}
    yield
    with audit_lock.rewriting():  # AuditEvent is among them; its table refuses updates otherwise
        for model, mark in marks.items():
            if _last_pk(model) == mark:
                continue
            new = model.objects.filter(pk__gt=mark)
            for name in _DATETIME_FIELDS[model]:
                new.filter(**{f"{name}__isnull": False}).update(**{name: moment})


def _last_pk(model: type[models.Model]) -> int:
    return model.objects.aggregate(m=Max("pk"))["m"] or 0


# When a row was written, decided, sent, read… — never a date it carries (a deadline, the
# start of a jury session).
STAMPS = {
    "created_at",
    "updated_at",
    "decided_at",
    "submitted_at",
    "sent_at",
    "answered_at",
    "held_at",
    "closed_at",
    "confirmed_at",
    "read_by_team_at",
    "read_by_staff_at",
}
_DATETIME_FIELDS = {
    model: [
        f.name
        for f in model._meta.concrete_fields
        if isinstance(f, models.DateTimeField) and f.name in STAMPS
    ]
    for model in DATED_MODELS
}


def _paris(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=PARIS)


def _spread(*parts: str) -> float:
    """A fixed pseudo-random number in [0, 1) for these words."""
    return (zlib.crc32("|".join(parts).encode()) % 1000) / 1000


@dataclass
class Played:
    """A submitted dossier of the call, with its definition."""

    spec: specs.Dossier
    application: Application

    @property
    def quality(self) -> float:
        base = QUALITY.get(self.spec.outcome, 1.5)
        if self.spec.outcome == specs.SHORTLISTED:
            base += _spread(self.spec.title) - 0.3
        return base

    def refresh(self) -> None:
        self.application.refresh_from_db()


class Selection:
    """Plays one call's selection; see the module docstring."""

    def __init__(self, *, call: Call, fund_slug: str, spec: specs.Call, staff: User, users, now):
        self.call = call
        self.fund_slug = fund_slug
        self.spec = spec
        self.staff = staff
        self.users: dict[str, User] = users
        self.now = now
        self.today = timezone.localtime(now, PARIS).date()
        self.current = spec.in_selection_in_demo
        self.days = {stage.kind: (stage.starts_on, stage.ends_on) for stage in call.stages.all()}
        self.closing_day = timezone.localtime(call.closes_at, PARIS).date()

    # --- calendar ---------------------------------------------------------------------

    def day(self, kind: str, end: bool = False, fallback: int = 0) -> dt.date:
        starts_on, ends_on = self.days.get(kind, (None, None))
        value = ends_on if end else starts_on
        return value or self.closing_day + dt.timedelta(days=fallback)

    # --- the whole selection ------------------------------------------------------------

    def play(self, played: list[Played]) -> None:
        decided = [p for p in played if p.spec.outcome != specs.SUBMITTED]
        if not decided:
            return
        self.screen(decided)
        running = [p for p in decided if p.application.state == S.ELIGIBLE]
        self.withdraw(running)
        running = [p for p in running if p.application.state == S.ELIGIBLE]
        pool = self.invite_pool()
        if self.call.uses_first_selection:
            self.first_selection(running, pool)
            running = [p for p in running if p.application.state == S.SHORTLISTED]
            if self.call.uses_support_stage:
                self.support_round(running)
            if self.current:
                self.expert_opinions(running, pool)
        else:
            self.expert_review(running, pool)
        self.jury(running, pool)
        accompany(self, [p for p in running if p.spec.outcome in SELECTED])
        if not self.current and any(p.spec.outcome in SELECTED for p in running):
            published = _paris(self.day(StageKind.RESULTS, fallback=49), 10)
            with dated(published):
                publish_results(call=self.call, actor=self.staff)
            Call.objects.filter(pk=self.call.pk).update(results_published_at=published)

    def screening_day(self) -> dt.date:
        if StageKind.EXPERT_REVIEW in self.days:
            return self.day(StageKind.EXPERT_REVIEW)
        return self.day(StageKind.FIRST_SELECTION, fallback=3)

    def screen(self, decided: list[Played]) -> None:
        day = self.screening_day()
        rules = self.call.eligibility_rule_list()
        for rank, p in enumerate(decided):
            eligible = p.spec.outcome != specs.INELIGIBLE
            with dated(_paris(day, 10, rank % 60)):
                screen_application(
                    application=p.application,
                    outcome=S.ELIGIBLE if eligible else S.INELIGIBLE,
                    actor=self.staff,
                    reason="" if eligible else p.spec.reason or "Dossier non recevable.",
                    checklist={rule: eligible for rule in rules},
                )

    def withdraw(self, running: list[Played]) -> None:
        day = self.screening_day() + dt.timedelta(days=5)
        for p in running:
            if p.spec.outcome == specs.WITHDRAWN:
                with dated(_paris(day, 11)):
                    owner = self.users.get(p.spec.team[0].account)
                    p.application = application_withdraw(
                        application=p.application, user=owner, reason=p.spec.reason
                    )

    # --- the pool -------------------------------------------------------------------------

    def invite_pool(self) -> dict[str, list[User]]:
        """Invite the fund's reviewers and jurors on the call; each accepts at once."""
        day = self.closing_day - dt.timedelta(days=10)
        pool: dict[str, list[User]] = {FundRole.REVIEWER: [], FundRole.JUROR: []}
        for rank, panelist in enumerate(words.POOLS[self.fund_slug]):
            user = self.users[panelist.email]
            with dated(_paris(day, 9 + rank)):
                invitation = invite(
                    call=self.call,
                    actor=self.staff,
                    email=user.email,
                    full_name=user.full_name,
                    role=panelist.role,
                )
                invitation_accept(
                    token=invitation.token,
                    user=user,
                    organisation_name=panelist.organisation,
                    organisation_departement=panelist.departement,
                )
            pool[panelist.role].append(user)
        return pool

    def bias(self, user: User) -> float:
        for panelist in words.POOLS[self.fund_slug]:
            if panelist.email == user.email:
                return panelist.bias
        return 0.0

    # --- review stages --------------------------------------------------------------------

    def stage(self, kind: str, *, opens_on=None, closes_on=None, **flags) -> ReviewStage:
        """A stage with the fund's default criteria. A window already over is set after
        the scores are in (scores are only taken inside the window)."""
        data = {
            "kind": kind,
            "reviews_per_application": 2,
            "shows_applicant_names": True,
            "other_reviews_visibility": OtherReviewsVisibility.AFTER_OWN,
            "allows_comment_for_applicant": False,
            **flags,
        }
        if closes_on is not None and closes_on >= self.today:
            data.update(opens_on=opens_on, closes_on=closes_on)
        return stage_services.stage_create(
            call=self.call,
            actor=self.staff,
            data=data,
            criteria_set=self.fund_slug if self.fund_slug in CRITERIA_SETS else "",
        )

    def close_window(self, stage: ReviewStage, opens_on: dt.date, closes_on: dt.date) -> None:
        if stage.closes_on is None:
            stage_services.stage_update(
                stage=stage, actor=self.staff, data={"opens_on": opens_on, "closes_on": closes_on}
            )

    def assign(self, stage: ReviewStage, moment: dt.datetime) -> None:
        with dated(moment):
            assignment_services.auto_assign(stage=stage, actor=self.staff, notify=False)

    def score(
        self, assignment: Assignment, played: Played, moment: dt.datetime, *, submit=True, part=1.0
    ) -> None:
        """The reviewer's scores: the dossier's level, their habit, a fixed spread. With
        `part` below 1, only the first criteria are scored (a draft)."""
        reviewer = assignment.reviewer
        criteria = list(assignment.stage.criteria.all())
        kept = criteria[: max(1, int(len(criteria) * part))] if part < 1 else criteria
        scores = {}
        for position, criterion in enumerate(kept):
            noise = _spread(played.spec.title, reviewer.email, str(position)) - 0.5
            value = round(played.quality + self.bias(reviewer) + noise * 1.8)
            value = min(max(value, criterion.scale_min), criterion.scale_max)
            note = ""
            if _spread(played.spec.title, reviewer.email, "note", str(position)) < 0.2:
                note = words.CRITERION_NOTES[position % len(words.CRITERION_NOTES)]
            scores[criterion.pk] = (value, note)
        mean = sum(v for v, _note in scores.values()) / len(scores)
        level = "high" if mean >= 3 else "middle" if mean >= 2 else "low"
        choices = words.COMMENTS[level]
        comment = choices[int(_spread(played.spec.title, reviewer.email) * len(choices))]
        with dated(moment):
            save_review(
                assignment=assignment,
                scores=scores,
                comment=comment,
                comment_for_applicant=words.FOR_APPLICANT[level],
                submit=submit,
                actor=reviewer,
            )

    def review_all(self, stage: ReviewStage, played: list[Played], start: dt.date, span: int):
        """Every reviewer scores every dossier assigned to them, over `span` days."""
        by_id = {p.application.pk: p for p in played}
        for rank, assignment in enumerate(
            stage.assignments.select_related("reviewer", "stage").order_by("reviewer_id", "pk")
        ):
            if assignment.application_id in by_id:
                moment = _paris(start + dt.timedelta(days=rank % max(span, 1)), 9 + rank % 9)
                self.score(assignment, by_id[assignment.application_id], moment)

    # --- first selection, support, expert opinions -----------------------------------

    def first_selection(self, running: list[Played], pool) -> None:
        opens_on = self.day(StageKind.FIRST_SELECTION, fallback=3)
        closes_on = self.day(StageKind.FIRST_SELECTION, end=True, fallback=14)
        stage = self.stage(
            ReviewStageKind.FIRST_SELECTION,
            opens_on=opens_on,
            closes_on=closes_on,
            allows_comment_for_applicant=True,
            instructions=(
                "Repérez les projets les plus collectifs et inspirants. Notez chaque critère "
                "de 0 à 4 et justifiez vos notes en quelques lignes."
            ),
        )
        start = _paris(opens_on, 9)
        self.assign(stage, start)
        if self.current:
            # The expert knows one of the teams: the declaration takes the dossier off
            # their list, and staff assign it again to someone else.
            target = next(
                (p for p in running if p.spec.departement == "58"), running[0] if running else None
            )
            if target is not None:
                with dated(start + dt.timedelta(hours=2)):
                    declare_conflict(
                        application=target.application,
                        person=self.users[words.EXPERT],
                        details=words.CONFLICT_DETAILS,
                    )
                self.assign(stage, start + dt.timedelta(hours=4))
        span = max((closes_on - opens_on).days - 1, 1)
        self.review_all(stage, running, opens_on + dt.timedelta(days=1), span)
        self.close_window(stage, opens_on, closes_on)
        moment = _paris(closes_on, 16)
        for rank, p in enumerate(running):
            out = p.spec.outcome != specs.NOT_SHORTLISTED
            with dated(moment + dt.timedelta(minutes=rank)):
                shortlist(
                    application=p.application,
                    outcome=S.SHORTLISTED if out else S.NOT_SHORTLISTED,
                    actor=self.staff,
                    reason="Projet retenu en première sélection."
                    if out
                    else p.spec.reason or "Le comité a retenu d'autres projets.",
                )
            p.refresh()
        if self.current:
            left_out = [
                p.application.pk for p in running if p.spec.outcome == specs.NOT_SHORTLISTED
            ]
            if left_out:
                with dated(moment + dt.timedelta(days=1)):
                    prepare_mailing(
                        call=self.call,
                        outcome=S.NOT_SHORTLISTED,
                        application_ids=left_out,
                        subject=words.MAILING_SUBJECT,
                        body=words.MAILING_BODY,
                        actor=self.staff,
                    )

    def support_round(self, shortlisted: list[Played]) -> None:
        if not shortlisted:
            return
        opens = _paris(self.day(StageKind.SUPPORT, fallback=17), 10)
        closes_day = self.day(StageKind.SUPPORT, end=True, fallback=35)
        deadline = _paris(closes_day, 12)
        with dated(opens):
            support_round = open_round(
                call=self.call,
                title=f"Appui aux équipes présélectionnées — {self.call.title}",
                message=words.SUPPORT_ROUND_MESSAGE,
                deadline=deadline,
                feedbacks={p.application: words.SUPPORT_FEEDBACK for p in shortlisted},
                actor=self.staff,
                now=opens - dt.timedelta(days=1),
            )
        # Half of the teams (always the first) send a new version.
        for rank, p in enumerate(shortlisted):
            if rank % 2:
                continue
            moment = deadline - dt.timedelta(days=3 + rank, hours=2)
            Application.objects.filter(pk=p.application.pk).update(
                collective_dimension=p.application.collective_dimension + words.REVISION_NOTE
            )
            with dated(moment):
                submit_revision(application=p.application, user=None, now=moment)
        with dated(_paris(closes_day, 17)):
            close_round(round=support_round, actor=self.staff)
        SupportRound.objects.filter(pk=support_round.pk).update(closed_at=_paris(closes_day, 17))
        for p in shortlisted:
            p.refresh()

    def expert_opinions(self, shortlisted: list[Played], pool) -> None:
        """The call in selection: experts give their opinion on the revised dossiers before
        the jury. The demo expert has one opinion given, one in draft, the rest to do."""
        opens_on = self.today - dt.timedelta(days=8)
        closes_on = self.today + dt.timedelta(days=4)
        stage = self.stage(
            ReviewStageKind.EXPERT_REVIEW,
            opens_on=opens_on,
            closes_on=closes_on,
            title="Avis d'experts sur les dossiers précisés",
            other_reviews_visibility=OtherReviewsVisibility.NEVER,
            instructions="Donnez votre avis sur la version précisée pendant l'appui.",
        )
        self.assign(stage, _paris(opens_on, 9))
        self.play_in_progress(stage, shortlisted, words.EXPERT, opens_on)

    def play_in_progress(self, stage, played: list[Played], demo_email: str, opens_on) -> None:
        by_id = {p.application.pk: p for p in played}
        rows = stage.assignments.select_related("reviewer", "stage").order_by("reviewer_id", "pk")
        done_by: dict[int, int] = {}
        for assignment in rows:
            p = by_id[assignment.application_id]
            rank = done_by.get(assignment.reviewer_id, 0)
            done_by[assignment.reviewer_id] = rank + 1
            moment = min(
                _paris(opens_on + dt.timedelta(days=1 + rank), 10 + rank),
                self.now - dt.timedelta(hours=2),
            )
            if assignment.reviewer.email == demo_email:
                if rank == 0:
                    self.score(assignment, p, moment)
                elif rank == 1:
                    self.score(assignment, p, moment, submit=False, part=0.5)
            elif _spread(assignment.reviewer.email, p.spec.title) < 0.75:
                self.score(assignment, p, moment)

    def expert_review(self, running: list[Played], pool) -> None:
        """A call without first selection (the DITP's): a panel of experts scores every
        eligible dossier before the jury."""
        if not running:
            return
        opens_on = self.day(StageKind.EXPERT_REVIEW, fallback=3)
        closes_on = self.day(StageKind.EXPERT_REVIEW, end=True, fallback=30)
        stage = self.stage(
            ReviewStageKind.EXPERT_REVIEW,
            opens_on=opens_on,
            closes_on=closes_on,
            instructions="Notez chaque défi de 0 à 4 sur les quatre critères de l'appel.",
        )
        self.assign(stage, _paris(opens_on, 9))
        span = max((closes_on - opens_on).days - 1, 1)
        self.review_all(stage, running, opens_on + dt.timedelta(days=1), span)
        self.close_window(stage, opens_on, closes_on)

    # --- jury -------------------------------------------------------------------------

    def jury(self, running: list[Played], pool) -> None:
        before_jury = [p for p in running if p.application.state in (S.SHORTLISTED, S.ELIGIBLE)]
        if not before_jury:
            return
        jury_day = self.day(StageKind.JURY, fallback=42)
        jurors = pool[FundRole.JUROR]
        if self.call.uses_first_selection and jurors:
            opens_on = jury_day - dt.timedelta(days=14)
            closes_on = jury_day - dt.timedelta(days=1)
            stage = self.stage(
                ReviewStageKind.JURY,
                opens_on=opens_on,
                closes_on=closes_on,
                reviews_per_application=len(jurors),
                other_reviews_visibility=OtherReviewsVisibility.ALWAYS,
                instructions="Notez les dossiers avant la séance : vos notes guident la "
                "délibération.",
            )
            self.assign(stage, _paris(opens_on, 9))
            if self.current:
                self.play_in_progress(stage, before_jury, words.JURY, opens_on)
            else:
                self.review_all(stage, before_jury, opens_on + dt.timedelta(days=1), 10)
                self.close_window(stage, opens_on, closes_on)
        starts_at = _paris(jury_day, 14)
        created = (
            self.now - dt.timedelta(days=6) if self.current else starts_at - dt.timedelta(days=21)
        )
        with dated(created):
            session = jury_services.jury_session_create(
                call=self.call,
                actor=self.staff,
                title=f"Jury — {self.call.title}",
                starts_at=starts_at,
                place=words.JURY_PLACE if self.fund_slug == "mnt" else words.JURY_PLACE_DITP,
                agenda=words.JURY_AGENDA,
            )
            seats = [
                jury_services.Seat(user.pk, user.job_title, is_chair=rank == 0)
                for rank, user in enumerate(jurors)
            ]
            seats.append(jury_services.Seat(self.staff.pk, "Équipe du fonds"))
            jury_services.jury_members_set(session=session, actor=self.staff, seats=seats)
        if self.current:
            return
        with dated(starts_at + dt.timedelta(hours=3)):
            absent = {jurors[-1].pk} if len(jurors) > 2 and self.call.edition % 2 else set()
            jury_services.jury_attendance_record(
                session=session,
                actor=self.staff,
                present={seat.user_id: seat.user_id not in absent for seat in seats},
            )
            ordered = sorted(before_jury, key=lambda p: -p.quality)
            for p in ordered:
                outcome = JURY_OUTCOMES[p.spec.outcome]
                reason = "Retenu par le jury."
                if outcome == S.NOT_SELECTED:
                    reason = p.spec.reason or "Le jury a retenu d'autres projets."
                elif outcome == S.WAITLISTED:
                    reason = "Sur liste d'attente du jury."
                jury_services.record_jury_decision(
                    session=session,
                    application=p.application,
                    outcome=outcome,
                    reason=reason,
                    actor=self.staff,
                )
                p.refresh()
            jury_services.jury_session_update(
                session=session,
                actor=self.staff,
                title=session.title,
                starts_at=session.starts_at,
                place=session.place,
                agenda=session.agenda,
                minutes_notes=words.MINUTES_NOTES,
            )
            jury_services.jury_session_mark_held(session=session, actor=self.staff)
        JurySession.objects.filter(pk=session.pk).update(held_at=starts_at + dt.timedelta(hours=3))


def post_thread(application: Application, staff: User, team_member: User, thread, start) -> None:
    """Messages between the fund's staff and the team, one a day from `start`."""
    for rank, (from_staff, body) in enumerate(thread):
        with dated(start + dt.timedelta(days=rank, hours=rank)):
            post_message(
                application=application,
                author=staff if from_staff else team_member,
                body=body,
                from_staff=from_staff,
            )
