"""Staff pages of the reciprocal engagement: prepare, edit, sign for the fund, record a
payment, amend, PDF, the call's envelope — and 404 for everyone else."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from essaim.accompaniment.enums import EngagementStatus, SignatureSide
from essaim.accompaniment.models import Engagement
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

TERMS = {
    "summary": "Un accueil téléphonique repensé.",
    "fund_commitments": "Financer le prototype.",
    "team_commitments": "Tester avec les usagers.",
    "starts_on": dt.date(2026, 3, 1),
    "ends_on": dt.date(2026, 12, 31),
    "calendar": "",
}
INDICATORS = [
    {
        "label": "Temps d'attente",
        "unit": "min",
        "baseline": None,
        "target": Decimal("4"),
        "target_date": None,
    }
]


@pytest.fixture
def funding_call(fund):
    return CallFactory(fund=fund, funding=True, envelope=Decimal("150000"))


@pytest.fixture
def dossier(funding_call, applicant):
    return laureate(ApplicationFactory(call=funding_call, created_by=applicant, complete=True))


def _engagement(dossier, staff, amount="60000"):
    return engagement_create(
        application=dossier,
        actor=staff,
        data={**TERMS, "granted_amount": Decimal(amount)},
        indicators=INDICATORS,
        tranches=[{"planned_on": dt.date(2026, 4, 1), "amount": Decimal(amount), "condition": ""}],
    )


def _signed(dossier, staff, applicant):
    engagement = _engagement(dossier, staff)
    for user, side in ((staff, SignatureSide.FUND), (applicant, SignatureSide.TEAM)):
        engagement_sign(
            engagement=engagement, actor=user, side=side, signer_name="N", signer_function="F"
        )
    return engagement


def _post_data(
    amount="60 000", tranches=(("2026-04-01", "20 000"), ("2026-09-01", "40 000")), **extra
):
    data = {
        "summary": "Un accueil téléphonique repensé.",
        "fund_commitments": "Financer le prototype.",
        "team_commitments": "Tester avec les usagers.",
        "starts_on": "2026-03-01",
        "ends_on": "2026-12-31",
        "calendar": "Mars : entretiens",
        "granted_amount": amount,
        "indicators-TOTAL_FORMS": "2",
        "indicators-INITIAL_FORMS": "0",
        "indicators-0-label": "Temps d'attente au téléphone",
        "indicators-0-unit": "minutes",
        "indicators-0-baseline": "12",
        "indicators-0-target": "4,5",
        "indicators-0-target_date": "2026-12-31",
        "tranches-TOTAL_FORMS": str(len(tranches) + 1),
        "tranches-INITIAL_FORMS": "0",
    }
    for i, (day, value) in enumerate(tranches):
        data[f"tranches-{i}-planned_on"] = day
        data[f"tranches-{i}-amount"] = value
        data[f"tranches-{i}-condition"] = "À la signature" if i == 0 else ""
    data.update(extra)
    return data


def test_staff_prepare_an_engagement(client, staff, dossier):
    client.force_login(staff)
    url = reverse("backoffice:engagement_create", args=[dossier.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert "Montant accordé (€)" in page.content.decode()
    response = client.post(url, _post_data())
    engagement = Engagement.objects.get(application=dossier)
    assert response.status_code == 302
    assert response["Location"] == reverse("backoffice:engagement_detail", args=[engagement.pk])
    assert engagement.granted_amount == Decimal("60000")
    indicator = engagement.indicators.get()
    assert (indicator.label, indicator.baseline, indicator.target) == (
        "Temps d'attente au téléphone",
        Decimal("12"),
        Decimal("4.5"),
    )
    assert [t.amount for t in engagement.tranches.all()] == [Decimal("20000"), Decimal("40000")]
    detail = client.get(response["Location"]).content.decode()
    assert "Signer pour le fonds" in detail and "Temps d&#x27;attente au téléphone" in detail


def test_over_the_envelope_is_said_beside_the_amount_and_nothing_is_lost(
    client, staff, dossier, funding_call
):
    _engagement(laureate(ApplicationFactory(call=funding_call, complete=True)), staff, "100000")
    client.force_login(staff)
    response = client.post(
        reverse("backoffice:engagement_create", args=[dossier.pk]),
        _post_data(amount="50 001", tranches=(("2026-04-01", "50 001"),)),
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert "Erreur :" in html
    assert 'id="id_granted_amount_error"' in html
    assert "L&#x27;enveloppe de l&#x27;appel serait dépassée de 1" in html
    assert 'value="50 001"' in html and "Temps d&#x27;attente au téléphone" in html
    assert not Engagement.objects.filter(application=dossier).exists()


def test_amount_over_the_maximum_and_no_indicator_are_said_at_once(client, staff, dossier):
    client.force_login(staff)
    data = _post_data(amount="120 000,01", tranches=(("2026-04-01", "120 000,01"),))
    data["indicators-0-label"] = data["indicators-0-target"] = ""
    data["indicators-0-unit"] = data["indicators-0-baseline"] = data["indicators-0-target_date"] = (
        ""
    )
    response = client.post(reverse("backoffice:engagement_create", args=[dossier.pk]), data)
    assert response.status_code == 422
    html = response.content.decode()
    assert "ne peut pas dépasser 120\u202f000\u00a0€ par projet" in html
    assert 'id="indicators-error"' in html and "au moins un résultat attendu" in html


def test_tranches_not_adding_up_are_said_above_the_tranches(client, staff, dossier):
    client.force_login(staff)
    response = client.post(
        reverse("backoffice:engagement_create", args=[dossier.pk]),
        _post_data(tranches=(("2026-04-01", "20 000"),)),
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert 'id="tranches-error"' in html and "doivent faire le montant accordé" in html


def test_adding_a_row_keeps_what_was_typed(client, staff, dossier):
    client.force_login(staff)
    response = client.post(
        reverse("backoffice:engagement_create", args=[dossier.pk]),
        _post_data(add="indicators"),
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert 'name="indicators-2-label"' in html and "Temps d&#x27;attente au téléphone" in html
    assert "Erreur :" not in html


def test_edit_a_draft(client, staff, dossier):
    engagement = _engagement(dossier, staff)
    client.force_login(staff)
    url = reverse("backoffice:engagement_edit", args=[engagement.pk])
    assert "Temps d&#x27;attente" in client.get(url).content.decode()
    tranche = engagement.tranches.get()
    data = _post_data(amount="70 000", tranches=(("2026-04-01", "70 000"),))
    data.update({"tranches-INITIAL_FORMS": "1", "tranches-0-id": str(tranche.pk)})
    response = client.post(url, data)
    assert response.status_code == 302
    engagement.refresh_from_db()
    assert engagement.granted_amount == Decimal("70000")
    assert list(engagement.tranches.values_list("pk", flat=True)) == [tranche.pk]


def test_sign_for_the_fund(client, staff, dossier, django_capture_on_commit_callbacks, mailoutbox):
    dossier.call.results_published_at = timezone.now()  # the team may know: it is mailed
    dossier.call.save(update_fields=["results_published_at"])
    engagement = _engagement(dossier, staff)
    client.force_login(staff)
    url = reverse("backoffice:engagement_sign", args=[engagement.pk])
    assert client.get(url).status_code == 200
    refused = client.post(url, {"signer_name": "Sophie Équipe", "signer_function": "Directrice"})
    assert refused.status_code == 422 and "Cochez la case" in refused.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url, {"signer_name": "Sophie Équipe", "signer_function": "Directrice", "confirm": "on"}
        )
    assert response.status_code == 302
    signature = engagement.signatures.get()
    assert (signature.side, signature.signed_by, signature.signer_name) == (
        "fund",
        staff,
        "Sophie Équipe",
    )
    assert len(mailoutbox) == 1
    assert client.get(url).status_code == 302  # nothing more to sign for the fund


def test_signed_engagement_cannot_be_edited(client, staff, dossier, applicant):
    engagement = _signed(dossier, staff, applicant)
    client.force_login(staff)
    response = client.get(reverse("backoffice:engagement_edit", args=[engagement.pk]))
    assert response.status_code == 302
    detail = client.get(reverse("backoffice:engagement_detail", args=[engagement.pk]))
    html = detail.content.decode()
    assert "Modifier l'engagement" not in html
    assert "Préparer un avenant" in html and "Enregistrer le versement" in html


def test_record_a_payment_on_a_signed_engagement(client, staff, dossier, applicant):
    engagement = _signed(dossier, staff, applicant)
    tranche = engagement.tranches.get()
    client.force_login(staff)
    url = reverse("backoffice:engagement_tranche_pay", args=[engagement.pk, tranche.pk])
    too_much = client.post(url, {"paid_on": "2026-04-02", "paid_amount": "60 000,01"})
    assert too_much.status_code == 422
    assert 'id="id_paid_amount_error"' in too_much.content.decode()
    response = client.post(url, {"paid_on": "2026-04-02", "paid_amount": "60 000"})
    assert response.status_code == 302
    tranche.refresh_from_db()
    assert tranche.paid_amount == Decimal("60000")
    envelope = client.get(reverse("backoffice:call_envelope", args=[dossier.call.pk]))
    assert "90\u202f000\u00a0€" in envelope.content.decode()  # remaining


def test_amend_then_history(client, staff, dossier, applicant):
    engagement = _signed(dossier, staff, applicant)
    client.force_login(staff)
    url = reverse("backoffice:engagement_amend", args=[engagement.pk])
    assert client.post(url, {"reason": ""}).status_code == 422
    response = client.post(url, {"reason": "Calendrier décalé de deux mois"})
    amendment = Engagement.objects.get(application=dossier, version=2)
    assert response["Location"] == reverse("backoffice:engagement_edit", args=[amendment.pk])
    html = client.get(reverse("backoffice:engagement_detail", args=[amendment.pk])).content.decode()
    assert "Calendrier décalé de deux mois" in html
    assert reverse("backoffice:engagement_detail", args=[engagement.pk]) in html
    panel = client.get(reverse("backoffice:application_detail", args=[dossier.pk])).content.decode()
    assert "En vigueur" in panel and "Version 2" in panel


def test_pdf_for_staff(client, staff, dossier, applicant):
    pytest.importorskip("weasyprint")
    engagement = _signed(dossier, staff, applicant)
    client.force_login(staff)
    response = client.get(reverse("backoffice:engagement_pdf", args=[engagement.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_dossier_page_panel(client, staff, dossier):
    client.force_login(staff)
    url = reverse("backoffice:application_detail", args=[dossier.pk])
    html = client.get(url).content.decode()
    assert reverse("backoffice:engagement_create", args=[dossier.pk]) in html
    engagement = _engagement(dossier, staff)
    html = client.get(url).content.decode()
    assert reverse("backoffice:engagement_detail", args=[engagement.pk]) in html
    assert reverse("backoffice:call_envelope", args=[dossier.call.pk]) in html


def test_no_panel_and_no_engagement_before_the_jury(client, staff, funding_call):
    from ..factories import submitted

    application = submitted(ApplicationFactory(call=funding_call, complete=True))
    client.force_login(staff)
    html = client.get(reverse("backoffice:application_detail", args=[application.pk])).content
    assert "Engagement réciproque" not in html.decode()
    url = reverse("backoffice:engagement_create", args=[application.pk])
    assert client.get(url).status_code == 404


def test_envelope_page_query_count_does_not_grow(client, staff, funding_call):
    client.force_login(staff)
    url = reverse("backoffice:call_envelope", args=[funding_call.pk])
    _engagement(laureate(ApplicationFactory(call=funding_call, complete=True)), staff, "30000")
    client.get(url)  # warm the per-request caches of the first hit
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one:
        response = client.get(url)
    assert response.status_code == 200
    for _ in range(2):
        _engagement(laureate(ApplicationFactory(call=funding_call, complete=True)), staff, "30000")
    with CaptureQueriesContext(connection) as three:
        html = client.get(url).content.decode()
    assert html.count("Version 1") == 3
    assert len(three) == len(one)
    assert len(one) == 5  # session, user, roles, call, engagements


# --- who may reach these pages -----------------------------------------------------------


@pytest.fixture
def actors(staff, applicant, outsider, other_fund_staff, funding_call, dossier):
    coach = UserFactory(email="coach@agence.fr")
    CallMembershipFactory(call=funding_call, user=coach, role="coach")
    AccompanimentFactory(application=dossier, coach=coach)
    reviewer = UserFactory(email="expert@eval.fr")
    CallMembershipFactory(call=funding_call, user=reviewer, role="reviewer")
    other_team = ApplicationFactory(call=funding_call, complete=True).created_by
    return {
        "staff": staff,
        "applicant": applicant,
        "other_team": other_team,
        "outsider": outsider,
        "other_fund_staff": other_fund_staff,
        "coach": coach,
        "reviewer": reviewer,
    }


def _urls(engagement, dossier):
    tranche = engagement.tranches.get()
    return [
        reverse("backoffice:engagement_create", args=[dossier.pk]),
        reverse("backoffice:engagement_detail", args=[engagement.pk]),
        reverse("backoffice:engagement_edit", args=[engagement.pk]),
        reverse("backoffice:engagement_sign", args=[engagement.pk]),
        reverse("backoffice:engagement_amend", args=[engagement.pk]),
        reverse("backoffice:engagement_tranche_pay", args=[engagement.pk, tranche.pk]),
        reverse("backoffice:engagement_pdf", args=[engagement.pk]),
        reverse("backoffice:call_envelope", args=[dossier.call.pk]),
    ]


@pytest.mark.parametrize(
    "who", ["applicant", "other_team", "outsider", "other_fund_staff", "coach", "reviewer"]
)
def test_everyone_but_staff_gets_404(client, actors, dossier, who):
    engagement = _engagement(dossier, actors["staff"])
    client.force_login(actors[who])
    for url in _urls(engagement, dossier):
        assert client.get(url).status_code == 404, url
    response = client.post(
        reverse("backoffice:engagement_sign", args=[engagement.pk]),
        {"signer_name": "X", "signer_function": "Y", "confirm": "on"},
    )
    assert response.status_code == 404
    assert not engagement.signatures.exists()
    assert not AuditEvent.objects.filter(action__startswith="engagement.signed").exists()


def test_anonymous_is_sent_to_log_in(client, staff, dossier):
    engagement = _engagement(dossier, staff)
    response = client.get(reverse("backoffice:engagement_detail", args=[engagement.pk]))
    assert response.status_code == 302 and "login" in response["Location"]


def test_platform_admin_may_manage(client, platform_admin, dossier, staff):
    engagement = _engagement(dossier, staff)
    client.force_login(platform_admin)
    assert (
        client.get(reverse("backoffice:engagement_detail", args=[engagement.pk])).status_code == 200
    )
    assert engagement.status == EngagementStatus.DRAFT


def test_a_version_the_fund_signed_says_it_awaits_the_team(client, staff, dossier):
    engagement = _engagement(dossier, staff)
    engagement_sign(
        engagement=engagement,
        actor=staff,
        side=SignatureSide.FUND,
        signer_name="Sophie Équipe",
        signer_function="Directrice",
    )
    client.force_login(staff)
    waiting = "Signé par le fonds, en attente de l'équipe"
    for url in (
        reverse("backoffice:call_envelope", args=[dossier.call.pk]),
        reverse("backoffice:engagement_detail", args=[engagement.pk]),
        reverse("backoffice:application_detail", args=[dossier.pk]),
    ):
        html = client.get(url).content.decode().replace("&#x27;", "'")
        assert waiting in html, url
        assert "En préparation</strong>" not in html, url
