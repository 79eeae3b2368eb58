"""Alice's world: every kind of trace a person leaves in Essaim, for the export and deletion
tests. Alice (applicant) owns a submitted dossier with Bob (co_applicant), a draft of her
own, reviews on another call, was asked for hierarchical support on Dana's dossier, signs
in through ProConnect too, has 2FA, a calendar feed, an innovation contact, a reuse…"""

from dataclasses import dataclass

import pytest
from allauth.mfa.models import Authenticator
from allauth.socialaccount.models import SocialAccount
from django.core.files.base import ContentFile

from essaim.accompaniment.models import CalendarFeed
from essaim.applications.enums import SupportStatus, TeamAccess
from essaim.applications.models import Application, Attachment, SupportRequest, TeamMember
from essaim.catalogue.models import InnovationContact
from essaim.funds.enums import FundRole, InvitationState
from essaim.review.models import Mailing, MailingRecipient

from ..factories import (
    ApplicationFactory,
    AssignmentFactory,
    CallFactory,
    CallMembershipFactory,
    InnovationFactory,
    InvitationFactory,
    MessageFactory,
    ReuseFactory,
    ReviewStageFactory,
    UserFactory,
    scored,
    submitted_for_real,
)

ALICE_FILE = b"%PDF-1.4 budget d'Alice"
DRAFT_FILE = b"%PDF-1.4 brouillon d'Alice"
TOTP_SECRET = "JBSWY3DPEHPK3PXP"


def attach(application: Application, content: bytes, name: str) -> Attachment:
    return Attachment.objects.create(
        application=application,
        file=ContentFile(content, name=name),
        original_name=name,
        content_type="application/pdf",
        size=len(content),
        sha256="0" * 64,
    )


@dataclass
class World:
    alice: object
    bob: object
    dossier: Application
    draft: Application
    dana_dossier: Application
    attachment: Attachment
    draft_attachment: Attachment
    submitted_review: object
    pending_assignment: object


@pytest.fixture
def world(call, applicant, co_applicant):
    alice, bob = applicant, co_applicant
    dossier = ApplicationFactory(call=call, created_by=alice, complete=True, ready=True)
    TeamMember.objects.create(
        application=dossier,
        user=bob,
        full_name=bob.full_name,
        email=bob.email,
        job_title="Agent d'accueil",
        access=TeamAccess.EDITOR,
    )
    attachment = attach(dossier, ALICE_FILE, "budget-alice.pdf")
    dossier = submitted_for_real(dossier, user=alice)
    MessageFactory(application=dossier, author=alice, from_staff=False, body="Bonjour, Alice ici.")

    draft = ApplicationFactory(call=call, created_by=alice, title="Brouillon d'Alice")
    draft_attachment = attach(draft, DRAFT_FILE, "brouillon.pdf")

    # Alice as supervisor of Dana's dossier (she has no role there but the support)
    dana = UserFactory(email="dana@merignac.fr", full_name="Dana Roux")
    dana_dossier = ApplicationFactory(call=call, created_by=dana, title="Projet de Dana")
    SupportRequest.objects.create(
        application=dana_dossier,
        supervisor_name="Alice Martin",
        supervisor_function="Directrice générale des services",
        supervisor_email="Alice@Pessac.fr",
        status=SupportStatus.CONFIRMED,
        comment="Je soutiens ce projet.",
    )

    # Alice as an expert on another fund's call: one review done, one not started
    other_call = CallFactory()
    CallMembershipFactory(call=other_call, user=alice, role=FundRole.REVIEWER)
    InvitationFactory(
        call=other_call,
        email=alice.email,
        full_name=alice.full_name,
        status=InvitationState.ACCEPTED,
        accepted_by=alice,
    )
    stage = ReviewStageFactory(call=other_call)
    done = AssignmentFactory(stage=stage, reviewer=alice)
    review = scored(done, [3, 4], comment="Projet solide, à suivre.")
    pending = AssignmentFactory(stage=stage, reviewer=alice)

    SocialAccount.objects.create(
        user=alice, provider="proconnect", uid="sub-alice-42", extra_data={"given_name": "Alice"}
    )
    Authenticator.objects.create(
        user=alice, type=Authenticator.Type.TOTP, data={"secret": TOTP_SECRET}
    )
    CalendarFeed.objects.create(user=alice)
    innovation = InnovationFactory()
    InnovationContact.objects.create(
        innovation=innovation, full_name="Alice Martin", job_title="DGS", user=alice
    )
    ReuseFactory(declared_by=alice, note="Nous testons à Pessac.")
    mailing = Mailing.objects.create(call=call, outcome="submitted", subject="s", body="b")
    MailingRecipient.objects.create(
        mailing=mailing,
        application=dossier,
        emails=[alice.email, bob.email],
        subject="Votre dossier",
        body="Bonjour Alice Martin",
    )
    return World(
        alice=alice,
        bob=bob,
        dossier=dossier,
        draft=draft,
        dana_dossier=dana_dossier,
        attachment=attachment,
        draft_attachment=draft_attachment,
        submitted_review=review,
        pending_assignment=pending,
    )
