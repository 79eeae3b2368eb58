"""Builds the demo data from `demo.data` through the real code paths.

Funds, calls, themes and stages are written directly (staff would type them in); dossiers
are created as drafts, submitted with `application_submit` (so references, versions and
fingerprints are real) and moved with `transitions.transition` — the loader never writes
`Application.state`.

Idempotent: every row is found by a natural key (user e-mail, fund slug, call slug, theme
title within a call, stage kind within a call, dossier title within a call). An existing
dossier is left as it is, whatever happened to it since; funds and calls are brought back
to their definition, and the call open in the demo is moved so that it stays open.

Side effects: none outside the database. Mail is not sent while loading (the demo
addresses are fictitious and a hundred receipts would flood the console); the task backend
is swapped for django-tasks' dummy backend for the duration of the load.
"""

import datetime as dt
import zlib
from dataclasses import dataclass, field
from decimal import Decimal

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import models, transaction
from django.test.utils import override_settings
from django.utils import timezone
from django.utils.text import slugify

from essaim.accounts.models import User
from essaim.applications.enums import ApplicationState as S
from essaim.applications.enums import InvitationStatus, SupportStatus, TeamAccess
from essaim.applications.models import Application, BudgetLine, SupportRequest, TeamMember
from essaim.applications.services.submission import application_submit, application_withdraw
from essaim.applications.transitions import transition
from essaim.core.models import AuditEvent
from essaim.funds.enums import FundRole, StageKind
from essaim.funds.models import Call, CallStage, Fund, FundMembership, Theme

from . import specs
from .data import accounts as accounts_data
from .data import ditp, mnt
from .data.mnt import PARIS

FUNDS: tuple[specs.Fund, ...] = (mnt.FUND, ditp.FUND)

# The call kept open: opened three weeks before the load, closing two weeks after it.
OPEN_CALL_OPENED_DAYS_AGO = 21
OPEN_CALL_CLOSES_IN_DAYS = 14

NO_MAIL_TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}

REASONS = {
    S.INELIGIBLE: "Dossier non recevable.",
    S.NOT_SHORTLISTED: (
        "Le comité de première sélection a retenu les projets les plus collectifs et "
        "inspirants ; ce dossier n'en fait pas partie cette fois."
    ),
    S.SHORTLISTED: "Projet retenu en première sélection.",
    S.IN_SUPPORT: "Appui à l'équipe pour préciser le dossier avant le jury.",
    S.WAITLISTED: "Sur liste d'attente du jury.",
    S.NOT_SELECTED: "Le jury a retenu d'autres projets.",
    S.LAUREATE: "Retenu par le jury.",
    S.IN_ACCOMPANIMENT: "Début de l'accompagnement.",
    S.ACCOMPANIED: "Accompagnement terminé : phase de consolidation achevée.",
}


BACK_FROM_SUPPORT = "Dossier précisé avec l'appui de l'équipe du fonds : présenté au jury."


@dataclass(frozen=True)
class AccountRow:
    role: str
    email: str
    password: str
    try_this: str


@dataclass
class DemoSummary:
    accounts: list[AccountRow] = field(default_factory=list)
    dossiers_created: int = 0
    dossiers_kept: int = 0
    # The supervisor has no account: this link is how to play their part.
    support_link: str = ""
    support_link_for: str = ""
    site_url: str = ""


@dataclass
class _Context:
    now: dt.datetime
    users: dict[str, User]
    summary: DemoSummary


def load_demo(*, now: dt.datetime | None = None) -> DemoSummary:
    """Create or bring up to date the whole demo; see the module docstring."""
    now = now or timezone.now()
    summary = DemoSummary(site_url=settings.SITE_URL)
    with override_settings(TASKS=NO_MAIL_TASKS), transaction.atomic():
        users = _ensure_accounts()
        context = _Context(now=now, users=users, summary=summary)
        for fund_spec in FUNDS:
            fund = _ensure_fund(fund_spec)
            _ensure_memberships(fund, users)
            staff = _fund_staff(fund_spec, users)
            for call_spec in fund_spec.calls:
                call = _ensure_call(fund, fund_spec, call_spec, now)
                _ensure_dossiers(call, fund_spec, call_spec, staff, context)
    summary.accounts = [
        AccountRow(a.role, a.email, accounts_data.PASSWORD, a.try_this)
        for a in accounts_data.ACCOUNTS
    ]
    _find_support_link(summary)
    return summary


# --- rows found by natural key -------------------------------------------------------


def _sync(model: type[models.Model], lookup: dict, values: dict) -> tuple[models.Model, bool]:
    """Get the row matching `lookup` and set `values` on it, saving only what changed (so
    that a second run writes nothing); create it if missing."""
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        return model.objects.create(**lookup, **values), True
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    if changed:
        for name in changed:
            setattr(obj, name, values[name])
        if any(f.name == "updated_at" for f in model._meta.fields):
            changed.append("updated_at")
        obj.save(update_fields=changed)
    return obj, False


def _ensure_accounts() -> dict[str, User]:
    users: dict[str, User] = {}
    password_hash = None  # hashing is slow on purpose: once for all the demo accounts
    for account in (*accounts_data.ACCOUNTS, *accounts_data.OTHER_APPLICANTS):
        user = User.objects.filter(email=account.email).first()
        if user is None:
            if account.listed and password_hash is None:
                password_hash = make_password(accounts_data.PASSWORD)
            user = User(
                email=account.email,
                full_name=account.full_name,
                job_title=account.job_title,
                is_staff=account.superuser,
                is_superuser=account.superuser,
                password=password_hash if account.listed else make_password(None),
            )
            user.save()
        else:
            _sync(
                User,
                {"pk": user.pk},
                {
                    "is_staff": account.superuser or user.is_staff,
                    "is_superuser": account.superuser or user.is_superuser,
                },
            )
        address, _created = EmailAddress.objects.get_or_create(
            user=user, email=account.email, defaults={"verified": True, "primary": True}
        )
        if not address.verified:
            address.verified = True
            address.save(update_fields=["verified"])
        users[account.email] = user
    return users


def _ensure_fund(spec: specs.Fund) -> Fund:
    fund, _created = _sync(
        Fund,
        {"slug": spec.slug},
        {
            "name": spec.name,
            "operator": spec.operator,
            "reference_prefix": spec.reference_prefix,
            "tagline": spec.tagline,
            "description": spec.description,
            "partners": spec.partners,
            "website": spec.website,
            "contact_email": spec.contact_email,
            "accent_colour": spec.accent_colour,
            "is_published": True,
        },
    )
    return fund


def _ensure_memberships(fund: Fund, users: dict[str, User]) -> None:
    for account in accounts_data.ACCOUNTS:
        for fund_slug, role in account.fund_roles:
            if fund_slug == fund.slug:
                FundMembership.objects.get_or_create(
                    fund=fund, user=users[account.email], role=role
                )


def _fund_staff(spec: specs.Fund, users: dict[str, User]) -> User:
    """The demo staff member who records the fund's decisions."""
    for account in accounts_data.ACCOUNTS:
        if (spec.slug, FundRole.STAFF) in account.fund_roles:
            return users[account.email]
    raise LookupError(f"No demo staff account for fund {spec.slug}")


def _paris(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=PARIS)


def _open_window(now: dt.datetime) -> tuple[dt.datetime, dt.datetime]:
    today = timezone.localtime(now, PARIS).date()
    opens = _paris(today - dt.timedelta(days=OPEN_CALL_OPENED_DAYS_AGO), 9)
    closes = _paris(today + dt.timedelta(days=OPEN_CALL_CLOSES_IN_DAYS), 12)
    return opens, closes


def _amount(value) -> Decimal | None:
    return None if value is None else Decimal(value)


def _ensure_call(fund: Fund, fund_spec: specs.Fund, spec: specs.Call, now) -> Call:
    if spec.open_in_demo:
        opens_at, closes_at = _open_window(now)
    else:
        opens_at, closes_at = spec.opens_at, spec.closes_at
    defaults = dict(fund_spec.call_defaults)
    for name in ("min_amount", "max_amount", "envelope"):
        defaults[name] = _amount(defaults.get(name))
    call, _created = _sync(
        Call,
        {"fund": fund, "slug": spec.slug},
        {
            **defaults,
            "year": spec.year,
            "edition": spec.edition,
            "title": spec.title,
            "summary": spec.summary,
            "description": spec.description,
            "opens_at": opens_at,
            "closes_at": closes_at,
        },
    )
    for position, theme in enumerate(fund_spec.themes):
        _sync(
            Theme,
            {"call": call, "title": theme.title},
            {"description": theme.description, "position": position},
        )
    for position, stage in enumerate(spec.stages):
        starts_on, ends_on = stage.starts_on, stage.ends_on
        if stage.kind == StageKind.APPLICATION:
            starts_on = timezone.localtime(opens_at, PARIS).date()
            ends_on = timezone.localtime(closes_at, PARIS).date()
        elif stage.after_closing is not None:
            closing_day = timezone.localtime(closes_at, PARIS).date()
            starts_on = closing_day + dt.timedelta(days=stage.after_closing[0])
            ends_on = closing_day + dt.timedelta(days=stage.after_closing[1])
        _sync(
            CallStage,
            {"call": call, "kind": stage.kind},
            {
                "title": "",
                "description": stage.description,
                "starts_on": starts_on,
                "ends_on": ends_on,
                "position": position,
            },
        )
    call.stages.exclude(kind__in=[stage.kind for stage in spec.stages]).delete()
    return call


# --- dossiers ------------------------------------------------------------------------


def _ensure_dossiers(
    call: Call, fund_spec: specs.Fund, spec: specs.Call, staff: User, context: _Context
) -> None:
    themes = {theme.title: theme for theme in call.themes.all()}
    theme_by_key = {t.key: themes[t.title] for t in fund_spec.themes}
    stage_dates = {stage.kind: (stage.starts_on, stage.ends_on) for stage in call.stages.all()}
    existing = set(call.applications.values_list("title", flat=True))

    # Submission moments are spread over the call's window in an order that does not follow
    # the listing (laureates first), so that references do not give the results away.
    to_submit = sorted(
        (d for d in spec.dossiers if d.outcome != specs.DRAFT and not d.submitted_days_ago),
        key=lambda d: zlib.crc32(d.display_title.encode()),
    )
    moments = {
        d.display_title: _spread(call.opens_at, call.closes_at, rank, len(to_submit))
        for rank, d in enumerate(to_submit)
    }
    for dossier in spec.dossiers:
        if dossier.submitted_days_ago:
            moments[dossier.display_title] = context.now - dt.timedelta(
                days=dossier.submitted_days_ago, hours=3
            )
    ordered = sorted(spec.dossiers, key=lambda d: moments.get(d.display_title, context.now))
    for dossier in ordered:
        if dossier.display_title in existing:
            context.summary.dossiers_kept += 1
            continue
        _build_dossier(
            call,
            dossier,
            theme_by_key,
            stage_dates,
            staff,
            moments.get(dossier.display_title),
            context,
        )
        context.summary.dossiers_created += 1


def _spread(opens_at: dt.datetime, closes_at: dt.datetime, rank: int, count: int) -> dt.datetime:
    """The `rank`-th of `count` moments inside the window, during office hours."""
    span = closes_at - opens_at
    moment = opens_at + span * (rank + 1) / (count + 1)
    local = timezone.localtime(moment, PARIS)
    hour = 9 + (rank * 5) % 9  # between 9 h and 17 h
    moment = local.replace(hour=hour, minute=(rank * 17) % 60, second=0, microsecond=0)
    return min(max(moment, opens_at), closes_at - dt.timedelta(minutes=1))


def _budget_lines(amount: int, budget: specs.Budget) -> list[tuple[str, Decimal]]:
    """Lines rounded to 100 €; the last takes the remainder so the total is exact."""
    lines, total = [], 0
    for label, share in budget.lines[:-1]:
        value = round(amount * share / 100 / 100) * 100
        lines.append((label, Decimal(value)))
        total += value
    lines.append((budget.lines[-1][0], Decimal(amount - total)))
    return lines


def _supervisor_email(dossier: specs.Dossier) -> str:
    if dossier.supervisor and dossier.supervisor.email:
        return dossier.supervisor.email
    return f"direction.{slugify(dossier.organisation_name)[:40]}@demo.essaim.fr"


def _build_dossier(
    call: Call,
    dossier: specs.Dossier,
    themes: dict,
    stage_dates: dict,
    staff: User,
    submitted_at: dt.datetime | None,
    context: _Context,
) -> Application:
    users = context.users
    owner_spec = dossier.team[0]
    owner = users.get(owner_spec.account)
    last_saved = submitted_at or context.now - dt.timedelta(days=1)
    application = Application.objects.create(
        call=call,
        created_by=owner,
        title=dossier.display_title,
        organisation_name=dossier.organisation_name,
        organisation_type=dossier.organisation_type,
        organisation_departement=dossier.departement,
        theme=themes.get(dossier.theme),
        problem=dossier.display_problem if dossier.problem else "",
        users_concerned=dossier.users_concerned,
        idea=dossier.idea,
        maturity=dossier.maturity,
        partners=dossier.partners,
        effect_on_agents=dossier.effect_on_agents,
        effect_on_users=dossier.effect_on_users,
        collective_dimension=dossier.collective_dimension,
        reproducibility=dossier.reproducibility,
        amount_requested=_amount(dossier.amount),
        last_saved_at=last_saved - dt.timedelta(minutes=20),
    )
    for position, person in enumerate(dossier.team):
        user = users.get(person.account)
        access = person.access or (TeamAccess.OWNER if position == 0 else TeamAccess.LISTED)
        TeamMember.objects.create(
            application=application,
            user=user,
            full_name=person.full_name,
            email=user.email if user else person.email,
            job_title=person.job_title,
            project_role=person.project_role,
            access=access,
            invitation_status=(
                InvitationStatus.ACCEPTED
                if user and access == TeamAccess.EDITOR
                else InvitationStatus.NONE
            ),
        )
    if dossier.amount and dossier.budget:
        BudgetLine.objects.bulk_create(
            BudgetLine(application=application, label=label, amount=value, position=position)
            for position, (label, value) in enumerate(_budget_lines(dossier.amount, dossier.budget))
        )
    if call.requires_hierarchical_support and dossier.supervisor:
        if dossier.support_pending:
            _ask_support(application, dossier, owner)
        elif dossier.outcome != specs.DRAFT:
            # A past answer: written as the supervisor's link would have left it.
            SupportRequest.objects.create(
                application=application,
                supervisor_name=dossier.supervisor.full_name,
                supervisor_function=dossier.supervisor.job_title,
                supervisor_email=_supervisor_email(dossier),
                status=SupportStatus.CONFIRMED,
                sent_at=submitted_at - dt.timedelta(days=6),
                send_count=1,
                responded_at=submitted_at - dt.timedelta(days=2, hours=5),
            )
    if dossier.outcome == specs.DRAFT:
        return application

    application = application_submit(application_id=application.pk, user=owner, now=submitted_at)
    moments = [submitted_at]
    dates = _StageClock(stage_dates, call, dossier.cohort)
    for target in path_to(dossier.outcome, call):
        moment = dates.moment_for(target)
        moments.append(moment)
        if target == S.WITHDRAWN:
            application = application_withdraw(
                application=application, user=owner, reason=dossier.reason
            )
            continue
        if target in (S.INELIGIBLE, S.NOT_SHORTLISTED, S.NOT_SELECTED) and dossier.reason:
            reason = dossier.reason
        elif target == S.SHORTLISTED and application.state == S.IN_SUPPORT:
            reason = BACK_FROM_SUPPORT
        else:
            reason = REASONS.get(target, "")
        transition(application, to=target, actor=staff, reason=reason)
    _backdate(application, moments)
    return application


def _ask_support(application: Application, dossier: specs.Dossier, owner: User | None) -> None:
    """Ask the supervisor through the real service when it exists (it draws the nonce the
    printed link carries); otherwise write the pending request as it would."""
    try:
        from essaim.applications.services.support import support_request_send
    except ImportError:
        support_request_send = None
    if support_request_send is not None:
        support_request_send(
            application=application,
            actor=owner,
            supervisor_name=dossier.supervisor.full_name,
            supervisor_function=dossier.supervisor.job_title,
            supervisor_email=_supervisor_email(dossier),
        )
        return
    SupportRequest.objects.create(
        application=application,
        supervisor_name=dossier.supervisor.full_name,
        supervisor_function=dossier.supervisor.job_title,
        supervisor_email=_supervisor_email(dossier),
        status=SupportStatus.PENDING,
        sent_at=timezone.now(),
        send_count=1,
    )


def path_to(outcome: str, call: Call) -> list[str]:
    """The states a submitted dossier goes through to reach `outcome` in this call, which
    skips the first selection and the support round when it has no such stages."""
    kinds = call.stage_kinds()
    before_jury = [S.ELIGIBLE]
    if StageKind.FIRST_SELECTION in kinds:
        before_jury.append(S.SHORTLISTED)
        if StageKind.SUPPORT in kinds:
            before_jury += [S.IN_SUPPORT, S.SHORTLISTED]
    paths = {
        specs.SUBMITTED: [],
        specs.INELIGIBLE: [S.INELIGIBLE],
        specs.NOT_SHORTLISTED: [S.ELIGIBLE, S.NOT_SHORTLISTED],
        specs.WITHDRAWN: [S.ELIGIBLE, S.WITHDRAWN],
        specs.NOT_SELECTED: [*before_jury, S.NOT_SELECTED],
        specs.WAITLISTED: [*before_jury, S.WAITLISTED],
        specs.LAUREATE: [*before_jury, S.LAUREATE],
        specs.IN_ACCOMPANIMENT: [*before_jury, S.LAUREATE, S.IN_ACCOMPANIMENT],
        specs.ACCOMPANIED: [*before_jury, S.LAUREATE, S.IN_ACCOMPANIMENT, S.ACCOMPANIED],
    }
    return paths[outcome]


class _StageClock:
    """When each step of a dossier's path happened, read from its call's calendar."""

    def __init__(self, stage_dates: dict, call: Call, cohort: int):
        self.stages = stage_dates
        self.closing_day = timezone.localtime(call.closes_at, PARIS).date()
        self.cohort = cohort
        self.shortlisted_once = False

    def _day(self, kind: str, end: bool, fallback_days: int) -> dt.date:
        starts_on, ends_on = self.stages.get(kind, (None, None))
        day = ends_on if end else starts_on
        return day or self.closing_day + dt.timedelta(days=fallback_days)

    def _screening_day(self) -> dt.date:
        for kind in (StageKind.ELIGIBILITY, StageKind.FIRST_SELECTION, StageKind.EXPERT_REVIEW):
            if kind in self.stages:
                return self._day(kind, end=False, fallback_days=3)
        return self.closing_day + dt.timedelta(days=3)

    def moment_for(self, target: str) -> dt.datetime:
        if target in (S.ELIGIBLE, S.INELIGIBLE):
            return _paris(self._screening_day(), 10)
        if target == S.WITHDRAWN:
            return _paris(self._screening_day() + dt.timedelta(days=5), 11)
        if target == S.NOT_SHORTLISTED:
            return _paris(self._day(StageKind.FIRST_SELECTION, True, 14), 16)
        if target == S.SHORTLISTED:
            if self.shortlisted_once:  # back from the support round
                return _paris(self._day(StageKind.SUPPORT, True, 35), 17)
            self.shortlisted_once = True
            return _paris(self._day(StageKind.FIRST_SELECTION, True, 14), 16)
        if target == S.IN_SUPPORT:
            return _paris(self._day(StageKind.SUPPORT, False, 17), 10)
        if target in (S.LAUREATE, S.NOT_SELECTED, S.WAITLISTED):
            return _paris(self._day(StageKind.JURY, True, 42), 18)
        starts = self._day(StageKind.ACCOMPANIMENT, False, 60)
        ends = self._day(StageKind.ACCOMPANIMENT, True, 210)
        span = ends - starts
        # Two cohorts, one after the other (seed 003: March–May, then July–September).
        if target == S.IN_ACCOMPANIMENT:
            return _paris(starts + span * 55 // 100 * self.cohort, 10)
        return _paris(starts + span * 40 // 100 + span * 55 // 100 * self.cohort, 17)


def _backdate(application: Application, moments: list[dt.datetime]) -> None:
    """Date the dossier's history when it happened rather than when the demo was loaded.

    The audit rows are written by `transition` with the current time; they are dated here,
    right after being written and in the same transaction, because the demo builds a past.
    Nothing else ever changes an audit row.
    """
    events = list(
        AuditEvent.objects.for_object(application)
        .filter(action="application.state")
        .order_by("id")
        .values_list("pk", flat=True)
    )
    for pk, moment in zip(events, moments, strict=False):
        AuditEvent.objects.filter(pk=pk).update(created_at=moment)
    Application.objects.filter(pk=application.pk).update(
        created_at=moments[0] - dt.timedelta(days=9, hours=2), updated_at=moments[-1]
    )


def _find_support_link(summary: DemoSummary) -> None:
    """The link the supervisor of the demo applicant's draft received, if the support
    service can build it."""
    try:
        from essaim.applications.services.support import support_link_path
    except ImportError:
        return
    request = (
        SupportRequest.objects.filter(
            status=SupportStatus.PENDING,
            application__state=S.DRAFT,
            application__team__user__email=accounts_data.PORTEUR,
        )
        .select_related("application")
        .first()
    )
    if request is None:
        return
    summary.support_link = settings.SITE_URL + support_link_path(request)
    summary.support_link_for = f"{request.supervisor_name} ({request.supervisor_function})"
