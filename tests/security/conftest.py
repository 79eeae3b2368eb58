"""The permission-matrix world: one fund run end to end, built once per test module.

Everything a URL of the project can point at exists here (a draft, a submitted dossier under
review, one in support, a laureate with engagement, accompaniment and published innovation,
jury, mailing, invitations, news, reuse…), with one person per role. The world is written
inside a module-wide transaction rolled back at the end; each test runs in its own savepoint
(`db`), so a test that changes something leaves the next one the same world.
"""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from ..factories import (
    AccompanimentFactory,
    ApplicationFactory,
    CallFactory,
    CallMembershipFactory,
    CohortFactory,
    ConflictFactory,
    FundFactory,
    FundMembershipFactory,
    InvitationFactory,
    JuryItemFactory,
    JuryMemberFactory,
    JurySessionFactory,
    MessageFactory,
    MilestoneFactory,
    OrganisationFactory,
    PhaseFactory,
    ReuseFactory,
    ReviewStageFactory,
    UserFactory,
    scored,
    shortlisted,
    submitted_for_real,
)
from ..factories import (
    submitted as mark_submitted,
)

PNG_BYTES = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00"
    b"\x00\x00\x00IEND\xaeB`\x82"
)
MINIMAL_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)

# The people the matrix asks for, in the order its failure messages list them.
ROLES = (
    "anonymous",
    "outsider",
    "applicant",
    "co_applicant",
    "staff",
    "other_fund_staff",
    "reviewer",
    "juror",
    "coach",
    "evaluator",
    "admin",
)


def pdf(name: str = "note.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, MINIMAL_PDF, content_type="application/pdf")


@dataclass
class World:
    """Named objects of the world; `users[role]` is None for the anonymous visitor."""

    users: dict = field(default_factory=dict)
    objects: dict = field(default_factory=dict)

    def __getattr__(self, name):
        try:
            return self.__dict__["objects"][name]
        except KeyError as exc:
            raise AttributeError(name) from exc


def build_world() -> World:
    from essaim.accompaniment.enums import EvaluationMoment, SignatureSide
    from essaim.accompaniment.models import EvaluationReport
    from essaim.accompaniment.services.calendar_feeds import renew_calendar_feed
    from essaim.accompaniment.services.engagements import engagement_create, engagement_sign
    from essaim.accompaniment.services.setup import apply_default_template
    from essaim.accompaniment.services.workspace import add_document
    from essaim.applications.enums import ApplicationState, InvitationStatus, TeamAccess
    from essaim.applications.models import SupportRequest, TeamMember
    from essaim.applications.services.attachments import attachment_add
    from essaim.catalogue.models import NewsPost, Testimonial
    from essaim.catalogue.services import sheets
    from essaim.funds.enums import FundRole
    from essaim.funds.models import Call
    from essaim.review.enums import ConflictStatus, DecisionKind, ReviewStageKind
    from essaim.review.models import MailTemplate
    from essaim.review.services.decisions import record_decision
    from essaim.review.services.mailings import prepare_mailing
    from essaim.review.services.support_rounds import open_round

    now = timezone.now()
    w = World()
    u = w.users
    o = w.objects
    u["anonymous"] = None
    u["outsider"] = UserFactory(email="charlie@ailleurs.fr", full_name="Charlie Petit")
    u["applicant"] = UserFactory(email="alice@pessac.fr", full_name="Alice Martin")
    u["co_applicant"] = UserFactory(email="bob@pessac.fr", full_name="Bob Durand")
    u["staff"] = UserFactory(email="equipe@fonds-mnt.fr", full_name="Sophie Équipe")
    u["other_fund_staff"] = UserFactory(email="equipe@autre-fonds.fr", full_name="Otto Autre")
    u["reviewer"] = UserFactory(email="experte@evaluation.fr", full_name="Estelle Experte")
    u["juror"] = UserFactory(email="jure@jury.fr", full_name="Jules Juré")
    u["coach"] = UserFactory(email="camille@agence-design.fr", full_name="Camille Coach")
    u["evaluator"] = UserFactory(email="eva@evaluation.fr", full_name="Éva Évaluatrice")
    admin = UserFactory(email="admin@essaim.fr", full_name="Admin Plateforme")
    admin.is_superuser = admin.is_staff = True
    admin.save(update_fields=["is_superuser", "is_staff"])
    u["admin"] = admin
    staff = u["staff"]
    o["replicator"] = UserFactory(email="rene@renac.fr", full_name="René Réutilise")

    fund = o["fund"] = FundFactory(slug="mnt", name="Fonds MNT", reference_prefix="MNT")
    fund.logo.save("logo.png", ContentFile(PNG_BYTES), save=True)
    o["other_fund"] = FundFactory(slug="autre", name="Autre fonds", reference_prefix="AUT")
    FundMembershipFactory(fund=fund, user=staff)
    FundMembershipFactory(fund=o["other_fund"], user=u["other_fund_staff"])

    # An open call for the draft, and a closed funding call that went all the way.
    open_call = o["open_call"] = CallFactory(fund=fund, slug="2026-1", year=2026, edition=1)
    call = o["call"] = CallFactory(
        fund=fund,
        slug="2025-1",
        year=2025,
        edition=1,
        funding=True,
        has_independent_evaluation=True,
        opens_at=now - dt.timedelta(days=120),
    )
    for role in ("reviewer", "juror", "coach", "evaluator"):
        CallMembershipFactory(call=call, user=u[role], role=getattr(FundRole, role.upper()))

    def team(application):
        TeamMember.objects.create(
            application=application,
            user=u["co_applicant"],
            full_name="Bob Durand",
            email="bob@pessac.fr",
            job_title="Agent d'accueil",
            access=TeamAccess.EDITOR,
            invitation_status=InvitationStatus.ACCEPTED,
        )
        return application

    # --- the draft, in the open call
    draft = o["draft"] = team(
        ApplicationFactory(call=open_call, created_by=u["applicant"], complete=True)
    )
    o["invited_member"] = TeamMember.objects.create(
        application=draft,
        full_name="Dan Invité",
        email="dan@pessac.fr",
        job_title="Agent",
        access=TeamAccess.EDITOR,
        invitation_status=InvitationStatus.PENDING,
    )
    o["support_request"] = SupportRequest.objects.create(
        application=draft,
        supervisor_name="Claire Martin",
        supervisor_function="Directrice générale des services",
        supervisor_email="dgs@pessac.fr",
        sent_at=now,
    )
    o["draft_attachment"] = attachment_add(
        application=draft, actor=u["applicant"], upload=pdf("budget.pdf")
    )
    MessageFactory(application=draft, author=staff)

    # --- submitted dossiers in the funding call
    def dossier(title):
        application = team(
            ApplicationFactory(
                call=call, created_by=u["applicant"], complete=True, ready=True, title=title
            )
        )
        attachment_add(application=application, actor=u["applicant"], upload=pdf("plan.pdf"))
        return application

    submitted = o["submitted"] = submitted_for_real(dossier("Un accueil au téléphone"))
    o["submitted_attachment"] = submitted.attachments.get()
    record_decision(
        application=submitted,
        kind=DecisionKind.ELIGIBILITY,
        outcome=ApplicationState.ELIGIBLE,
        actor=staff,
    )
    MessageFactory(application=submitted, author=staff)
    in_support = o["in_support"] = shortlisted(dossier("Un guichet itinérant"), actor=staff)
    laureate_app = o["laureate"] = shortlisted(dossier("Des agents qui co-conçoivent"), actor=staff)
    # submitted while open; the call has closed since
    Call.objects.filter(pk=call.pk).update(closes_at=now - dt.timedelta(days=90))
    call.refresh_from_db()

    # review: a first-selection stage, the reviewer assigned to the submitted dossier
    stage = o["stage"] = ReviewStageFactory(call=call, kind=ReviewStageKind.FIRST_SELECTION)
    o["criterion"] = stage.criteria.first()
    from essaim.review.models import Assignment

    assignment = o["assignment"] = Assignment.objects.create(
        stage=stage, application=submitted, reviewer=u["reviewer"]
    )
    scored(assignment, [3, None], submit=False)
    o["conflict"] = ConflictFactory(
        application=in_support, person=u["juror"], status=ConflictStatus.SUSPECTED
    )
    o["review_invitation"] = InvitationFactory(call=call, role=FundRole.REVIEWER, invited_by=staff)
    o["coach_invitation"] = InvitationFactory(
        call=call, role=FundRole.COACH, email="nouveau@agence.fr", invited_by=staff
    )

    # support round: the in-support dossier
    o["support_round"] = open_round(
        call=call,
        title="Appui",
        message="Précisez votre calendrier.",
        deadline=now + dt.timedelta(days=10),
        feedbacks={in_support: "Précisez le budget."},
        actor=staff,
    )

    # jury: the juror sits, the laureate dossier is on the agenda and was decided
    session = o["jury_session"] = JurySessionFactory(call=call)
    JuryMemberFactory(session=session, user=u["juror"])
    JuryItemFactory(session=session, application=laureate_app)
    record_decision(
        application=laureate_app,
        kind=DecisionKind.JURY,
        outcome=ApplicationState.LAUREATE,
        actor=staff,
        jury_session=session,
    )
    call.results_published_at = now
    call.save(update_fields=["results_published_at"])

    # decision messages
    o["mail_template"] = MailTemplate.objects.create(
        call=call, outcome=ApplicationState.LAUREATE, subject="Bravo", body="Bravo {titre}"
    )
    o["mailing"] = prepare_mailing(
        call=call,
        outcome=ApplicationState.LAUREATE,
        application_ids=[laureate_app.pk],
        subject="Bravo",
        body="Bravo {titre}",
        actor=staff,
    )
    o["mailing_recipient"] = o["mailing"].recipients.get()

    # engagement, signed by the fund, awaiting the team
    engagement = o["engagement"] = engagement_create(
        application=laureate_app,
        actor=staff,
        data={
            "summary": "Repenser l'accueil.",
            "granted_amount": Decimal("50000"),
            "starts_on": dt.date(2026, 3, 1),
            "ends_on": dt.date(2026, 12, 31),
            "fund_commitments": "Financer.",
            "team_commitments": "Mener le projet.",
        },
        indicators=[{"label": "Appels décrochés", "target": Decimal("90"), "unit": "%"}],
        tranches=[{"planned_on": dt.date(2026, 3, 1), "amount": Decimal("50000")}],
    )
    engagement_sign(
        engagement=engagement,
        actor=staff,
        side=SignatureSide.FUND,
        signer_name="Sophie Équipe",
        signer_function="Directrice",
    )
    o["tranche"] = engagement.tranches.get()

    # accompaniment of the laureate
    o["phase_template"] = apply_default_template(call=call, actor=staff)[0]
    o["cohort"] = CohortFactory(call=call)
    accompaniment = o["accompaniment"] = AccompanimentFactory(
        application=laureate_app, coach=u["coach"], evaluator=u["evaluator"], cohort=o["cohort"]
    )
    o["phase"] = PhaseFactory(accompaniment=accompaniment, position=0, name="Entretiens")
    PhaseFactory(accompaniment=accompaniment, position=1, name="Prototype")
    o["milestone"] = MilestoneFactory(
        accompaniment=accompaniment, phase=o["phase"], owner=u["applicant"]
    )
    o["document"] = add_document(
        accompaniment=accompaniment, actor=u["coach"], title="Guide", upload=pdf("guide.pdf")
    )
    EvaluationReport.objects.create(
        accompaniment=accompaniment, moment=EvaluationMoment.MID_COURSE, evaluator=u["evaluator"]
    )
    o["calendar_feed"] = renew_calendar_feed(user=u["coach"])

    # the laureate's published sheet, a resource, a reuse by another body
    innovation = o["innovation"] = sheets.sheet_create_from_application(
        application=laureate_app, actor=staff, topic="reception"
    )
    o["resource"] = sheets.resource_add(
        innovation=innovation, actor=staff, kind="guide", title="Le guide", upload=pdf("g.pdf")
    )
    sheets.sheet_publish(innovation=innovation, actor=staff)
    o["organisation"] = OrganisationFactory(name="Renac", departement="35")
    o["reuse"] = ReuseFactory(
        innovation=innovation, organisation=o["organisation"], declared_by=o["replicator"]
    )
    o["news"] = NewsPost.objects.create(
        fund=fund,
        slug="laureats-2025",
        kind="results",
        title="Les lauréats 2025",
        summary="Trois lauréats.",
        body="Bravo.",
        is_published=True,
        published_at=now,
    )
    o["testimonial"] = Testimonial.objects.create(
        fund=fund,
        innovation=innovation,
        quote="Les agents ont repris la main.",
        person_name="Pierre Lormeau",
        person_function="Directeur",
        organisation_label="PESSAC (33)",
        is_published=True,
    )
    # a dossier received on paper, being entered by the staff, and one already submitted
    from essaim.applications.services.assisted import assisted_application_start

    o["assisted_draft"] = assisted_application_start(
        call=open_call,
        actor=staff,
        channel="paper",
        received_on=timezone.localdate(),
        title="Un dossier reçu par la poste",
        applicant_name="Paul Papier",
        applicant_email="paul@papier.fr",
        applicant_job_title="Agent d'accueil",
    )
    assisted_submitted = o["assisted_submitted"] = mark_submitted(
        ApplicationFactory(call=open_call, created_by=u["applicant"], complete=True),
        reference="MNT-T-PAPIER",
    )
    assisted_submitted.submission_channel = "paper"
    assisted_submitted.save(update_fields=["submission_channel"])
    # a finished export and a checked import sheet, both by the fund's staff
    from essaim.dataio.exports import export_start, run_export_job
    from essaim.dataio.imports import import_upload, template_file

    export = export_start(
        actor=staff, call=call, dataset="dossiers", fmt="csv", columns=["call", "reference"]
    )
    run_export_job(job_id=export.pk)
    o["export_job"] = export
    o["import_job"] = import_upload(
        actor=staff,
        fund=fund,
        uploaded=SimpleUploadedFile("dossiers.csv", template_file(fund, "csv"), "text/csv"),
    )
    for obj in o.values():
        if hasattr(obj, "refresh_from_db") and getattr(obj, "pk", None):
            obj.refresh_from_db()
    return w


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """The world, written once per module and rolled back at its end."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield build_world()
        transaction.set_rollback(True)


@pytest.fixture(scope="module")
def clients():
    """One test client per role for the whole module: building a client's handler costs
    0.4 s (whitenoise scans the static files); signing in is one row."""
    from django.test import Client

    return {role: Client() for role in ROLES}


def signed_in(clients, world, role: str):
    """The role's client, signed in afresh (in the running test's savepoint)."""
    client = clients[role]
    client.cookies.clear()
    if world.users[role] is not None:
        client.force_login(world.users[role])
    return client
