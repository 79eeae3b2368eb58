"""The demo's catalogue, built through the catalogue services from `demo.data.catalogue`.

Published sheets of laureates (from their dossiers, with figures, steps, a resource link and
the team's contacts), one innovation from outside the funds added by staff, news posts and
testimonials of each fund, and reuses declared by other public bodies, with their messages
and progress.

Idempotent: a sheet is found by its dossier (or its title for the outside innovation), a
post by its title within its fund, a testimonial by the person within the fund, a reuse by
(innovation, body). Whatever exists is left as it is; nothing is written twice.
"""

import datetime as dt

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password

from essaim.accounts.models import User
from essaim.applications.enums import ApplicationState, TeamAccess
from essaim.applications.models import Application
from essaim.catalogue.enums import ResourceKind
from essaim.catalogue.models import Innovation, NewsPost, Reuse, Testimonial
from essaim.catalogue.services.promotion import (
    news_save,
    news_set_published,
    testimonial_save,
    testimonial_set_published,
)
from essaim.catalogue.services.reuse import (
    reuse_change_status,
    reuse_confirm,
    reuse_declare,
    reuse_post_message,
)
from essaim.catalogue.services.sheets import (
    resource_add,
    sheet_create_external,
    sheet_create_from_application,
    sheet_publish,
    sheet_update,
)
from essaim.funds.models import Fund
from essaim.territory.models import Organisation

from .data import catalogue as data
from .data.accounts import PORTEUR
from .data.mnt import PARIS

STAFF = {"mnt": "equipe-mnt@demo.essaim.fr", "ditp": "equipe-ditp@demo.essaim.fr"}


def ensure_catalogue(users: dict[str, User], now: dt.datetime) -> dict[str, int]:
    """Create what is missing; returns how many rows of each kind were created."""
    created = {"sheets": 0, "news": 0, "testimonials": 0, "reuses": 0}
    staff = {fund: users[email] for fund, email in STAFF.items()}
    sheets: dict[str, Innovation] = {}
    for spec in data.SHEETS:
        sheet, new = _ensure_sheet(spec, staff[spec.fund])
        if sheet is not None:
            sheets[spec.dossier] = sheet
            created["sheets"] += new
    created["sheets"] += _ensure_external(users)
    funds = {fund.slug: fund for fund in Fund.objects.filter(slug__in=STAFF)}
    for post in data.NEWS:
        created["news"] += _ensure_news(post, funds[post.fund], staff[post.fund], sheets, now)
    for position, quote in enumerate(data.QUOTES):
        created["testimonials"] += _ensure_quote(
            quote, position, funds[quote.fund], staff[quote.fund], sheets
        )
    declarers = _ensure_declarers(users)
    for spec in data.REUSES:
        if spec.dossier in sheets:
            created["reuses"] += _ensure_reuse(spec, sheets[spec.dossier], declarers, staff)
    return created


# --- sheets -----------------------------------------------------------------------------


def _ensure_sheet(spec: data.Sheet, actor: User) -> tuple[Innovation | None, bool]:
    application = (
        Application.objects.filter(call__fund__slug=spec.fund, title=spec.dossier)
        .filter(state__in=ApplicationState.selected())
        .first()
    )
    if application is None:
        return None, False
    existing = Innovation.objects.filter(application=application).first()
    if existing is not None:
        return existing, False
    sheet = sheet_create_from_application(application=application, actor=actor, topic=spec.topic)
    text = {
        name: getattr(spec, name)
        for name in ("summary", "results", "steps", "duration", "cost", "skills", "pitfalls")
    }
    sheet = sheet_update(
        innovation=sheet,
        actor=actor,
        data=text,
        figures=[
            {"label": label, "value": value, "detail": data.DEMO_FIGURE}
            for label, value in spec.figures
        ],
    )
    if spec.link:
        title, url = spec.link
        resource_add(innovation=sheet, actor=actor, kind=ResourceKind.OTHER, title=title, url=url)
    return sheet_publish(innovation=sheet, actor=actor), True


def _ensure_external(users: dict[str, User]) -> int:
    spec = data.EXTERNAL
    if Innovation.objects.filter(is_external=True, title=spec.title).exists():
        return 0
    organisation = Organisation.objects.filter(kind="commune", insee_code=spec.insee_code).first()
    if organisation is None:
        return 0
    actor = users[spec.added_by]
    sheet = sheet_create_external(
        actor=actor,
        data={
            "title": spec.title,
            "summary": spec.summary,
            "topic": spec.topic,
            "organisation": organisation,
            "problem": spec.problem,
            "solution": spec.solution,
            "results": spec.results,
            "year": spec.year,
        },
    )
    sheet_publish(innovation=sheet, actor=actor)
    return 1


# --- news and testimonials --------------------------------------------------------------


def _ensure_news(post: data.News, fund: Fund, actor: User, sheets, now: dt.datetime) -> int:
    if NewsPost.objects.filter(fund=fund, title=post.title).exists():
        return 0
    saved = news_save(
        fund=fund,
        actor=actor,
        data={
            "kind": post.kind,
            "title": post.title,
            "summary": post.summary,
            "body": post.body,
            "call": fund.calls.filter(edition=post.call_edition).first()
            if post.call_edition
            else None,
            "innovation": sheets.get(post.dossier),
        },
    )
    news_set_published(post=saved, actor=actor, published=True)
    # dated as staff would have published it, before the load
    published_at = (
        dt.datetime.combine(post.published_on, dt.time(10), tzinfo=PARIS)
        if post.published_on
        else now - dt.timedelta(days=post.days_ago)
    )
    NewsPost.objects.filter(pk=saved.pk).update(published_at=published_at)
    return 1


def _ensure_quote(quote: data.Quote, position: int, fund: Fund, actor: User, sheets) -> int:
    if Testimonial.objects.filter(fund=fund, person_name=quote.person_name).exists():
        return 0
    saved = testimonial_save(
        fund=fund,
        actor=actor,
        data={
            "quote": quote.quote,
            "person_name": quote.person_name,
            "person_function": quote.person_function,
            "organisation_label": quote.organisation_label,
            "innovation": sheets.get(quote.dossier),
            "position": position,
        },
    )
    testimonial_set_published(testimonial=saved, actor=actor, published=True)
    return 1


# --- reuses -----------------------------------------------------------------------------


def _ensure_declarers(users: dict[str, User]) -> dict[str, User]:
    """The agents of other bodies who declare reuses: no usable password (the porteur's demo
    account declares one too, to see a reuse from the reusing side)."""
    declarers = {PORTEUR: users[PORTEUR]}
    for person in data.DECLARERS:
        user = User.objects.filter(email=person.email).first()
        if user is None:
            user = User.objects.create(
                email=person.email,
                full_name=person.full_name,
                job_title=person.job_title,
                password=make_password(None),
            )
            EmailAddress.objects.create(user=user, email=person.email, verified=True, primary=True)
        declarers[person.email] = user
    return declarers


def _reusing_body(spec: data.ReuseSpec) -> Organisation | None:
    if spec.insee_code:
        return Organisation.objects.filter(kind="commune", insee_code=spec.insee_code).first()
    dossier = (
        Application.objects.filter(
            team__user__email=spec.declarer,
            team__access=TeamAccess.OWNER,
            state=ApplicationState.SUBMITTED,
        )
        .select_related("organisation")
        .first()
    )
    return dossier.organisation if dossier else None


def _team_side(sheet: Innovation, staff: dict[str, User]) -> User:
    """Who answers for the innovation: its dossier's owner when they have an account,
    otherwise the fund's staff."""
    owner = (
        sheet.application.team.filter(access=TeamAccess.OWNER, user__isnull=False)
        .select_related("user")
        .first()
        if sheet.application_id
        else None
    )
    return owner.user if owner else staff[sheet.fund.slug]


def _ensure_reuse(spec: data.ReuseSpec, sheet: Innovation, declarers, staff) -> int:
    organisation = _reusing_body(spec)
    if organisation is None or organisation.pk == sheet.organisation_id:
        return 0
    if Reuse.objects.filter(innovation=sheet, organisation=organisation).exists():
        return 0
    declarer = declarers[spec.declarer]
    reuse = reuse_declare(
        innovation=sheet, organisation=organisation, user=declarer, message=spec.message
    ).reuse
    for side, text in spec.steps:
        if side == "team":
            reuse_post_message(reuse=reuse, author=_team_side(sheet, staff), body=text)
        elif side == "reuser":
            reuse_post_message(reuse=reuse, author=declarer, body=text)
        else:
            status, note = text.split("|", 1)
            reuse_change_status(reuse=reuse, status=status, note=note, actor=declarer)
    if any(side == "team" for side, _text in spec.steps):
        # the team answered, so it knows the body: it confirms (one still waits, unanswered)
        reuse_confirm(reuse=reuse, actor=_team_side(sheet, staff))
    return 1
