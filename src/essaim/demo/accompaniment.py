"""After the jury: each demo call's laureates are accompanied through the real services, as
staff, coaches, teams and evaluators would have done it in the interface (`demo.data.
accompaniment` holds the words).

- Fonds MNT (an accompaniment): the call's template of the four default phases, cohorts,
  the demo coach invited and accepting, each accompaniment started (laureate →
  in_accompaniment), its phases moved, milestones with owners and statuses, journal notes
  and deliverables as links, and, when over, finished (→ accompanied). The older calls get
  the bare course; the two latest past calls the full one.
- DITP (a funding call with an independent evaluation): a template of four phases, one
  cohort, the demo evaluator invited; for each laureate ready to launch, a reciprocal
  engagement with indicators and tranches signed by the fund then the team, payments, the
  accompaniment and its milestones; two amendments (one signed, one awaiting the team's
  signature), a mid-course report submitted and another in draft; one engagement being
  prepared for a laureate not yet ready.

Dates: an accompaniment that is over follows the call's calendar (the cohorts of the
accompaniment stage, as in seed 003). One still under way is placed relative to the day of
loading, like the open call and the call in selection: its phases, milestones and payments
fall around today, so that the workspaces show a current phase, milestones ahead and one
late. Services stamp rows with the current time; `at` moves what a step wrote to the moment
it happened, right after writing it.

The dossier's state moves only through the services (`start_accompaniment`,
`finish_accompaniment`, which use `applications.transitions`). Called by
`demo.selection.Selection.play` once the jury has decided, only when the call's dossiers
are first built: a second load leaves everything as it is.
"""

import datetime as dt
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.db import models
from django.utils import timezone, translation
from django.utils.text import slugify

from essaim.accompaniment.defaults import DEFAULT_PHASES
from essaim.accompaniment.enums import (
    EngagementStatus,
    EvaluationMoment,
    MilestoneStatus,
    PhaseStatus,
    SignatureSide,
)
from essaim.accompaniment.models import (
    Accompaniment,
    Cohort,
    Document,
    Engagement,
    EvaluationReport,
    JournalEntry,
    Milestone,
    Phase,
    Signature,
    Tranche,
)
from essaim.accompaniment.services import engagements as engagement_services
from essaim.accompaniment.services import evaluation as evaluation_services
from essaim.accompaniment.services import setup as setup_services
from essaim.accompaniment.services import timeline as timeline_services
from essaim.accompaniment.services import workspace as workspace_services
from essaim.accounts.models import User
from essaim.applications.enums import TeamAccess
from essaim.applications.models import Application, TeamMember
from essaim.core import audit_lock
from essaim.core.formatting import day
from essaim.core.models import AuditEvent
from essaim.funds.enums import FundRole, StageKind
from essaim.review.services.invitations import invitation_accept, invite

from . import specs
from .data import accompaniment as words
from .data.mnt import PARIS

# Rows of the accompaniment whose stamps `at` moves (a row written or changed in the step).
STAMPED = {
    Cohort: ("created_at", "updated_at"),
    Accompaniment: ("created_at", "updated_at"),
    Milestone: ("created_at", "updated_at"),
    Document: ("created_at", "updated_at"),
    JournalEntry: ("created_at", "updated_at"),
    Engagement: ("created_at", "updated_at", "signed_at"),
    Signature: ("signed_at",),
    EvaluationReport: ("created_at", "updated_at", "submitted_at"),
}
ACCOMPANIED = (specs.IN_ACCOMPANIMENT, specs.ACCOMPANIED)
MONTHS = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)
RANKS = ("Commandant", "Capitaine", "Lieutenant", "Dr")


@contextmanager
def at(moment: dt.datetime, *touched: type[models.Model]) -> Iterator[None]:
    """Stamp with `moment` what the block writes or changes: its audit rows and the rows of
    the accompaniment models (of `touched` only, when given: fewer queries). Services stamp
    with the current time, and every row of an earlier step was moved into the past, so the
    rows stamped since the block began are the block's."""
    started = timezone.now()
    yield
    with audit_lock.rewriting():  # the audit table refuses updates otherwise
        AuditEvent.objects.filter(created_at__gte=started).update(created_at=moment)
    for model in touched or STAMPED:
        for name in STAMPED[model]:
            model.objects.filter(**{f"{name}__gte": started}).update(**{name: moment})


def _paris(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=PARIS)


def _cohort_name(start: dt.date, end: dt.date) -> str:
    """The cohort's months: « Mars – mai 2021 », « Octobre 2026 – février 2027 »."""
    first, last = MONTHS[start.month - 1].capitalize(), MONTHS[end.month - 1]
    if start.year == end.year:
        return f"{first} – {last} {end.year}"
    return f"{first} {start.year} – {last} {end.year}"


def _link(application: Application, filename: str) -> str:
    fund = application.call.fund.slug
    return f"{words.LINKS}/{fund}/{(application.reference or '').lower()}/{filename}"


def _owner_email(full_name: str) -> str:
    parts = [w for w in full_name.removesuffix(" (nom fictif)").split() if w not in RANKS]
    return ".".join(slugify(part) for part in parts) + "@demo.essaim.fr"


def team_owner(application: Application, email: str = "") -> User:
    """The account of the team's owner, created when the dossier had none (the demo's teams
    of past calls are names only): it signs the engagement and owns milestones. Without a
    usable password unless it is a listed demo account."""
    member = application.team.filter(access=TeamAccess.OWNER).select_related("user").first()
    if member.user_id:
        return member.user
    email = email or _owner_email(member.full_name)
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create(
            email=email,
            full_name=member.full_name,
            job_title=member.job_title,
            password=make_password(None),
        )
        EmailAddress.objects.get_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )
    TeamMember.objects.filter(pk=member.pk).update(user=user, email=email)
    return user


def accompany(selection, laureates: list) -> None:
    """Play the accompaniment of the call's laureates (`Played` items); see the module
    docstring."""
    if not laureates:
        return
    if selection.call.is_funding:
        FundingCourse(selection, laureates).play()
    else:
        DesignCourse(selection, laureates).play()


class _Course:
    def __init__(self, selection, laureates: list):
        self.selection = selection
        self.call = selection.call
        self.staff = selection.staff
        self.users: dict[str, User] = selection.users
        self.today: dt.date = selection.today
        self.laureates = laureates

    def invite(self, email: str, role: str, organisation: tuple[str, str], moment) -> User:
        from .selection import dated  # the selection module imports this one

        user = self.users[email]
        with dated(moment):
            invitation = invite(
                call=self.call,
                actor=self.staff,
                email=user.email,
                full_name=user.full_name,
                role=role,
            )
            invitation_accept(
                token=invitation.token,
                user=user,
                organisation_name=organisation[0],
                organisation_departement=organisation[1],
            )
        return user

    def author(self, kind: str, coach: User | None, team: User | None) -> User | None:
        return {words.BY_COACH: coach, words.BY_TEAM: team, words.BY_STAFF: self.staff}[kind]

    def milestones(
        self,
        accompaniment: Accompaniment,
        phases: list[Phase],
        steps: tuple[tuple[words.Step, ...], ...],
        *,
        coach: User | None,
        team: User | None,
        late: tuple[int, int] | None = None,
        late_due: dt.date | None = None,
        achieved_late: tuple[int, int] | None = None,
    ) -> dict[tuple[int, int], Milestone]:
        """Each phase's milestones, due within its window (actual dates once begun), added
        when the phase begins. Those due before today are achieved, except `late` (left late,
        due on `late_due`); the first ahead in the phase under way is in progress."""
        made = {}
        for index, phase in enumerate(phases):
            start = phase.actual_start or phase.planned_start
            end = phase.actual_end or phase.planned_end
            span = (end - start).days
            in_progress_set = False
            for rank, step in enumerate(steps[index] if index < len(steps) else ()):
                due = start + dt.timedelta(days=round(span * step.at))
                if (index, rank) == late and late_due:
                    due = late_due
                added = min(_paris(start, 9, rank), timezone.now() - dt.timedelta(hours=1))
                owner = self.author(step.owner, coach, team) or coach or self.staff
                with at(added, Milestone):
                    milestone = timeline_services.add_milestone(
                        accompaniment=accompaniment,
                        actor=self.staff if step.owner == words.BY_STAFF else coach or self.staff,
                        title=step.title,
                        due_on=due,
                        owner=owner,
                        phase=phase,
                        description=step.description,
                    )
                made[(index, rank)] = milestone
                if (index, rank) == late:
                    continue
                if due < self.today and phase.status != PhaseStatus.PLANNED:
                    achieved_on = due
                    if (index, rank) == achieved_late:
                        achieved_on = due + dt.timedelta(days=9)
                    achieved_on = min(achieved_on, self.today - dt.timedelta(days=1))
                    with at(_paris(achieved_on, 17), Milestone):
                        made[(index, rank)] = timeline_services.set_milestone_status(
                            milestone=milestone,
                            actor=owner,
                            status=MilestoneStatus.ACHIEVED,
                            achieved_on=achieved_on,
                        )
                elif phase.status == PhaseStatus.IN_PROGRESS and not in_progress_set:
                    in_progress_set = True
                    with at(_paris(max(start, self.today - dt.timedelta(days=2)), 11), Milestone):
                        timeline_services.set_milestone_status(
                            milestone=milestone, actor=owner, status=MilestoneStatus.IN_PROGRESS
                        )
        return made

    def move_phases(self, phases: list[Phase], ends: list[dt.date | None], actor) -> None:
        """Start the first phase on its planned start, then end each phase whose end is
        given (the next one starts the same day)."""
        with at(_paris(phases[0].planned_start, 9), Accompaniment):
            timeline_services.start_phase(phase=phases[0], actor=actor, on=phases[0].planned_start)
        for phase, end in zip(phases, ends, strict=False):
            if end is None:
                break
            with at(_paris(end, 18), Accompaniment):
                timeline_services.complete_phase(phase=phase, actor=actor, on=end)
        for phase in phases:
            phase.refresh_from_db()

    def note(self, accompaniment, phase, author: User | None, body: str, day: dt.date) -> None:
        if author is None:
            return
        moment = min(_paris(day, 16, 30), timezone.now() - dt.timedelta(hours=1))
        with at(moment, JournalEntry):
            workspace_services.add_journal_entry(
                accompaniment=accompaniment, actor=author, body=body, phase=phase
            )

    def document(self, accompaniment, phase, author, title, filename, day, milestone=None):
        url = _link(accompaniment.application, filename)
        moment = min(_paris(day, 15), timezone.now() - dt.timedelta(hours=1))
        with at(moment, Document):
            if milestone is not None:
                timeline_services.attach_evidence(
                    milestone=milestone, actor=author, title=title, url=url
                )
            else:
                workspace_services.add_document(
                    accompaniment=accompaniment, actor=author, title=title, url=url, phase=phase
                )


# --- Fonds MNT ------------------------------------------------------------------------------


class DesignCourse(_Course):
    """The four phases with a service designer (seed 003)."""

    def play(self) -> None:
        accompanied = [p for p in self.laureates if p.spec.outcome in ACCOMPANIED]
        if not accompanied:
            return
        self.live = any(p.spec.outcome == specs.IN_ACCOMPANIMENT for p in accompanied)
        self.full = self.live or self.call.edition in words.MNT_FULL_COURSE_CALLS
        windows = self.windows({p.spec.cohort for p in accompanied})
        first = min(begin for begin, _end in windows.values())
        results = self.selection.day(StageKind.RESULTS, fallback=49)
        prepared = _paris(max(results + dt.timedelta(days=1), first - dt.timedelta(days=21)), 10)
        with at(prepared, Cohort):
            templates = setup_services.apply_default_template(call=self.call, actor=self.staff)
            if not self.live:  # seed 003: three to four months for the first calls
                for template, weeks in zip(templates, words.MNT_PAST_WEEKS, strict=True):
                    setup_services.phase_template_update(
                        phase=template,
                        actor=self.staff,
                        name=template.name,
                        default_weeks=weeks,
                        deliverables=template.deliverables,
                    )
        coach = self.invite(
            words.COACH,
            FundRole.COACH,
            words.COACH_ORGANISATION,
            prepared + dt.timedelta(days=1, hours=1),
        )
        cohorts = {}
        for number, (begin, end) in sorted(windows.items()):
            with at(prepared + dt.timedelta(days=2, hours=number), Cohort):
                cohorts[number] = setup_services.cohort_create(
                    call=self.call,
                    actor=self.staff,
                    name=_cohort_name(begin, end),
                    starts_on=begin,
                    ends_on=end,
                )
        for p in accompanied:
            self.accompany(p, cohorts[p.spec.cohort], windows[p.spec.cohort][1], coach)

    def windows(self, numbers: set[int]) -> dict[int, tuple[dt.date, dt.date]]:
        """Each cohort's (begin, end). Past: two cohorts one after the other within the
        call's accompaniment stage, each as long as the template (seed 003: March–May, then
        July–September). Under way: relative to today."""
        if self.live:
            weeks = sum(weeks for _name, weeks, _deliverables in DEFAULT_PHASES)
            result = {}
            for number in numbers:
                ago = words.MNT_LIVE_STARTED_DAYS_AGO[number % 2]
                begin = self.today - dt.timedelta(days=ago)
                result[number] = (begin, begin + dt.timedelta(weeks=weeks, days=-1))
            return result
        starts = self.selection.day(StageKind.ACCOMPANIMENT, fallback=60)
        ends = self.selection.day(StageKind.ACCOMPANIMENT, end=True, fallback=210)
        span = ends - starts
        length = dt.timedelta(weeks=sum(words.MNT_PAST_WEEKS), days=-1)
        result = {}
        for number in numbers:
            begin = starts + span * 55 // 100 * number
            result[number] = (begin, min(begin + length, ends))
        return result

    def accompany(self, p, cohort: Cohort, finish: dt.date, coach: User) -> None:
        application = p.application
        team = team_owner(application) if self.full else None
        with at(_paris(cohort.starts_on, 10), Accompaniment):
            accompaniment = setup_services.start_accompaniment(
                application=application,
                cohort=cohort,
                coach=coach,
                evaluator=None,
                actor=self.staff,
            )
        phases = list(accompaniment.phases.select_related("template").order_by("position"))
        for phase in phases:
            phase.accompaniment = accompaniment
        if p.spec.outcome == specs.ACCOMPANIED:
            ends = self.finished_ends(cohort.starts_on, finish, phases)
        else:
            ends = self.live_ends(cohort.starts_on, phases, first_cohort=p.spec.cohort == 0)
        self.move_phases(phases, ends, coach)
        if self.full:
            self.full_course(p, accompaniment, phases, coach, team)
        else:
            last = phases[-1]
            title, filename = words.MNT_DELIVERABLES[-1][0]
            self.document(accompaniment, last, coach, title, filename, finish)
            self.note(accompaniment, last, coach, words.MNT_JOURNAL[-1][0].body, finish)
        if p.spec.outcome == specs.ACCOMPANIED:
            with at(_paris(finish, 17, 30), Accompaniment):
                setup_services.finish_accompaniment(accompaniment=accompaniment, actor=self.staff)
            Accompaniment.objects.filter(pk=accompaniment.pk).update(ended_on=finish)

    @staticmethod
    def finished_ends(begin: dt.date, finish: dt.date, phases: list[Phase]) -> list[dt.date]:
        """The cohort's window shared between the phases by their planned weeks."""
        weeks = [max(1, ((ph.planned_end - ph.planned_start).days + 1) // 7) for ph in phases]
        total, done, ends = sum(weeks), 0, []
        for count in weeks:
            done += count
            ends.append(begin + dt.timedelta(days=round((finish - begin).days * done / total)))
        ends[-1] = finish
        return ends

    def live_ends(self, begin: dt.date, phases: list[Phase], first_cohort: bool) -> list:
        """Under way: the first cohort in its second phase (the first ended three days late),
        the second in its first phase."""
        if not first_cohort:
            return [None] * len(phases)
        first_end = phases[0].planned_end + dt.timedelta(days=3)
        return [min(first_end, self.today - dt.timedelta(days=1))] + [None] * (len(phases) - 1)

    def full_course(self, p, accompaniment, phases, coach, team) -> None:
        late = (1, 1) if p.spec.outcome == specs.IN_ACCOMPANIMENT and p.spec.cohort == 0 else None
        achieved_late = (1, 1) if p.spec.outcome == specs.ACCOMPANIED else None
        milestones = self.milestones(
            accompaniment,
            phases,
            words.MNT_MILESTONES,
            coach=coach,
            team=team,
            late=late,
            late_due=self.today - dt.timedelta(days=words.MNT_LATE_BY_DAYS),
            achieved_late=achieved_late,
        )
        for index, phase in enumerate(phases):
            if phase.status == PhaseStatus.PLANNED:
                continue
            start = phase.actual_start
            end = phase.actual_end or self.today
            notes = words.MNT_JOURNAL[index]
            for rank, note in enumerate(notes):
                day = start + (end - start) * (rank + 1) // (len(notes) + 1)
                if day >= self.today:
                    continue
                author = self.author(note.author, coach, team)
                self.note(accompaniment, phase, author, note.body, day)
            last = milestones.get((index, len(words.MNT_MILESTONES[index]) - 1))
            for rank, (title, filename) in enumerate(words.MNT_DELIVERABLES[index]):
                if phase.status == PhaseStatus.IN_PROGRESS:
                    if rank == 0:  # work under way, shared before the phase ends
                        day = max(start, self.today - dt.timedelta(days=3))
                        self.document(accompaniment, phase, coach, title, filename, day)
                    continue
                achieved = last is not None and last.status == MilestoneStatus.ACHIEVED
                evidence = last if rank == 0 and achieved else None
                author = team if rank == 0 and team else coach
                self.document(
                    accompaniment, phase, author, title, filename, phase.actual_end, evidence
                )


# --- DITP -----------------------------------------------------------------------------------


class FundingCourse(_Course):
    """Reciprocal engagements, tranches and an independent evaluation (seed 004)."""

    def play(self) -> None:
        ready = [p for p in self.laureates if p.spec.outcome in ACCOMPANIED]
        signed_on = self.today - dt.timedelta(days=words.DITP_SIGNED_DAYS_AGO)
        self.signed_on = signed_on
        self.start = signed_on + dt.timedelta(days=words.DITP_STARTS_AFTER_SIGNATURE)
        weeks = sum(weeks for _name, weeks, _deliverables in words.DITP_PHASES)
        self.end = self.start + dt.timedelta(weeks=weeks, days=-1)
        prepared = _paris(signed_on - dt.timedelta(days=30), 10)
        if ready:
            with at(prepared, Cohort):
                for name, phase_weeks, deliverables in words.DITP_PHASES:
                    setup_services.phase_template_add(
                        call=self.call,
                        actor=self.staff,
                        name=name,
                        default_weeks=phase_weeks,
                        deliverables=deliverables,
                    )
                self.cohort = setup_services.cohort_create(
                    call=self.call,
                    actor=self.staff,
                    name=words.DITP_COHORT,
                    starts_on=self.start,
                    ends_on=self.end,
                )
            self.evaluator = self.invite(
                words.EVALUATOR,
                FundRole.EVALUATOR,
                words.EVALUATOR_ORGANISATION,
                prepared + dt.timedelta(days=1),
            )
        for rank, p in enumerate(ready):
            self.engage_and_accompany(p, rank)
        for p in self.laureates:
            if p.spec.title == words.DITP_DRAFT_ENGAGEMENT_TITLE:
                self.draft_engagement(p)

    # --- the engagement ---

    def terms(self, p, starts_on: dt.date, delay_weeks: int = 0) -> tuple[dict, list, list]:
        """The engagement's terms from `starts_on`, its phase of test lengthened by
        `delay_weeks` (an amendment)."""
        amount = p.application.amount_requested
        phases = []
        cursor = starts_on
        for position, (_name, weeks, _deliverables) in enumerate(words.DITP_PHASES):
            weeks += delay_weeks if position == 2 else 0
            end = cursor + dt.timedelta(weeks=weeks, days=-1)
            with translation.override("fr"):  # the demo's terms are written in French
                phases.append(f"du {day(cursor)} au {day(end)}")
            cursor = end + dt.timedelta(days=1)
        ends_on = cursor - dt.timedelta(days=1)
        data = {
            "summary": words.DITP_SUMMARY,
            "fund_commitments": words.DITP_FUND_COMMITMENTS,
            "team_commitments": words.DITP_TEAM_COMMITMENTS,
            "starts_on": starts_on,
            "ends_on": ends_on,
            "calendar": words.DITP_CALENDAR.format(
                p1=phases[0], p2=phases[1], p3=phases[2], p4=phases[3]
            ),
            "granted_amount": amount,
        }
        # Each team's own starting point: the theme's figures moved by up to a fifth.
        shift = Decimal(zlib.crc32(p.spec.title.encode()) % 41 - 20) / 100
        indicators = [
            {
                "label": label,
                "unit": unit,
                "baseline": (Decimal(baseline) * (1 + shift)).quantize(Decimal(1)),
                "target": Decimal(target)
                if unit == "%"
                else (Decimal(target) * (1 + shift)).quantize(Decimal(1)),
                "target_date": ends_on,
            }
            for label, unit, baseline, target in words.DITP_INDICATORS[p.spec.theme]
        ]
        plan = words.DITP_TRANCHES_SMALL if amount < words.SMALL_AMOUNT else words.DITP_TRANCHES
        design_end = starts_on + dt.timedelta(
            weeks=words.DITP_PHASES[0][1] + words.DITP_PHASES[1][1]
        )
        dates = [self.signed_on + dt.timedelta(days=7), design_end, ends_on]
        if len(plan) == 2:
            dates = [dates[0], dates[2]]
        tranches, given = [], Decimal(0)
        for position, ((share, condition), planned_on) in enumerate(zip(plan, dates, strict=True)):
            if position == len(plan) - 1:
                value = amount - given
            else:
                value = (amount * share / 100 / 100).quantize(Decimal(1)) * 100
            given += value
            tranches.append({"planned_on": planned_on, "amount": value, "condition": condition})
        return data, indicators, tranches

    def sign(self, engagement: Engagement, team: User, fund_day: dt.date, team_day: dt.date):
        with at(_paris(fund_day, 15), Engagement, Signature):
            engagement_services.engagement_sign(
                engagement=engagement,
                actor=self.staff,
                side=SignatureSide.FUND,
                signer_name=self.staff.full_name,
                signer_function=self.staff.job_title,
            )
        if team_day is None:
            return
        with at(_paris(team_day, 10), Engagement, Signature):
            engagement_services.engagement_sign(
                engagement=engagement,
                actor=team,
                side=SignatureSide.TEAM,
                signer_name=team.full_name,
                signer_function=team.job_title,
            )

    def pay(self, application: Application, position: int, day: dt.date) -> None:
        tranche = Tranche.objects.filter(
            engagement__application=application,
            engagement__status=EngagementStatus.SIGNED,
            position=position,
        ).first()
        if tranche is None or day >= self.today:
            return
        with at(_paris(day, 11), Engagement):
            engagement_services.tranche_record_payment(
                tranche=tranche, actor=self.staff, paid_on=day, paid_amount=tranche.amount
            )

    def amend(self, p, engagement: Engagement, reason: str, day: dt.date, weeks: int):
        """An amendment that lengthens the phase of test, hence the end and the last
        tranche, by `weeks`."""
        with at(_paris(day, 10), Engagement):
            amendment = engagement_services.engagement_amend(
                engagement=engagement, actor=self.staff, reason=reason
            )
        data, indicators, _tranches = self.terms(p, amendment.starts_on, weeks)
        tranches = [
            {
                "id": t.pk,
                "planned_on": t.planned_on
                if position < amendment.tranches.count() - 1
                else t.planned_on + dt.timedelta(weeks=weeks),
                "amount": t.amount,
                "condition": t.condition,
            }
            for position, t in enumerate(amendment.tranches.order_by("position"))
        ]
        with at(_paris(day, 10, 20), Engagement, Signature):
            engagement_services.engagement_update(
                engagement=amendment,
                actor=self.staff,
                data=data,
                indicators=indicators,
                tranches=tranches,
            )
        return amendment

    def engage_and_accompany(self, p, rank: int) -> None:
        application = p.application
        laureate = p.spec.title == words.DITP_LAUREATE_TITLE
        team = team_owner(application, words.LAUREATE if laureate else "")
        data, indicators, tranches = self.terms(p, self.start)
        with at(_paris(self.signed_on - dt.timedelta(days=12), 11), Engagement):
            engagement = engagement_services.engagement_create(
                application=application,
                actor=self.staff,
                data=data,
                indicators=indicators,
                tranches=tranches,
            )
        self.sign(
            engagement,
            team,
            self.signed_on - dt.timedelta(days=3 + rank % 3),
            self.signed_on,
        )
        self.pay(application, 0, self.signed_on + dt.timedelta(days=21 + rank % 4))
        # Most are in their third phase; every third one runs late in its second.
        late = rank % 3 == 1 and not laureate and p.spec.title != words.DITP_AMENDED_TITLE
        if p.spec.title == words.DITP_AMENDED_TITLE:
            amendment = self.amend(
                p, engagement, words.SIGNED_AMENDMENT, self.today - dt.timedelta(days=40), 6
            )
            self.sign(
                amendment,
                team,
                self.today - dt.timedelta(days=36),
                self.today - dt.timedelta(days=33),
            )
        design_end = tranches[1]["planned_on"] if len(tranches) == 3 else None
        if design_end and not late:
            self.pay(application, 1, design_end + dt.timedelta(days=12 + rank % 5))
        if laureate:
            amendment = self.amend(
                p,
                engagement,
                words.PENDING_AMENDMENT,
                self.today - dt.timedelta(days=words.PENDING_AMENDMENT_DAYS_AGO),
                13,
            )
            self.sign(amendment, team, self.today - dt.timedelta(days=3), None)
        self.accompany(p, rank, team, late)

    def draft_engagement(self, p) -> None:
        day = self.today - dt.timedelta(days=6)
        starts_on = self.today + dt.timedelta(days=30)
        data, indicators, tranches = self.terms(p, starts_on)
        tranches[0]["planned_on"] = starts_on
        with at(_paris(day, 14), Engagement):
            engagement_services.engagement_create(
                application=p.application,
                actor=self.staff,
                data=data,
                indicators=indicators,
                tranches=tranches,
            )

    # --- the accompaniment ---

    def accompany(self, p, rank: int, team: User, late: bool) -> None:
        with at(_paris(self.start, 10), Accompaniment):
            accompaniment = setup_services.start_accompaniment(
                application=p.application,
                cohort=self.cohort,
                coach=None,
                evaluator=self.evaluator,
                actor=self.staff,
            )
        phases = list(accompaniment.phases.select_related("template").order_by("position"))
        for phase in phases:
            phase.accompaniment = accompaniment
        jitter = dt.timedelta(days=rank % 5)
        if late:
            ends = [phases[0].planned_end + dt.timedelta(days=7) + jitter, None, None, None]
        else:
            ends = [phases[0].planned_end + jitter, phases[1].planned_end + jitter, None, None]
        ends = [min(end, self.today - dt.timedelta(days=1)) if end else None for end in ends]
        self.move_phases(phases, ends, self.staff)
        milestones = self.milestones(
            accompaniment,
            phases,
            words.DITP_MILESTONES,
            coach=None,
            team=team,
            late=(1, 0) if late else None,
            late_due=phases[1].planned_start + dt.timedelta(weeks=6),
        )
        first, second = words.DITP_JOURNAL
        self.note(accompaniment, phases[0], self.staff, first.body, self.start + dt.timedelta(2))
        if not late:
            workshops = milestones[(1, 0)]
            self.note(
                accompaniment, phases[1], team, second.body, workshops.due_on - dt.timedelta(2)
            )
            self.document(
                accompaniment,
                phases[1],
                team,
                "Synthèse des ateliers de co-conception",
                "synthese-ateliers.pdf",
                workshops.due_on,
                workshops,
            )
        self.document(
            accompaniment,
            phases[0],
            team,
            "Plan de travail détaillé",
            "plan-de-travail.pdf",
            phases[0].actual_end,
        )
        self.evaluate(p, accompaniment)

    def evaluate(self, p, accompaniment: Accompaniment) -> None:
        if p.spec.title == words.DITP_LAUREATE_TITLE:
            written = self.today - dt.timedelta(days=words.MID_COURSE_SUBMITTED_DAYS_AGO + 5)
            with at(_paris(written, 16), EvaluationReport):
                report = evaluation_services.save_report(
                    accompaniment=accompaniment,
                    actor=self.evaluator,
                    moment=EvaluationMoment.MID_COURSE,
                    **words.MID_COURSE_REPORT,
                )
            submitted = self.today - dt.timedelta(days=words.MID_COURSE_SUBMITTED_DAYS_AGO)
            with at(_paris(submitted, 11), EvaluationReport):
                evaluation_services.submit_report(report=report, actor=self.evaluator)
        elif p.spec.title == words.DITP_DRAFT_REPORT_TITLE:
            written = self.today - dt.timedelta(days=words.DRAFT_REPORT_DAYS_AGO)
            with at(_paris(written, 17), EvaluationReport):
                evaluation_services.save_report(
                    accompaniment=accompaniment,
                    actor=self.evaluator,
                    moment=EvaluationMoment.MID_COURSE,
                    **words.DRAFT_REPORT,
                )
