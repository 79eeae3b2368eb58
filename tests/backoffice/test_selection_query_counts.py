"""Query counts of the selection's list pages: the same with 3 rows as with 20, and no more
than a pinned ceiling.

Each page is built twice in its own call of the same fund — once with 3 rows, once with 20
(dossiers, reviews, reviewers, conflicts, rounds, sessions, mailings, messages, laureates) —
and read after a warm-up request. A page whose count grows with its rows has an N+1; a page
whose count rises above its ceiling has a new query to justify (raise the pin in the same
change, with the reason).
"""

import datetime as dt
from dataclasses import dataclass

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from essaim.applications.enums import ApplicationState as S
from essaim.funds.enums import FundRole
from essaim.review.enums import (
    ConflictReason,
    ConflictSource,
    ConflictStatus,
    OtherReviewsVisibility,
    ReviewStageKind,
)
from essaim.review.models import SupportFeedback
from essaim.review.services.mailings import prepare_mailing

from ..factories import (
    ApplicationFactory,
    AssignmentFactory,
    CallFactory,
    CallMembershipFactory,
    ConflictFactory,
    InvitationFactory,
    JuryItemFactory,
    JuryMemberFactory,
    JurySessionFactory,
    MessageFactory,
    ReviewStageFactory,
    SupportRoundFactory,
    UserFactory,
    decided,
    scored,
    submitted,
)

pytestmark = pytest.mark.django_db

FEW, MANY = 3, 20


@dataclass
class Ctx:
    fund: object
    staff: object
    applicant: object


def dossier(call, state=S.ELIGIBLE, **fields):
    return submitted(
        ApplicationFactory(call=call, complete=True, ready=True, **fields), state=state
    )


def reviewed_call(ctx: Ctx, n: int, *, kind=ReviewStageKind.FIRST_SELECTION, state=S.ELIGIBLE):
    """A call with a stage whose n dossiers each have 3 submitted reviews."""
    call = CallFactory(fund=ctx.fund)
    stage = ReviewStageFactory(call=call, kind=kind, reviews_per_application=3)
    reviewers = [UserFactory() for _ in range(3)]
    dossiers = []
    for i in range(n):
        application = dossier(call, state=state)
        for k, reviewer in enumerate(reviewers):
            scored(
                AssignmentFactory(stage=stage, application=application, reviewer=reviewer),
                [(i + k) % 5, (2 * i + k) % 5],
                comment="Solide.",
            )
        dossiers.append(application)
    return call, stage, dossiers


# --- the pages: each builder makes n rows in a new call and returns (user, url) -----------


def reviewer_list(ctx, n):
    call = CallFactory(fund=ctx.fund)
    stage = ReviewStageFactory(call=call)
    other = ReviewStageFactory(call=call, kind=ReviewStageKind.EXPERT_REVIEW)
    reviewer = UserFactory()
    CallMembershipFactory(call=call, user=reviewer, role=FundRole.REVIEWER)
    for i in range(n):
        first = AssignmentFactory(stage=stage, application=dossier(call), reviewer=reviewer)
        if i % 2:
            scored(first, [1, 2], submit=i % 4 == 1)
        AssignmentFactory(stage=other, application=dossier(call), reviewer=reviewer)
    return reviewer, reverse("reviewers:home")


def reviewer_dossier(ctx, n):
    """One dossier page, with n other submitted reviews shown to the reviewer."""
    call = CallFactory(fund=ctx.fund)
    stage = ReviewStageFactory(
        call=call,
        other_reviews_visibility=OtherReviewsVisibility.ALWAYS,
        shows_applicant_names=False,
    )
    application = dossier(call)
    reviewer = UserFactory()
    own = AssignmentFactory(stage=stage, application=application, reviewer=reviewer)
    for _ in range(n):
        scored(AssignmentFactory(stage=stage, application=application), [3, 4])
    return reviewer, reverse("reviewers:assignment", args=[own.pk])


def ranking(ctx, n):
    _call, stage, _ = reviewed_call(ctx, n)
    return ctx.staff, reverse("backoffice:ranking", args=[stage.pk]) + "?tri=-moyenne"


def ranking_export(ctx, n):
    _call, stage, _ = reviewed_call(ctx, n)
    return ctx.staff, reverse("backoffice:ranking_export", args=[stage.pk])


def first_selection(ctx, n):
    call, _stage, _ = reviewed_call(ctx, n)
    return ctx.staff, reverse("backoffice:first_selection", args=[call.pk])


def staff_dossier_reviews(ctx, n):
    """The staff's dossier page: its reviews' panel with n reviews."""
    call = CallFactory(fund=ctx.fund)
    stage = ReviewStageFactory(call=call)
    application = dossier(call)
    for _ in range(n):
        scored(AssignmentFactory(stage=stage, application=application), [2, 3], comment="Oui.")
    return ctx.staff, reverse("backoffice:application_detail", args=[application.pk])


def screening(ctx, n):
    call = CallFactory(fund=ctx.fund)
    for i in range(n):
        dossier(call, state=(S.SUBMITTED, S.ELIGIBLE, S.INELIGIBLE)[i % 3])
    return ctx.staff, reverse("backoffice:call_screening", args=[call.pk]) + "?etat=tous"


def assignment_board(ctx, n):
    call = CallFactory(fund=ctx.fund)
    stage = ReviewStageFactory(call=call)
    reviewers = [UserFactory() for _ in range(2)]
    for reviewer in reviewers:
        CallMembershipFactory(call=call, user=reviewer)
    for i in range(n):
        application = dossier(call)
        for reviewer in reviewers[: 1 + i % 2]:
            AssignmentFactory(stage=stage, application=application, reviewer=reviewer)
    return ctx.staff, reverse("backoffice:assignment_board", args=[stage.pk])


def reviewer_load(ctx, n):
    call = CallFactory(fund=ctx.fund)
    stage = ReviewStageFactory(call=call)
    applications = [dossier(call) for _ in range(3)]
    for i in range(n):
        reviewer = CallMembershipFactory(call=call).user
        scored(
            AssignmentFactory(stage=stage, application=applications[i % 3], reviewer=reviewer),
            [1, 1],
            submit=bool(i % 2),
        )
    return ctx.staff, reverse("backoffice:reviewer_load", args=[stage.pk])


def review_pool(ctx, n):
    call = CallFactory(fund=ctx.fund)
    for i in range(n):
        role = FundRole.JUROR if i % 3 == 0 else FundRole.REVIEWER
        CallMembershipFactory(call=call, role=role)
        InvitationFactory(call=call, role=role)
    return ctx.staff, reverse("backoffice:review_pool", args=[call.pk])


def conflicts(ctx, n):
    call = CallFactory(fund=ctx.fund)
    statuses = [ConflictStatus.SUSPECTED, ConflictStatus.CONFIRMED, ConflictStatus.CLEARED]
    for i in range(n):
        ConflictFactory(
            application=dossier(call),
            person=CallMembershipFactory(call=call).user,
            source=ConflictSource.DETECTED,
            reason=ConflictReason.SAME_ORGANISATION,
            status=statuses[i % 3],
        )
    return ctx.staff, reverse("backoffice:conflict_list", args=[call.pk])


def support_rounds(ctx, n):
    call = CallFactory(fund=ctx.fund)
    for _ in range(n):
        support_round = SupportRoundFactory(
            call=call, deadline=timezone.now() + dt.timedelta(days=7), opened_by=ctx.staff
        )
        SupportFeedback.objects.create(
            round=support_round, application=dossier(call, S.IN_SUPPORT), feedback="Retour"
        )
    return ctx.staff, reverse("backoffice:support_rounds", args=[call.pk])


def support_round_detail(ctx, n):
    call = CallFactory(fund=ctx.fund)
    support_round = SupportRoundFactory(
        call=call, deadline=timezone.now() + dt.timedelta(days=7), opened_by=ctx.staff
    )
    for _ in range(n):
        SupportFeedback.objects.create(
            round=support_round, application=dossier(call, S.IN_SUPPORT), feedback="Retour"
        )
    url = reverse("backoffice:support_round_detail", args=[call.pk, support_round.pk])
    return ctx.staff, url


def jury_sessions(ctx, n):
    call = CallFactory(fund=ctx.fund)
    for _ in range(n):
        session = JurySessionFactory(call=call)
        JuryMemberFactory(session=session)
        JuryItemFactory(session=session, application=dossier(call, S.SHORTLISTED))
    return ctx.staff, reverse("backoffice:jury_sessions", args=[call.pk])


def jury_deliberation(ctx, n):
    call, _stage, dossiers = reviewed_call(ctx, n, kind=ReviewStageKind.JURY, state=S.SHORTLISTED)
    session = JurySessionFactory(call=call)
    for position, application in enumerate(dossiers, start=1):
        JuryItemFactory(session=session, application=application, position=position)
        member = CallMembershipFactory(call=call, role=FundRole.JUROR).user
        JuryMemberFactory(session=session, user=member)
    return ctx.staff, reverse("backoffice:jury_deliberation", args=[session.pk])


def jury_items(ctx, n):
    call = CallFactory(fund=ctx.fund)
    session = JurySessionFactory(call=call)
    for position in range(1, n + 1):
        JuryItemFactory(
            session=session, application=dossier(call, S.SHORTLISTED), position=position
        )
        dossier(call, S.SHORTLISTED)
    return ctx.staff, reverse("backoffice:jury_items", args=[session.pk])


def jury_members(ctx, n):
    call = CallFactory(fund=ctx.fund)
    session = JurySessionFactory(call=call)
    for _ in range(n):
        member = CallMembershipFactory(call=call, role=FundRole.JUROR).user
        JuryMemberFactory(session=session, user=member)
        CallMembershipFactory(call=call, role=FundRole.JUROR)
    return ctx.staff, reverse("backoffice:jury_members", args=[session.pk])


def _laureates(ctx, n):
    call = CallFactory(fund=ctx.fund)
    laureates = [decided(dossier(call), S.LAUREATE, reason="Bravo") for _ in range(n)]
    return call, laureates


def mailings(ctx, n):
    call, laureates = _laureates(ctx, 2)
    for _ in range(n):
        _mailing(ctx, call, laureates)
    return ctx.staff, reverse("backoffice:mailings", args=[call.pk])


def _mailing(ctx, call, applications):
    return prepare_mailing(
        call=call,
        outcome=S.LAUREATE,
        application_ids=[a.pk for a in applications],
        subject="Décision {reference}",
        body="{motif}",
        actor=ctx.staff,
    )


def mailing_detail(ctx, n):
    call, laureates = _laureates(ctx, n)
    mailing = _mailing(ctx, call, laureates)
    return ctx.staff, reverse("backoffice:mailing_detail", args=[mailing.pk])


def mailing_create(ctx, n):
    call, _ = _laureates(ctx, n)
    return ctx.staff, reverse("backoffice:mailing_create", args=[call.pk, S.LAUREATE])


def staff_messages(ctx, n):
    call = CallFactory(fund=ctx.fund)
    application = dossier(call, created_by=ctx.applicant)
    for i in range(n):
        if i % 2:
            MessageFactory(application=application, author=ctx.staff, from_staff=True)
        else:
            MessageFactory(application=application, author=ctx.applicant, from_staff=False)
    return ctx.staff, reverse("backoffice:application_messages", args=[application.pk])


def team_messages(ctx, n):
    call = CallFactory(fund=ctx.fund)
    application = dossier(call, created_by=ctx.applicant)
    for i in range(n):
        if i % 2:
            MessageFactory(application=application, author=ctx.staff, from_staff=True)
        else:
            MessageFactory(application=application, author=ctx.applicant, from_staff=False)
    return ctx.applicant, reverse("portal:application_messages", args=[application.pk])


def staff_results(ctx, n):
    call, _ = _laureates(ctx, n)
    return ctx.staff, reverse("backoffice:call_results", args=[call.pk])


def public_results(ctx, n):
    call, _ = _laureates(ctx, n)
    decided(dossier(call), S.NOT_SELECTED, reason="Non")
    call.results_published_at = timezone.now()
    call.save(update_fields=["results_published_at"])
    return None, reverse("public:call_results", args=[call.fund.slug, call.slug])


# name: (builder, ceiling). The ceiling is the count measured when the pin was set (the same
# on SQLite and PostgreSQL).
PAGES = {
    "reviewer's list": (reviewer_list, 5),
    "reviewer's dossier with other reviews": (reviewer_dossier, 12),
    "ranking": (ranking, 9),
    "ranking CSV export": (ranking_export, 9),
    "first selection": (first_selection, 11),
    "staff dossier page with reviews": (staff_dossier_reviews, 26),
    "screening list": (screening, 8),
    "assignment board": (assignment_board, 9),
    "reviewer load": (reviewer_load, 7),
    "review pool": (review_pool, 7),
    "conflicts": (conflicts, 7),
    "support rounds": (support_rounds, 7),
    "support round detail": (support_round_detail, 7),
    "jury sessions": (jury_sessions, 6),
    "jury deliberation": (jury_deliberation, 18),
    "jury items": (jury_items, 7),
    "jury members": (jury_members, 6),
    "decision mailings": (mailings, 7),
    "mailing detail": (mailing_detail, 5),
    "mailing create": (mailing_create, 6),
    "staff message thread": (staff_messages, 7),
    "team message thread": (team_messages, 7),
    "staff results page": (staff_results, 8),
    "public results page": (public_results, 4),  # one of them reads the laureates' sheets
}


def queries(client, user, url) -> int:
    client.logout()
    if user is not None:
        client.force_login(user)
    assert client.get(url).status_code == 200  # warm: session, caches, templates
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
        if getattr(response, "streaming", False):
            b"".join(response.streaming_content)
    assert response.status_code == 200
    return len(captured.captured_queries)


@pytest.fixture
def ctx(fund, staff, applicant):
    return Ctx(fund, staff, applicant)


@pytest.mark.parametrize("name", list(PAGES))
def test_query_count_does_not_grow_with_rows(client, ctx, name):
    build, ceiling = PAGES[name]
    few = queries(client, *build(ctx, FEW))
    many = queries(client, *build(ctx, MANY))
    assert many == few, f"{name}: {few} queries with {FEW} rows, {many} with {MANY}"
    assert few <= ceiling, f"{name}: {few} queries, pinned at {ceiling}"
