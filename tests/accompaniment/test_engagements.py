"""The engagement's life: prepared by staff for a laureate, signed by the fund then the
team, read-only once signed (payments still recorded), amended as a new version."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from essaim.accompaniment.engagement_pdf import render_engagement_pdf, terms_fingerprint
from essaim.accompaniment.enums import EngagementStatus, SignatureSide
from essaim.accompaniment.models import Engagement
from essaim.accompaniment.selectors.engagements import engagement_detail_queryset
from essaim.accompaniment.services.engagements import (
    engagement_amend,
    engagement_create,
    engagement_sign,
    engagement_update,
    tranche_record_payment,
)
from essaim.applications.enums import ApplicationState, TeamAccess
from essaim.applications.models import TeamMember
from essaim.core.models import AuditEvent

from ..factories import ApplicationFactory, CallFactory, decided, laureate, submitted

TERMS = {
    "summary": "Un accueil téléphonique repensé.",
    "fund_commitments": "Financer le prototype.",
    "team_commitments": "Tester avec les usagers.",
    "starts_on": dt.date(2026, 3, 1),
    "ends_on": dt.date(2026, 12, 31),
    "calendar": "Mars : entretiens.",
}
INDICATORS = [
    {
        "label": "Temps d'attente",
        "unit": "minutes",
        "baseline": Decimal("12"),
        "target": Decimal("4"),
        "target_date": dt.date(2026, 12, 31),
    }
]
TRANCHES = [
    {"planned_on": dt.date(2026, 4, 1), "amount": Decimal("20000"), "condition": "À la signature"},
    {"planned_on": dt.date(2026, 9, 1), "amount": Decimal("40000"), "condition": "Prototype"},
]


@pytest.fixture
def funding_call(fund):
    return CallFactory(fund=fund, funding=True)


@pytest.fixture
def dossier(funding_call, applicant, co_applicant):
    application = laureate(
        ApplicationFactory(call=funding_call, created_by=applicant, complete=True)
    )
    TeamMember.objects.create(
        application=application,
        user=co_applicant,
        full_name=co_applicant.full_name,
        email=co_applicant.email,
        job_title="Agent d'accueil",
        access=TeamAccess.EDITOR,
    )
    return application


def _create(application, staff, **data):
    return engagement_create(
        application=application,
        actor=staff,
        data={**TERMS, "granted_amount": Decimal("60000"), **data},
        indicators=INDICATORS,
        tranches=TRANCHES,
    )


def _sign(engagement, user, side, name="Sophie Équipe", function="Directrice"):
    return engagement_sign(
        engagement=engagement, actor=user, side=side, signer_name=name, signer_function=function
    )


def _actions(engagement) -> list[str]:
    return list(
        AuditEvent.objects.for_object(engagement).order_by("pk").values_list("action", flat=True)
    )


@pytest.mark.parametrize(
    "state",
    [ApplicationState.LAUREATE, ApplicationState.IN_ACCOMPANIMENT, ApplicationState.ACCOMPANIED],
)
def test_engagement_created_for_a_selected_dossier(funding_call, staff, state):
    application = laureate(ApplicationFactory(call=funding_call, complete=True))
    application.state = state
    application.save(update_fields=["state"])
    engagement = _create(application, staff)
    assert engagement.version == 1 and engagement.status == EngagementStatus.DRAFT
    assert [i.label for i in engagement.indicators.all()] == ["Temps d'attente"]
    assert [t.amount for t in engagement.tranches.all()] == [Decimal("20000"), Decimal("40000")]
    assert _actions(engagement) == ["engagement.created"]


@pytest.mark.parametrize(
    "state",
    [ApplicationState.SUBMITTED, ApplicationState.NOT_SELECTED, ApplicationState.WAITLISTED],
)
def test_engagement_refused_for_a_dossier_not_laureate(funding_call, staff, state):
    application = ApplicationFactory(call=funding_call, complete=True)
    if state == ApplicationState.SUBMITTED:
        submitted(application)
    else:
        decided(application, state, reason="Non retenu.")
    with pytest.raises(ValidationError, match="Seul un dossier lauréat"):
        _create(application, staff)


def test_second_engagement_refused(dossier, staff):
    _create(dossier, staff)
    with pytest.raises(ValidationError, match="déjà en préparation"):
        _create(dossier, staff)


def test_dates_and_indicators_are_checked(dossier, staff):
    with pytest.raises(ValidationError) as excinfo:
        engagement_create(
            application=dossier,
            actor=staff,
            data={**TERMS, "ends_on": dt.date(2026, 2, 1), "granted_amount": Decimal("60000")},
            indicators=[],
            tranches=TRANCHES,
        )
    assert set(excinfo.value.error_dict) == {"ends_on", "indicators"}


def test_fund_signs_first_then_the_team_and_it_is_in_force(
    dossier, staff, applicant, co_applicant, django_capture_on_commit_callbacks
):
    dossier.call.results_published_at = timezone.now()
    dossier.call.save(update_fields=["results_published_at"])
    engagement = _create(dossier, staff)
    with pytest.raises(ValidationError, match="l'équipe lauréate signe après elle"):
        _sign(engagement, applicant, SignatureSide.TEAM)

    with django_capture_on_commit_callbacks(execute=True):
        _sign(engagement, staff, SignatureSide.FUND, name="Sophie Équipe", function="Directrice")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert sorted(message.to) == sorted([applicant.email, co_applicant.email])
    assert dossier.reference in message.subject
    assert f"/dossiers/{dossier.pk}/engagements/{engagement.pk}/" in message.body
    assert "Sophie Équipe, Directrice" in message.body
    engagement.refresh_from_db()
    assert engagement.status == EngagementStatus.DRAFT

    with pytest.raises(ValidationError, match="déjà signé"):
        _sign(engagement, staff, SignatureSide.FUND)

    _sign(engagement, co_applicant, SignatureSide.TEAM, name="Bob Durand", function="Agent")
    engagement.refresh_from_db()
    assert engagement.status == EngagementStatus.SIGNED
    assert engagement.signed_at is not None
    signatures = {s.side: s for s in engagement.signatures.all()}
    assert signatures["team"].signed_by == co_applicant
    assert (signatures["team"].signer_name, signatures["team"].signer_function) == (
        "Bob Durand",
        "Agent",
    )
    assert _actions(engagement) == [
        "engagement.created",
        "engagement.signed_fund",
        "engagement.signed_team",
        "engagement.in_force",
    ]


def test_signer_name_and_function_are_required(dossier, staff):
    engagement = _create(dossier, staff)
    with pytest.raises(ValidationError) as excinfo:
        _sign(engagement, staff, SignatureSide.FUND, name=" ", function="")
    assert set(excinfo.value.error_dict) == {"signer_name", "signer_function"}


def test_signed_engagement_is_read_only(dossier, staff, applicant):
    engagement = _create(dossier, staff)
    _sign(engagement, staff, SignatureSide.FUND)
    _sign(engagement, applicant, SignatureSide.TEAM)
    with pytest.raises(ValidationError, match="ne peut plus être modifié"):
        engagement_update(
            engagement=engagement,
            actor=staff,
            data={**TERMS, "granted_amount": Decimal("60000")},
            indicators=INDICATORS,
            tranches=TRANCHES,
        )
    with pytest.raises(ValidationError, match="n'attend plus de signature"):
        _sign(engagement, staff, SignatureSide.FUND)


def test_editing_withdraws_a_signature_already_given(dossier, staff):
    engagement = _create(dossier, staff)
    _sign(engagement, staff, SignatureSide.FUND)
    engagement_update(
        engagement=engagement,
        actor=staff,
        data={**TERMS, "summary": "Autre objet", "granted_amount": Decimal("60000")},
        indicators=INDICATORS,
        tranches=TRANCHES,
    )
    assert not engagement.signatures.exists()
    event = AuditEvent.objects.for_object(engagement).get(action="engagement.updated")
    assert event.data["signatures_withdrawn"] == ["fund"]


def test_payments_on_the_signed_engagement_only(dossier, staff, applicant):
    engagement = _create(dossier, staff)
    tranche = engagement.tranches.order_by("position").first()
    with pytest.raises(ValidationError, match="une fois signé"):
        tranche_record_payment(
            tranche=tranche, actor=staff, paid_on=dt.date(2026, 4, 2), paid_amount=Decimal("1")
        )
    _sign(engagement, staff, SignatureSide.FUND)
    _sign(engagement, applicant, SignatureSide.TEAM)
    with pytest.raises(ValidationError) as excinfo:
        tranche_record_payment(
            tranche=tranche,
            actor=staff,
            paid_on=dt.date(2026, 4, 2),
            paid_amount=Decimal("20000.01"),
        )
    assert "ne peut pas dépasser celui de la tranche" in excinfo.value.messages[0]
    tranche_record_payment(
        tranche=tranche, actor=staff, paid_on=dt.date(2026, 4, 2), paid_amount=Decimal("20000")
    )
    tranche.refresh_from_db()
    assert (tranche.paid_on, tranche.paid_amount) == (dt.date(2026, 4, 2), Decimal("20000"))
    assert "engagement.tranche_paid" in _actions(engagement)


def test_amendment_is_a_new_version_and_the_old_one_stays(dossier, staff, applicant):
    engagement = _create(dossier, staff)
    with pytest.raises(ValidationError, match="Seul l'engagement en vigueur"):
        engagement_amend(engagement=engagement, actor=staff, reason="Trop tôt")
    _sign(engagement, staff, SignatureSide.FUND)
    _sign(engagement, applicant, SignatureSide.TEAM)
    with pytest.raises(ValidationError) as excinfo:
        engagement_amend(engagement=engagement, actor=staff, reason="  ")
    assert "reason" in excinfo.value.error_dict

    amendment = engagement_amend(engagement=engagement, actor=staff, reason="Calendrier décalé")
    assert (amendment.version, amendment.status) == (2, EngagementStatus.DRAFT)
    assert amendment.amendment_reason == "Calendrier décalé"
    assert amendment.summary == engagement.summary
    assert amendment.indicators.count() == 1 and amendment.tranches.count() == 2
    engagement.refresh_from_db()
    assert engagement.status == EngagementStatus.SIGNED  # in force until the amendment is
    with pytest.raises(ValidationError, match="déjà en préparation"):
        engagement_amend(engagement=engagement, actor=staff, reason="Encore")
    with pytest.raises(ValidationError, match="avenant est en préparation"):
        tranche_record_payment(
            tranche=engagement.tranches.first(),
            actor=staff,
            paid_on=dt.date(2026, 4, 2),
            paid_amount=Decimal("1"),
        )

    _sign(amendment, staff, SignatureSide.FUND)
    _sign(amendment, applicant, SignatureSide.TEAM)
    engagement.refresh_from_db()
    amendment.refresh_from_db()
    assert engagement.status == EngagementStatus.SUPERSEDED
    assert amendment.status == EngagementStatus.SIGNED
    assert list(
        Engagement.objects.filter(application=dossier).values_list("version", "status")
    ) == [(2, "signed"), (1, "superseded")]
    assert "engagement.superseded" in _actions(engagement)


def test_pdf_has_the_terms_and_the_signatures(dossier, staff, applicant):
    pytest.importorskip("weasyprint")
    engagement = _create(dossier, staff)
    _sign(engagement, staff, SignatureSide.FUND, name="Sophie Équipe", function="Directrice")
    _sign(engagement, applicant, SignatureSide.TEAM, name="Alice Martin", function="Cheffe")
    engagement = engagement_detail_queryset().get(pk=engagement.pk)
    filename, content = render_engagement_pdf(engagement=engagement)
    assert filename == f"engagement-{dossier.reference}-v1.pdf"
    assert content.startswith(b"%PDF")
    text = _pdf_text(content)
    for expected in (
        "Engagement réciproque",
        "Temps d'attente",
        "60 000",
        "Sophie Équipe",
        "Alice Martin",
        terms_fingerprint(engagement)[:16],
    ):
        assert expected in text.replace("\u202f", " ").replace("\u00a0", " ")


def _pdf_text(content: bytes) -> str:
    import shutil
    import subprocess

    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext absent")
    return subprocess.run(
        ["pdftotext", "-", "-"], input=content, capture_output=True, check=True
    ).stdout.decode()


def test_team_is_mailed_when_the_fund_signed_only_once_results_are_announced(
    dossier, staff, mailoutbox, django_capture_on_commit_callbacks
):
    first = _create(dossier, staff)
    with django_capture_on_commit_callbacks(execute=True):
        _sign(first, staff, SignatureSide.FUND)
    assert mailoutbox == []  # results not published: the mail would tell the outcome

    call = dossier.call
    call.results_published_at = timezone.now()
    call.save(update_fields=["results_published_at"])
    second = _create(laureate(ApplicationFactory(call=call, complete=True)), staff)
    with django_capture_on_commit_callbacks(execute=True):
        _sign(second, staff, SignatureSide.FUND)
    assert len(mailoutbox) == 1
