"""`manage.py load_demo`: what it builds, through which paths, and that it can run again."""

import datetime as dt
import itertools
import re
from decimal import Decimal
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from allauth.account.models import EmailAddress
from django.core.management import call_command
from django.db import models, transaction
from django.db.models import Sum
from django.urls import resolve
from django.utils import timezone
from django.utils.html import escape

from essaim.accompaniment.enums import (
    EngagementStatus,
    EvaluationMoment,
    MilestoneStatus,
    PhaseStatus,
    ReportStatus,
    SignatureSide,
)
from essaim.accompaniment.models import (
    Accompaniment,
    Cohort,
    Document,
    Engagement,
    EvaluationReport,
    Indicator,
    JournalEntry,
    Milestone,
    Phase,
    PhaseTemplate,
    Signature,
    Tranche,
)
from essaim.accompaniment.selectors.engagements import committed_amount
from essaim.accounts.models import User
from essaim.applications.enums import ApplicationState, Maturity, SupportStatus, TeamAccess
from essaim.applications.models import (
    Application,
    ApplicationVersion,
    BudgetLine,
    Message,
    SupportRequest,
    TeamMember,
)
from essaim.catalogue.models import (
    Innovation,
    InnovationContact,
    InnovationResource,
    InnovationResult,
    NewsPost,
    Reuse,
    ReuseMessage,
    ReuseUpdate,
)
from essaim.catalogue.models import (
    Testimonial as Quote,
)
from essaim.catalogue.similarity import similar_to_application
from essaim.core.models import AuditEvent
from essaim.demo.data.accounts import ACCOUNTS, PASSWORD, PORTEUR
from essaim.demo.loader import FUNDS, load_demo
from essaim.funds.enums import FundRole
from essaim.funds.models import (
    Call,
    CallMembership,
    CallStage,
    Fund,
    FundMembership,
    Invitation,
    Theme,
)
from essaim.review.enums import DECISION_OUTCOMES, JurySessionStatus, MailingStatus, ReviewStatus
from essaim.review.models import (
    Assignment,
    Conflict,
    Decision,
    JuryItem,
    JuryMember,
    JurySession,
    Mailing,
    Review,
    ReviewStage,
    Score,
    SupportFeedback,
    SupportRound,
)
from essaim.territory.models import Organisation, ReferentialImport
from essaim.territory.snapshot import load_snapshot, subset

pytestmark = pytest.mark.django_db

REFERENCE = re.compile(r"^(?P<prefix>[A-Z]+)-(?P<year>\d{4})-(?P<edition>\d{2})-(?P<number>\d{4})$")
# As the referential names them (the dossiers copy the body they chose).
SEED_001_LAUREATES = {
    ("Commune de Paris", "75"),
    ("Commune de Flassans-sur-Issole", "83"),
    ("Commune de Pessac", "33"),
    ("Commune de Renac", "35"),
    ("Département de l'Allier", "03"),
    ("Commune de Saint-Amand-en-Puisaye", "58"),
    ("Service départemental d'incendie et de secours du Calvados", "14"),
    ("Syndicat mixte du bassin de Thau", "34"),
    ("Centre de gestion de la fonction publique territoriale des Deux-Sèvres", "79"),
    ("Commune d'Hazebrouck", "59"),
    ("CC Haute-Corrèze Communauté", "19"),
    ("Commune du Pont-de-Claix", "38"),
    ("Centre de gestion de la fonction publique territoriale de l'Oise", "60"),
}


def demo_referential() -> dict:
    """The referential of the départements the demo's dossiers come from: the real import
    on a part of the shipped snapshot, a few times faster than the whole of it."""
    departements = {
        dossier.departement for fund in FUNDS for call in fund.calls for dossier in call.dossiers
    }
    return subset(load_snapshot(), departements)


REFERENTIAL = demo_referential()


def _opening_year(call) -> int:
    return timezone.localtime(call.opens_at, ZoneInfo("Europe/Paris")).year


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """One load for the module (it takes a couple of seconds), rolled back at its end; each
    test runs inside it in a savepoint of its own."""
    with django_db_blocker.unblock(), transaction.atomic():
        now = timezone.now()
        yield now, load_demo(now=now, referential=REFERENTIAL)
        transaction.set_rollback(True)


ACCOMPANIMENT_MODELS = (
    PhaseTemplate,
    Cohort,
    Accompaniment,
    Phase,
    Milestone,
    Document,
    JournalEntry,
    Engagement,
    Indicator,
    Tranche,
    Signature,
    EvaluationReport,
)
COACH = "accompagnant@demo.essaim.fr"
EVALUATOR = "evaluateur@demo.essaim.fr"
LAUREATE = "laureat@demo.essaim.fr"
CATALOGUE_MODELS = (
    Innovation,
    InnovationResult,
    InnovationResource,
    InnovationContact,
    NewsPost,
    Quote,
    Reuse,
    ReuseUpdate,
    ReuseMessage,
)


def snapshot() -> dict:
    """Everything a second run must leave as it was."""
    return {
        "counts": {
            model.__name__: model.objects.count()
            for model in (
                User,
                EmailAddress,
                Fund,
                FundMembership,
                Call,
                Theme,
                CallStage,
                Application,
                TeamMember,
                BudgetLine,
                SupportRequest,
                ApplicationVersion,
                AuditEvent,
                Organisation,
                ReferentialImport,
                Invitation,
                CallMembership,
                ReviewStage,
                Assignment,
                Review,
                Score,
                Conflict,
                Decision,
                SupportRound,
                SupportFeedback,
                JurySession,
                JuryMember,
                JuryItem,
                Mailing,
                Message,
                *ACCOMPANIMENT_MODELS,
                *CATALOGUE_MODELS,
            )
        },
        "dossiers": sorted(
            Application.objects.values_list("title", "reference", "state", "updated_at")
        ),
        "calls": sorted(Call.objects.values_list("slug", "opens_at", "closes_at", "updated_at")),
        "funds": sorted(Fund.objects.values_list("slug", "updated_at")),
    }


def test_demo_builds_the_fonds_mnt_from_the_seeds(demo):
    mnt = Fund.objects.get(slug="mnt")
    assert mnt.reference_prefix == "MNT"
    assert "SNDGCT" in mnt.partners and "AMF" in mnt.partners
    calls = list(mnt.calls.order_by("opens_at"))
    assert [c.slug for c in calls] == [
        "2020-1",
        "2021-2",
        "2022-3",
        "2023-4",
        f"{_opening_year(calls[4])}-5",
        f"{_opening_year(calls[5])}-6",
        f"{_opening_year(calls[6])}-7",
    ]
    # the calls placed by the day of loading are named after the year they open in
    assert [c.year for c in calls[4:]] == [_opening_year(c) for c in calls[4:]]
    assert calls[0].opens_at.year == 2020 and calls[0].opens_at.month == 10
    for call in calls:
        assert call.max_laureates == 4 and call.requires_hierarchical_support
        assert call.support_kind == "accompaniment"
        assert [t.title for t in call.themes.all()] == [
            "Faire évoluer les conditions de travail des agents",
            "Repenser l'accueil des usagers",
        ]
        assert [s.kind for s in call.stages.all()] == [
            "application",
            "first_selection",
            "support",
            "jury",
            "results",
            "accompaniment",
            "deployment",
        ]
        assert all(
            s.starts_on and s.ends_on and s.starts_on <= s.ends_on for s in call.stages.all()
        )

    selected = Application.objects.filter(call__fund=mnt, state__in=ApplicationState.selected())
    assert selected.count() == 13
    assert set(selected.values_list("organisation_name", "organisation_departement")) == (
        SEED_001_LAUREATES
    )
    assert selected.filter(state=ApplicationState.ACCOMPANIED).count() == 11
    assert selected.filter(state=ApplicationState.IN_ACCOMPANIMENT).count() == 2
    for call in calls[:5]:
        states = set(call.applications.values_list("state", flat=True))
        assert states & set(ApplicationState.selected())
        assert states & {ApplicationState.NOT_SELECTED, ApplicationState.NOT_SHORTLISTED}
        assert call.applications.filter(state__in=ApplicationState.selected()).count() <= 4
    assert Application.objects.filter(call__fund=mnt, state=ApplicationState.WITHDRAWN).count() == 1
    # Invented dossiers say so.
    for application in Application.objects.filter(call__fund=mnt).exclude(
        state__in=ApplicationState.selected()
    ):
        assert application.title.endswith("(exemple fictif)")


def test_demo_builds_the_ditp_call_with_its_27_laureates(demo):
    call = Call.objects.get(fund__slug="ditp", slug="2021-1")
    assert call.fund.reference_prefix == "DITP"
    assert call.support_kind == "funding" and call.requires_partners
    assert not call.requires_hierarchical_support
    assert (call.min_amount, call.max_amount, call.envelope) == (
        Decimal("30000"),
        Decimal("120000"),
        Decimal("3000000"),
    )
    assert call.max_laureates == 27
    assert call.opens_at.date() == dt.date(2021, 9, 15)
    assert list(call.themes.values_list("title", flat=True)) == [
        "Innovation managériale et transformation des organisations",
        "Améliorer le parcours usagers / qualité du service rendu",
        "Transformations numériques",
    ]
    laureates = call.applications.filter(state__in=ApplicationState.selected())
    assert laureates.count() == 27
    assert set(laureates.values_list("state", flat=True)) == {
        ApplicationState.LAUREATE,
        ApplicationState.IN_ACCOMPANIMENT,
    }
    ready = laureates.filter(maturity=Maturity.READY)
    assert ready.count() == 18
    # "18 projets prêts … pour un montant total d'environ 2 millions d'euros"
    ready_total = ready.aggregate(total=Sum("amount_requested"))["total"]
    assert Decimal("1900000") <= ready_total <= Decimal("2100000")
    assert laureates.aggregate(total=Sum("amount_requested"))["total"] <= call.envelope
    for application in laureates.prefetch_related("budget_lines"):
        assert Decimal("30000") <= application.amount_requested <= Decimal("120000")
        assert application.budget_lines.count() >= 2
        assert application.budget_total() == application.amount_requested
        assert application.partners
    organisations = set(laureates.values_list("organisation_name", flat=True))
    assert {
        "Ministère de l'Intérieur",
        "Centre hospitalier Métropole Savoie",
        "Commune de Thiers",
        "Service des retraites de l'État",
        "Service départemental d'incendie et de secours de Meurthe-et-Moselle",
    } <= organisations
    named = laureates.exclude(title__endswith="(exemple fictif)")
    assert named.count() == 8  # the seed names eight bodies; its second lab is unnamed


def test_references_are_real_submissions(demo):
    submitted = Application.objects.exclude(state=ApplicationState.DRAFT).select_related(
        "call__fund"
    )
    assert submitted.count() > 60
    for application in submitted:
        match = REFERENCE.match(application.reference)
        assert match, application.reference
        assert match["prefix"] == application.call.fund.reference_prefix
        assert int(match["year"]) == application.call.year
        assert int(match["edition"]) == application.call.edition
        assert application.call.opens_at <= application.submitted_at <= application.call.closes_at
        assert len(application.content_sha256) == 64
        # a second version when the team revised its dossier during the support round
        assert (
            application.versions.count()
            == 1 + application.support_feedbacks.exclude(revised_version=None).count()
        )
    for call in Call.objects.all():
        numbers = sorted(
            int(REFERENCE.match(ref)["number"])
            for ref in call.applications.exclude(reference=None).values_list("reference", flat=True)
        )
        assert numbers == list(range(1, call.reference_counter + 1))
    assert not Application.objects.filter(state=ApplicationState.DRAFT).exclude(reference=None)


def test_every_state_was_reached_through_the_transition_function(demo):
    for application in Application.objects.exclude(state=ApplicationState.DRAFT):
        trail = list(
            AuditEvent.objects.for_object(application)
            .filter(action="application.state")
            .order_by("id")
            .values_list("from_value", "to_value", "created_at")
        )
        assert trail[0][:2] == (ApplicationState.DRAFT, ApplicationState.SUBMITTED)
        for previous, following in itertools.pairwise(trail):
            assert following[0] == previous[1]
            assert following[2] >= previous[2]  # dated when it happened, in order
        assert trail[-1][1] == application.state


def test_one_call_is_open_with_drafts_and_submitted_dossiers(demo):
    now, _summary = demo
    open_calls = Call.objects.open_at(now)
    assert [(c.fund.slug, c.edition) for c in open_calls] == [("mnt", 7)]
    call = open_calls.get()
    assert dt.timedelta(days=20) < now - call.opens_at < dt.timedelta(days=23)
    assert dt.timedelta(days=13) < call.closes_at - now < dt.timedelta(days=16)
    assert 3 <= call.applications.filter(state=ApplicationState.SUBMITTED).count() <= 5
    assert call.applications.filter(state=ApplicationState.DRAFT).count() >= 2


def test_demo_accounts_sign_in_with_the_printed_password(demo, client):
    for account in ACCOUNTS:
        assert EmailAddress.objects.get(email=account.email).verified
        assert client.login(email=account.email, password=PASSWORD), account.email
        client.logout()
    assert User.objects.get(email="admin@demo.essaim.fr").is_superuser
    roles = set(FundMembership.objects.filter(fund__slug="mnt").values_list("user__email", "role"))
    for email, role in [
        ("equipe-mnt@demo.essaim.fr", FundRole.STAFF),
        ("expert@demo.essaim.fr", FundRole.REVIEWER),
        ("jury@demo.essaim.fr", FundRole.JUROR),
        ("accompagnant@demo.essaim.fr", FundRole.COACH),
    ]:
        assert (email, role) in roles
    ditp = set(FundMembership.objects.filter(fund__slug="ditp").values_list("user__email", "role"))
    assert ("equipe-ditp@demo.essaim.fr", FundRole.STAFF) in ditp
    assert ("evaluateur@demo.essaim.fr", FundRole.EVALUATOR) in ditp


TWO_FACTOR_ACCOUNTS = [
    "admin@demo.essaim.fr",
    "equipe-ditp@demo.essaim.fr",
    "equipe-mnt@demo.essaim.fr",
    "jury@demo.essaim.fr",
]


def test_staff_jurors_and_admin_sign_in_with_the_printed_authenticator_key(demo, client, settings):
    from allauth.mfa.models import Authenticator
    from django.core.cache import cache

    from essaim.demo.loader import DEMO_TOTP_SECRET
    from essaim.demo.management.commands.load_demo import format_summary

    from ..accounts.totp import totp_code

    _now, summary = demo
    assert summary.totp_secret == DEMO_TOTP_SECRET and summary.totp_accounts == TWO_FACTOR_ACCOUNTS
    printed = format_summary(summary)
    assert DEMO_TOTP_SECRET in printed and "jury@demo.essaim.fr" in printed
    with_app = Authenticator.objects.filter(type=Authenticator.Type.TOTP)
    assert sorted(with_app.values_list("user__email", flat=True)) == TWO_FACTOR_ACCOUNTS
    assert Authenticator.objects.filter(type=Authenticator.Type.RECOVERY_CODES).count() == 4

    # Through the real sign-in form, with the requirement on as in the demo.
    settings.ESSAIM_REQUIRE_2FA = True
    cache.clear()
    login = {"login": "equipe-mnt@demo.essaim.fr", "password": PASSWORD}
    assert client.post("/compte/login/", login)["Location"] == "/compte/2fa/authenticate/"
    client.post("/compte/2fa/authenticate/", {"code": totp_code(DEMO_TOTP_SECRET)})
    assert client.get("/gestion/").status_code == 200
    client.post("/compte/logout/")
    # an applicant is not asked for a code
    login = {"login": PORTEUR, "password": PASSWORD}
    assert client.post("/compte/login/", login)["Location"] == "/mes-dossiers/"
    cache.clear()


def test_applicant_owns_a_shared_draft_awaiting_support_and_a_submitted_dossier(demo):
    _now, summary = demo
    porteur = User.objects.get(email=PORTEUR)
    owned = Application.objects.filter(team__user=porteur, team__access=TeamAccess.OWNER)
    draft = owned.get(state=ApplicationState.DRAFT)
    assert owned.filter(state=ApplicationState.SUBMITTED).count() == 1
    assert draft.support_request.status == SupportStatus.PENDING
    assert draft.team.get(user__email="coporteur@demo.essaim.fr").access == TeamAccess.EDITOR
    # Only the supervisor's answer is missing.
    from essaim.applications.sections import missing_items

    assert [m.section for m in missing_items(draft)] == ["support"]
    # The printed link is the supervisor's.
    from essaim.applications.services.support import support_request_from_token

    token = resolve(summary.support_link.removeprefix(summary.site_url))[2]["token"]
    assert support_request_from_token(token) == draft.support_request


def test_running_twice_changes_nothing(demo):
    now, _summary = demo
    before = snapshot()
    summary = load_demo(now=now + dt.timedelta(minutes=5), referential=REFERENTIAL)
    assert summary.dossiers_created == 0
    assert not summary.referential_imported
    assert snapshot() == before


def test_open_call_stays_open_when_loaded_again_later(demo):
    now, _summary = demo
    counts = snapshot()["counts"]
    later = now + dt.timedelta(days=40)
    load_demo(now=later, referential=REFERENTIAL)
    assert [c.edition for c in Call.objects.open_at(later)] == [7]
    assert snapshot()["counts"] == counts


def test_command_prints_the_accounts_and_the_site(demo, settings):
    out = StringIO()
    departements = ",".join(sorted({o["dep"] for o in REFERENTIAL["communes"]}))
    call_command("load_demo", departements=departements, stdout=out)
    text = out.getvalue()
    for account in ACCOUNTS:
        assert account.email in text
    assert PASSWORD in text
    assert settings.SITE_URL in text
    assert "/soutien/" in text


def test_dossiers_point_at_their_body_in_the_referential(demo):
    assert not Application.objects.filter(organisation=None).exists()
    pessac = Application.objects.get(call__slug="2020-1", organisation__insee_code="33318")
    assert pessac.organisation.formal_name == "Commune de Pessac"
    renac = Application.objects.get(organisation__insee_code="35237", organisation__kind="commune")
    assert renac.organisation_departement == "35"
    for application in Application.objects.select_related("organisation"):
        body = application.organisation
        assert application.organisation_name == body.formal_name[:200]
        assert application.organisation_type == body.kind
        assert application.organisation_departement == body.departement
    # Bodies the referential does not hold were added as an applicant adds them.
    sdis = Organisation.objects.get(kind="sdis", departement="14")
    assert sdis.source == "applicant"
    assert AuditEvent.objects.filter(action="organisation.added").count() == (
        Organisation.objects.exclude(source="referential").count()
    )


def test_every_decision_is_a_decision_row(demo):
    kinds = {outcome: kind for kind, outcomes in DECISION_OUTCOMES.items() for outcome in outcomes}
    for application in Application.objects.exclude(state__in=["draft", "submitted"]):
        decided = list(application.decisions.order_by("decided_at", "id"))
        trail = (
            AuditEvent.objects.for_object(application)
            .filter(action="application.state")
            .order_by("id")
        )
        # back from the support round is the round's closing, not a decision
        targets = [
            to
            for before, to in trail.values_list("from_value", "to_value")
            if to in kinds and before != ApplicationState.IN_SUPPORT
        ]
        assert [(d.kind, d.outcome) for d in decided] == [(kinds[t], t) for t in targets]
    assert Decision.objects.filter(kind="jury", jury_session=None).count() == 0


def test_reviews_scores_and_conflict(demo):
    submitted = Review.objects.filter(status=ReviewStatus.SUBMITTED)
    assert submitted.count() > 150
    values = set(Score.objects.filter(review__in=submitted).values_list("value", flat=True))
    assert {1, 2, 3, 4} <= values and None not in values
    for stage in ReviewStage.objects.prefetch_related("criteria"):
        assert stage.criteria.count() == 4
        assert stage.opens_on and stage.closes_on
    # Not a single review was written while a conflict stood.
    for conflict in Conflict.objects.all():
        assert not Review.objects.filter(
            assignment__application=conflict.application,
            assignment__reviewer=conflict.person,
        ).exists()
    assert Conflict.objects.filter(person__email="expert@demo.essaim.fr", source="declared")


def test_the_expert_and_the_juror_have_dossiers_to_score(demo, client):
    for email, stage_kind in (
        ("expert@demo.essaim.fr", "expert_review"),
        ("jury@demo.essaim.fr", "jury"),
    ):
        mine = Assignment.objects.filter(
            reviewer__email=email, stage__kind=stage_kind, stage__call__edition=6
        )
        statuses = [a.review.status if hasattr(a, "review") else None for a in mine]
        assert ReviewStatus.SUBMITTED in statuses and ReviewStatus.DRAFT in statuses
        assert None in statuses
        client.login(email=email, password=PASSWORD)
        response = client.get("/expertise/")
        assert response.status_code == 200
        assert "exemple fictif" in response.content.decode()
        client.logout()


def test_call_in_selection_has_its_jury_ahead(demo):
    call = Call.objects.get(fund__slug="mnt", edition=6)
    shortlisted = call.applications.filter(state=ApplicationState.SHORTLISTED)
    assert shortlisted.count() == 4
    session = call.jury_sessions.get()
    assert session.status == JurySessionStatus.PLANNED and session.starts_at > demo[0]
    assert set(session.items.values_list("application", flat=True)) == set(
        shortlisted.values_list("pk", flat=True)
    )
    assert session.members.filter(user__email="jury@demo.essaim.fr", is_chair=True).exists()
    support = call.support_rounds.get()
    assert support.feedbacks.count() == 4 and support.feedbacks.exclude(revised_version=None)
    mailing = call.mailings.get()
    assert mailing.status == MailingStatus.DRAFT and mailing.recipients.count() == 2
    assert call.results_published_at is None


def test_past_calls_have_held_juries_and_published_results(demo):
    for call in Call.objects.filter(closes_at__lt=demo[0]).exclude(fund__slug="mnt", edition=6):
        session = call.jury_sessions.get()
        assert session.status == JurySessionStatus.HELD
        assert session.held_at.date() == session.starts_at.date()
        assert call.results_published_at and call.results_published_at < demo[0]
    ditp = Call.objects.get(fund__slug="ditp")
    assert ditp.jury_sessions.get().decisions.filter(outcome="laureate").count() == 27


def test_the_applicant_and_the_fund_exchanged_messages(demo):
    porteur = User.objects.get(email=PORTEUR)
    dossier = Application.objects.get(
        team__user=porteur, team__access=TeamAccess.OWNER, state=ApplicationState.SUBMITTED
    )
    thread = list(dossier.messages.order_by("created_at").values_list("from_staff", flat=True))
    assert thread == [True, False, True]


# --- after the jury -------------------------------------------------------------------


def test_every_accompanied_laureate_went_through_the_accompaniment_services(demo):
    accompanied = Application.objects.filter(
        state__in=[ApplicationState.IN_ACCOMPANIMENT, ApplicationState.ACCOMPANIED]
    )
    assert accompanied.count() == 13 + 18
    assert not accompanied.filter(accompaniment=None).exists()
    assert not Accompaniment.objects.filter(application__state=ApplicationState.LAUREATE)
    started = AuditEvent.objects.filter(action="accompaniment.started").count()
    finished = AuditEvent.objects.filter(action="accompaniment.finished").count()
    assert (started, finished) == (31, 11)
    # Deliverables are links, never files.
    assert Document.objects.count() > 20 and not Document.objects.exclude(file="")
    assert not Document.objects.exclude(url__startswith="https://partage.demo.essaim.fr/")
    # Nothing is dated in the future of the load, but milestones and phases ahead.
    now = demo[0]
    for model in (JournalEntry, Document, Milestone, Signature, EvaluationReport):
        stamp = "signed_at" if model is Signature else "created_at"
        assert not model.objects.filter(**{f"{stamp}__gt": now}).exists(), model
    for prefix in ("accompaniment.", "engagement.", "workspace.", "evaluation.", "invitation."):
        trail = AuditEvent.objects.filter(action__startswith=prefix)
        assert trail.exists() and not trail.filter(created_at__gt=now).exists(), prefix


def test_fonds_mnt_laureates_are_coached_in_four_phases_and_two_cohorts(demo):
    coach = User.objects.get(email=COACH)
    for call in Call.objects.filter(fund__slug="mnt", edition__lte=5):
        assert call.phase_templates.count() == 4
        assert call.cohorts.count() == 2
        assert CallMembership.objects.filter(call=call, user=coach, role=FundRole.COACH).exists()
        assert Invitation.objects.get(call=call, role=FundRole.COACH).accepted_by == coach
    mnt = Accompaniment.objects.filter(application__call__fund__slug="mnt")
    assert mnt.count() == 13 and set(mnt.values_list("coach", flat=True)) == {coach.pk}
    assert not mnt.exclude(evaluator=None).exists()
    for accompaniment in mnt.filter(application__state=ApplicationState.ACCOMPANIED):
        assert accompaniment.ended_on and accompaniment.cohort
        assert accompaniment.cohort.starts_on == accompaniment.started_on
        assert set(accompaniment.phases.values_list("status", flat=True)) == {PhaseStatus.DONE}

    # The latest finished call: the whole course, with a journal in every phase.
    finished = mnt.filter(application__call__slug="2023-4").first()
    for phase in finished.phases.all():
        assert phase.journal.exists() and phase.documents.exists()
    assert set(finished.milestones.values_list("status", flat=True)) == {MilestoneStatus.ACHIEVED}
    assert finished.milestones.filter(achieved_on__gt=models.F("due_on")).exists()

    # Under way: one team in its second phase with a late milestone, one in its first.
    live = {
        a.phases.get(status=PhaseStatus.IN_PROGRESS).position: a
        for a in mnt.filter(application__call__fund__slug="mnt", application__call__edition=5)
    }
    assert sorted(live) == [0, 1]
    today = timezone.localdate(demo[0])
    late = live[1].milestones.get(status=MilestoneStatus.LATE)
    assert late.due_on < today and late.owner.team_memberships.filter(
        application=live[1].application, access=TeamAccess.OWNER
    )
    assert live[1].milestones.filter(status=MilestoneStatus.UPCOMING, due_on__gt=today)
    assert not live[0].milestones.filter(status=MilestoneStatus.LATE)
    assert live[1].journal.count() >= 3


def test_ditp_laureates_signed_a_reciprocal_engagement_paid_in_tranches(demo):
    call = Call.objects.get(fund__slug="ditp")
    assert call.has_independent_evaluation
    staff = User.objects.get(email="equipe-ditp@demo.essaim.fr")
    in_force = Engagement.objects.filter(application__call=call, status=EngagementStatus.SIGNED)
    assert in_force.count() == 18
    for engagement in in_force.prefetch_related("tranches", "indicators", "signatures"):
        amount = engagement.granted_amount
        assert call.min_amount <= amount <= call.max_amount
        tranches = list(engagement.tranches.all())
        assert 2 <= len(tranches) <= 3
        assert sum(t.amount for t in tranches) == amount
        assert tranches[0].paid_amount == tranches[0].amount
        assert engagement.indicators.count() == 3
        signatures = {s.side: s.signed_by for s in engagement.signatures.all()}
        assert signatures[SignatureSide.FUND] == staff
        owner = engagement.application.team.get(access=TeamAccess.OWNER)
        assert signatures[SignatureSide.TEAM] == owner.user
    assert committed_amount(call) <= call.envelope
    labels = set(Indicator.objects.values_list("label", flat=True))
    assert {"Délai moyen de réponse aux usagers", "Taux de satisfaction des usagers"} <= labels
    paid = Tranche.objects.filter(engagement__in=in_force).exclude(paid_on=None)
    assert 18 < paid.count() < Tranche.objects.filter(engagement__in=in_force).count()

    # One amendment signed (its first version superseded), one awaiting the team.
    superseded = Engagement.objects.get(status=EngagementStatus.SUPERSEDED)
    assert superseded.application.engagements.get(status=EngagementStatus.SIGNED).version == 2
    laureate = User.objects.get(email=LAUREATE)
    pending = Engagement.objects.get(
        status=EngagementStatus.DRAFT, application__team__user=laureate
    )
    assert pending.version == 2 and pending.amendment_reason
    assert list(pending.signatures.values_list("side", flat=True)) == [SignatureSide.FUND]
    # A laureate not ready to launch: its engagement is being prepared.
    preparing = Engagement.objects.filter(
        status=EngagementStatus.DRAFT, application__state=ApplicationState.LAUREATE
    ).get()
    assert not preparing.signatures.exists()


def test_ditp_evaluator_has_a_report_submitted_and_one_in_draft(demo):
    evaluator = User.objects.get(email=EVALUATOR)
    ditp = Accompaniment.objects.filter(application__call__fund__slug="ditp")
    assert ditp.count() == 18 and set(ditp.values_list("evaluator", flat=True)) == {evaluator.pk}
    assert not ditp.exclude(coach=None).exists()
    reports = EvaluationReport.objects.filter(moment=EvaluationMoment.MID_COURSE)
    assert sorted(reports.values_list("status", flat=True)) == [
        ReportStatus.DRAFT,
        ReportStatus.SUBMITTED,
    ]
    submitted = reports.get(status=ReportStatus.SUBMITTED)
    assert submitted.evaluator == evaluator and submitted.submitted_at < demo[0]
    assert submitted.accompaniment.application.team.filter(user__email=LAUREATE).exists()
    assert ditp.filter(milestones__status=MilestoneStatus.LATE).exists()


def test_after_the_jury_pages_answer_with_the_demo_data(demo, client):
    laureate_dossier = Application.objects.get(team__user__email=LAUREATE)
    pending = laureate_dossier.engagements.get(status=EngagementStatus.DRAFT)
    workspace = f"/accompagnement/{laureate_dossier.accompaniment.pk}/"
    live = Accompaniment.objects.get(
        application__call__fund__slug="mnt",
        application__call__edition=5,
        phases__position=1,
        phases__status="in_progress",
    )
    ditp = Call.objects.get(fund__slug="ditp")
    pages = {
        COACH: [("/accompagnement/", live.application.title), (f"/accompagnement/{live.pk}/", "")],
        EVALUATOR: [("/accompagnement/", laureate_dossier.title), (workspace, "")],
        LAUREATE: [
            (workspace, ""),
            (f"/dossiers/{laureate_dossier.pk}/engagements/{pending.pk}/", ""),
        ],
        "equipe-mnt@demo.essaim.fr": [(f"/accompagnement/{live.pk}/", "")],
        "equipe-ditp@demo.essaim.fr": [
            ("/gestion/portefeuille/", ""),
            (f"/gestion/appels/{ditp.pk}/enveloppe/", ""),
            (f"/gestion/appels/{ditp.pk}/accompagnement/", ""),
        ],
    }
    for email, urls in pages.items():
        assert client.login(email=email, password=PASSWORD)
        for url, text in urls:
            response = client.get(url)
            assert response.status_code == 200, (email, url)
            assert escape(text) in response.content.decode(), (email, url)
        client.logout()


# --- the catalogue --------------------------------------------------------------------


def test_catalogue_has_published_sheets_news_testimonials_and_reuses(demo, client):
    sheets = Innovation.objects.filter(is_published=True)
    assert sheets.filter(fund__slug="mnt").count() == 7
    assert sheets.filter(fund__slug="ditp").count() == 2
    assert sheets.filter(is_external=True).count() == 1
    for sheet in sheets.exclude(is_external=True).select_related("application"):
        assert sheet.application.state in ApplicationState.selected()
    pessac = Innovation.objects.get(application__organisation__insee_code="33318")
    assert pessac.place == "Pessac (33)" and pessac.figures.count() == 3
    assert pessac.steps and pessac.duration and pessac.cost and pessac.skills and pessac.pitfalls
    assert pessac.resources.filter(url__startswith="https://").exists()
    assert list(pessac.contacts.values_list("full_name", flat=True)) == ["Pierre Lormeau"]
    for slug in ("mnt", "ditp"):
        news = NewsPost.objects.filter(fund__slug=slug, is_published=True)
        assert set(news.values_list("kind", flat=True)) == {"call", "story", "results"}
        assert not news.filter(published_at__gt=demo[0]).exists()
    quotes = Quote.objects.filter(fund__slug="mnt", is_published=True)
    assert {"Pierre Lormeau", "Damien Guillas"} <= set(quotes.values_list("person_name", flat=True))
    reuses = Reuse.objects.all()
    assert reuses.count() == 5
    assert {"interested", "in_contact", "deployed", "adapting", "abandoned"} >= set(
        reuses.values_list("status", flat=True)
    )
    assert len(set(reuses.values_list("status", flat=True))) >= 4
    assert reuses.filter(declared_by__email=PORTEUR).exists()
    assert not reuses.filter(departement="33").exists()
    assert ReuseMessage.objects.filter(from_team=True).exists()

    # "Déjà fait ailleurs": the porteur's dossier about phone reception finds Pessac first.
    dossier = Application.objects.get(team__user__email=PORTEUR, state=ApplicationState.SUBMITTED)
    assert similar_to_application(dossier)[0] == pessac

    # The catalogue's search puts Pessac first for "accueil".
    page = client.get("/innovations/?q=accueil").content.decode()
    titles = Innovation.objects.filter(is_published=True).values_list("title", flat=True)
    found = sorted((page.find(escape(t)), t) for t in titles if escape(t) in page)
    assert len(found) > 3 and found[0][1] == pessac.title
