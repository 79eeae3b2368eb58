"""The team's side of the reciprocal engagement: the dossier page's panel, reading the
engagement once the fund has signed, signing for the team, the PDF — 404 for others."""

import datetime as dt
import html as htmllib
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from essaim.accompaniment.enums import EngagementStatus, SignatureSide
from essaim.accompaniment.services.engagements import engagement_create, engagement_sign
from essaim.core.models import AuditEvent

from ..factories import (
    AccompanimentFactory,
    ApplicationFactory,
    CallFactory,
    CallMembershipFactory,
    UserFactory,
    laureate,
)


@pytest.fixture
def funding_call(fund):
    # results published: the team knows it is a laureate
    return CallFactory(fund=fund, funding=True, results_published_at=timezone.now())


@pytest.fixture
def dossier(funding_call, applicant):
    return laureate(ApplicationFactory(call=funding_call, created_by=applicant, complete=True))


@pytest.fixture
def engagement(dossier, staff):
    return engagement_create(
        application=dossier,
        actor=staff,
        data={
            "summary": "Un accueil téléphonique repensé.",
            "fund_commitments": "Financer le prototype.",
            "team_commitments": "Tester avec les usagers.",
            "starts_on": dt.date(2026, 3, 1),
            "ends_on": dt.date(2026, 12, 31),
            "calendar": "",
            "granted_amount": Decimal("60000"),
        },
        indicators=[{"label": "Temps d'attente", "unit": "min", "target": Decimal("4")}],
        tranches=[{"planned_on": dt.date(2026, 4, 1), "amount": Decimal("60000")}],
    )


def _fund_signs(engagement, staff):
    engagement_sign(
        engagement=engagement,
        actor=staff,
        side=SignatureSide.FUND,
        signer_name="Sophie Équipe",
        signer_function="Directrice",
    )


def _urls(dossier, engagement):
    return [
        reverse("portal:engagement_detail", args=[dossier.pk, engagement.pk]),
        reverse("portal:engagement_sign", args=[dossier.pk, engagement.pk]),
        reverse("portal:engagement_pdf", args=[dossier.pk, engagement.pk]),
    ]


def test_draft_is_the_funds_until_it_signs(client, applicant, dossier, engagement):
    client.force_login(applicant)
    html = client.get(reverse("portal:application_detail", args=[dossier.pk])).content.decode()
    assert "prépare votre engagement réciproque" in html
    assert "Signer l'engagement" not in html
    for url in _urls(dossier, engagement):
        assert client.get(url).status_code == 404


def test_team_signs_after_the_fund(client, applicant, staff, dossier, engagement):
    _fund_signs(engagement, staff)
    client.force_login(applicant)
    page = client.get(reverse("portal:application_detail", args=[dossier.pk])).content.decode()
    sign_url = reverse("portal:engagement_sign", args=[dossier.pk, engagement.pk])
    assert "attend la signature de votre équipe" in page and sign_url in page
    # the next step says so too, rather than a generic word on the dossier's state
    assert "Signez votre engagement réciproque" in htmllib.unescape(page)

    detail = client.get(reverse("portal:engagement_detail", args=[dossier.pk, engagement.pk]))
    html = detail.content.decode()
    assert "Temps d&#x27;attente" in html and "Sophie Équipe, Directrice" in html

    form = client.get(sign_url).content.decode()
    assert 'value="Alice Martin"' in form
    missing = client.post(sign_url, {"signer_name": "Alice Martin", "signer_function": ""})
    assert missing.status_code == 422
    assert 'id="id_signer_function_error"' in missing.content.decode()
    response = client.post(
        sign_url,
        {"signer_name": "Alice Martin", "signer_function": "Cheffe de projet", "confirm": "on"},
    )
    assert response.status_code == 302
    engagement.refresh_from_db()
    assert engagement.status == EngagementStatus.SIGNED
    assert engagement.signatures.get(side="team").signed_by == applicant
    assert AuditEvent.objects.filter(action="engagement.signed_team", actor=applicant).exists()

    page = client.get(reverse("portal:application_detail", args=[dossier.pk])).content.decode()
    assert "Voir l'engagement signé" in page and sign_url not in page
    assert "Signez votre engagement réciproque" not in htmllib.unescape(page)
    assert client.get(sign_url).status_code == 302  # nothing left to sign


def test_team_pdf(client, applicant, staff, dossier, engagement):
    pytest.importorskip("weasyprint")
    _fund_signs(engagement, staff)
    client.force_login(applicant)
    response = client.get(reverse("portal:engagement_pdf", args=[dossier.pk, engagement.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_staff_read_but_do_not_sign_for_the_team(client, staff, dossier, engagement):
    _fund_signs(engagement, staff)
    client.force_login(staff)
    assert client.get(_urls(dossier, engagement)[0]).status_code == 200
    response = client.post(
        _urls(dossier, engagement)[1],
        {"signer_name": "S", "signer_function": "D", "confirm": "on"},
    )
    assert response.status_code == 403
    assert not engagement.signatures.filter(side="team").exists()


@pytest.mark.parametrize("who", ["outsider", "other_team", "coach", "reviewer", "other_staff"])
def test_others_get_404(
    client, staff, outsider, other_fund_staff, funding_call, dossier, engagement, who
):
    _fund_signs(engagement, staff)
    coach = UserFactory(email="coach@agence.fr")
    CallMembershipFactory(call=funding_call, user=coach, role="coach")
    AccompanimentFactory(application=dossier, coach=coach)
    reviewer = UserFactory(email="expert@eval.fr")
    CallMembershipFactory(call=funding_call, user=reviewer, role="reviewer")
    users = {
        "outsider": outsider,
        "other_team": ApplicationFactory(call=funding_call, complete=True).created_by,
        "coach": coach,
        "reviewer": reviewer,
        "other_staff": other_fund_staff,
    }
    client.force_login(users[who])
    for url in _urls(dossier, engagement):
        assert client.get(url).status_code == 404, url
    response = client.post(
        _urls(dossier, engagement)[1], {"signer_name": "X", "signer_function": "Y", "confirm": "on"}
    )
    assert response.status_code == 404
    assert not engagement.signatures.filter(side="team").exists()


def test_engagement_of_another_dossier_is_404(client, applicant, staff, funding_call, engagement):
    _fund_signs(engagement, staff)
    mine = laureate(ApplicationFactory(call=funding_call, created_by=applicant, complete=True))
    client.force_login(applicant)
    url = reverse("portal:engagement_detail", args=[mine.pk, engagement.pk])
    assert client.get(url).status_code == 404


def test_nothing_before_the_jury_outcome_is_announced(
    client, applicant, staff, dossier, engagement
):
    _fund_signs(engagement, staff)
    dossier.call.results_published_at = None
    dossier.call.save(update_fields=["results_published_at"])
    client.force_login(applicant)
    html = client.get(reverse("portal:application_detail", args=[dossier.pk])).content.decode()
    assert "Engagement réciproque" not in html
    for url in _urls(dossier, engagement):
        assert client.get(url).status_code == 404


def test_my_applications_says_the_engagement_awaits_the_team(client, applicant, engagement, staff):
    client.force_login(applicant)
    before = htmllib.unescape(client.get(reverse("portal:my_applications")).content.decode())
    assert "il attend la signature de votre équipe" not in before
    _fund_signs(engagement, staff)
    after = htmllib.unescape(client.get(reverse("portal:my_applications")).content.decode())
    assert (
        "Le fonds a signé l'engagement réciproque\u00a0: il attend la signature de votre équipe."
        in after
    )
