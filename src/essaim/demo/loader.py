"""Builds the demo data from `demo.data` through the real code paths.

The official referential of public bodies (territory) is imported first when it is missing
or older than the snapshot shipped with Essaim. Funds, calls, themes and stages are written
directly (staff would type them in); dossiers are created as drafts, pointed at their body
in the referential (or at a body added as an applicant would), submitted with
`application_submit` (so references, versions and fingerprints are real), then each call's
selection is played through the review services (`demo.selection`): decisions are
`Decision` rows recorded with `record_decision` — the loader never writes
`Application.state`.

Idempotent: every row is found by a natural key (user e-mail, fund slug, edition within a fund,
theme title within a call, stage kind within a call, dossier title within a call). A call whose
dossiers exist is left as it is, whatever happened to it since (its selection was played
with them); funds and calls are brought back to their definition, and the calls open or in
selection in the demo are moved so that they stay so.

Side effects: none outside the database. Mail is not sent while loading (the demo
addresses are fictitious and a hundred receipts would flood the console); the task backend
is swapped for django-tasks' dummy backend for the duration of the load.
"""

import datetime as dt
import time
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
from essaim.applications.services.organisation import (
    application_add_organisation,
    application_set_organisation,
    match_referential,
)
from essaim.applications.services.submission import application_submit
from essaim.core.models import AuditEvent
from essaim.funds.enums import FundRole, StageKind
from essaim.funds.models import Call, CallStage, Fund, FundMembership, Theme
from essaim.territory.enums import ADDABLE_TYPES, OrganisationSource
from essaim.territory.importer import import_referential
from essaim.territory.models import Organisation, ReferentialImport
from essaim.territory.snapshot import load_snapshot

from . import specs
from .catalogue import ensure_catalogue
from .data import accounts as accounts_data
from .data import ditp, mnt
from .data import selection as selection_data
from .data.mnt import PARIS
from .selection import Played, Selection, dated, post_thread

FUNDS: tuple[specs.Fund, ...] = (mnt.FUND, ditp.FUND)

# The call kept open: opened three weeks before the load, closing two weeks after it.
OPEN_CALL_OPENED_DAYS_AGO = 21
OPEN_CALL_CLOSES_IN_DAYS = 14
# The call in selection: opened fourteen weeks before the load, closed nine weeks before it.
SELECTION_CALL_OPENED_DAYS_AGO = 98
SELECTION_CALL_CLOSED_DAYS_AGO = 63
# The call whose laureates are being accompanied: closed 24 weeks before the load, so that
# its accompaniment stage (15 weeks after closing) began when its first cohort did.
ACCOMPANIED_CALL_OPENED_DAYS_AGO = 203
ACCOMPANIED_CALL_CLOSED_DAYS_AGO = 168

NO_MAIL_TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


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
    # The referential: how many official bodies, and the seconds its import took (0 when
    # it was already up to date).
    organisations: int = 0
    referential_seconds: float = 0.0
    referential_imported: bool = False
    # The authenticator-app key of the demo accounts that must use two-factor authentication.
    totp_secret: str = ""
    totp_accounts: list[str] = field(default_factory=list)


@dataclass
class _Context:
    now: dt.datetime
    users: dict[str, User]
    summary: DemoSummary


def load_demo(*, now: dt.datetime | None = None, referential: dict | None = None) -> DemoSummary:
    """Create or bring up to date the whole demo; see the module docstring.

    `referential` is the snapshot of the territory to load (by default the one shipped in
    territory/data/; the tests pass a part of it)."""
    now = now or timezone.now()
    summary = DemoSummary(site_url=settings.SITE_URL)
    # Its own transaction: a later failure does not throw away a complete import.
    ensure_referential(referential, summary)
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
        ensure_catalogue(users, now)
        _ensure_demo_authenticators(summary)
    summary.accounts = [
        AccountRow(a.role, a.email, accounts_data.PASSWORD, a.try_this)
        for a in accounts_data.ACCOUNTS
    ]
    _find_support_link(summary)
    return summary


# Printed by load_demo and given in the README: add it to an authenticator app (or compute
# its codes) to sign in as the demo's staff, juror or administrator. Demo accounts only.
DEMO_TOTP_SECRET = "ESSAIMDEMOESSAIMDEMOESSAIMDEMO23"  # noqa: S105


def _ensure_demo_authenticators(summary: DemoSummary) -> None:
    """The listed accounts that must use two-factor authentication (staff, jurors, platform
    administrators, as `accounts.two_factor` decides) get an authenticator app with the
    printed key, and recovery codes; an authenticator they already have is kept."""
    from allauth.mfa.models import Authenticator
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
    from allauth.mfa.totp.internal.auth import TOTP

    from essaim.accounts.two_factor import two_factor_required

    listed = [a.email for a in accounts_data.ACCOUNTS if a.listed]
    for user in User.objects.filter(email__in=listed).order_by("email"):
        if not two_factor_required(user):
            continue
        if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
            TOTP.activate(user, DEMO_TOTP_SECRET)
            RecoveryCodes.activate(user)
        summary.totp_accounts.append(user.email)
    summary.totp_secret = DEMO_TOTP_SECRET


def ensure_referential(snapshot: dict | None, summary: DemoSummary) -> None:
    """Import the referential when no official body is loaded yet or when the latest import
    was of another snapshot; otherwise leave it alone (a second run takes no time)."""
    snapshot = snapshot if snapshot is not None else load_snapshot()
    latest = ReferentialImport.objects.first()
    official = Organisation.objects.filter(source=OrganisationSource.REFERENTIAL)
    outdated = (
        latest is None
        or latest.sha256 != snapshot["source"]["sha256"][:64]  # as the import keeps it
        or latest.counts != snapshot["counts"]  # a part of the snapshot, or all of it
    )
    if outdated or not official.exists():
        started = time.perf_counter()
        import_referential(snapshot)
        summary.referential_seconds = time.perf_counter() - started
        summary.referential_imported = True
    summary.organisations = official.count()


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
    for account in (
        *accounts_data.ACCOUNTS,
        *accounts_data.OTHER_APPLICANTS,
        *selection_data.OTHER_PANELISTS,
    ):
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


def _window(now: dt.datetime, spec: specs.Call) -> tuple[dt.datetime, dt.datetime] | None:
    """When a call placed by the day of loading opens and closes; None for a fixed one."""
    if spec.open_in_demo:
        opened, closed = OPEN_CALL_OPENED_DAYS_AGO, -OPEN_CALL_CLOSES_IN_DAYS
    elif spec.in_selection_in_demo:
        opened, closed = SELECTION_CALL_OPENED_DAYS_AGO, SELECTION_CALL_CLOSED_DAYS_AGO
    elif spec.accompanied_in_demo:
        opened, closed = ACCOMPANIED_CALL_OPENED_DAYS_AGO, ACCOMPANIED_CALL_CLOSED_DAYS_AGO
    else:
        return None
    today = timezone.localtime(now, PARIS).date()
    opens = _paris(today - dt.timedelta(days=opened), 9)
    closes = _paris(today - dt.timedelta(days=closed), 12)
    return opens, closes


def _amount(value) -> Decimal | None:
    return None if value is None else Decimal(value)


def _ensure_call(fund: Fund, fund_spec: specs.Fund, spec: specs.Call, now) -> Call:
    year, slug = spec.year, spec.slug
    opens_at, closes_at = spec.opens_at, spec.closes_at
    if window := _window(now, spec):
        opens_at, closes_at = window
        # named after the year it opens in, as staff name their calls (its references too)
        year = timezone.localtime(opens_at, PARIS).year
        slug = f"{year}-{spec.edition}"
    defaults = dict(fund_spec.call_defaults)
    for name in ("min_amount", "max_amount", "envelope"):
        defaults[name] = _amount(defaults.get(name))
    call, _created = _sync(
        Call,
        # the edition, not the slug: a call placed by the day of loading changes name with it
        {"fund": fund, "edition": spec.edition},
        {
            **defaults,
            "slug": slug,
            "year": year,
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
    """Build the call's dossiers and play its selection, unless they are there already."""
    existing = set(call.applications.values_list("title", flat=True))
    if existing & {d.display_title for d in spec.dossiers}:
        context.summary.dossiers_kept += len(existing)
        return
    themes = {theme.title: theme for theme in call.themes.all()}
    theme_by_key = {t.key: themes[t.title] for t in fund_spec.themes}

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
    played = []
    for dossier in ordered:
        application = _build_dossier(
            call, dossier, theme_by_key, moments.get(dossier.display_title), context
        )
        context.summary.dossiers_created += 1
        if dossier.outcome != specs.DRAFT:
            played.append(Played(dossier, application))
    selection = Selection(
        call=call,
        fund_slug=fund_spec.slug,
        spec=spec,
        staff=staff,
        users=context.users,
        now=context.now,
    )
    selection.play(played)
    if spec.open_in_demo:
        _open_call_thread(played, staff, context)
    for item in played:
        _date_dossier(item.application)


def _open_call_thread(played: list[Played], staff: User, context: _Context) -> None:
    """The demo applicant's submitted dossier: a question from the fund and the answer."""
    porteur = context.users[accounts_data.PORTEUR]
    for item in played:
        if item.application.team.filter(user=porteur).exists():
            start = item.application.submitted_at + dt.timedelta(days=1, hours=1)
            post_thread(item.application, staff, porteur, selection_data.THREAD_OPEN_CALL, start)
            return


def _date_dossier(application: Application) -> None:
    """The dossier was created days before it was submitted, and last changed with the
    last step of its history."""
    last = (
        AuditEvent.objects.for_object(application)
        .order_by("-created_at")
        .values_list("created_at", flat=True)
        .first()
    )
    Application.objects.filter(pk=application.pk).update(
        created_at=application.submitted_at - dt.timedelta(days=9, hours=2),
        updated_at=max(filter(None, [last, application.submitted_at])),
    )


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
    with dated(last_saved - dt.timedelta(minutes=25)):
        _choose_organisation(application, dossier, owner)
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
    with dated(submitted_at):
        return application_submit(application_id=application.pk, user=owner, now=submitted_at)


def _choose_organisation(application: Application, dossier: specs.Dossier, owner) -> None:
    """Point the draft at its body as the applicant would: found in the referential, or
    added when it is of a kind the referential does not hold (SDIS, CCAS, State services…).
    The dossier's name, kind and département then copy the body's."""
    name, kind, departement = (
        dossier.organisation_name,
        dossier.organisation_type,
        dossier.departement,
    )
    last_saved_at = application.last_saved_at
    if kind in ADDABLE_TYPES:
        application_add_organisation(
            application=application, user=owner, kind=kind, name=name, departement=departement
        )
    else:
        code = selection_data.REFERENTIAL_CODES.get((name, departement))
        if code:
            body = (
                Organisation.objects.filter(siren=code).first()
                or Organisation.objects.filter(kind=kind, insee_code=code).first()
            )
        else:
            body = match_referential(name=name, kind=kind, departement=departement)
        if body is None:  # a partial referential (tests): the dossier keeps its free text
            return
        application_set_organisation(application=application, user=owner, organisation=body)
    Application.objects.filter(pk=application.pk).update(last_saved_at=last_saved_at)
    application.last_saved_at = last_saved_at


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
