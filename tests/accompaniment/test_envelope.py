"""The call's envelope: granted amounts within min/max per project, never beyond the
envelope, tranches adding up to the granted amount — all in Decimal, at the boundaries."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from essaim.accompaniment.enums import EngagementStatus, SignatureSide
from essaim.accompaniment.selectors.engagements import call_envelope, committed_amount
from essaim.accompaniment.services.engagements import (
    engagement_amend,
    engagement_create,
    engagement_sign,
    engagement_update,
    tranche_record_payment,
)

from ..factories import ApplicationFactory, CallFactory, laureate

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


@pytest.fixture
def funding_call(fund):
    # min 30 000, max 120 000, envelope 150 000
    return CallFactory(fund=fund, funding=True, envelope=Decimal("150000"))


def _laureate(call):
    return laureate(ApplicationFactory(call=call, complete=True))


def _create(application, staff, amount, tranches=None):
    amount = Decimal(amount)
    return engagement_create(
        application=application,
        actor=staff,
        data={**TERMS, "granted_amount": amount},
        indicators=INDICATORS,
        tranches=tranches
        if tranches is not None
        else [{"planned_on": dt.date(2026, 4, 1), "amount": amount, "condition": "À la signature"}],
    )


def _errors(excinfo) -> dict:
    return {k: [m for e in v for m in e.messages] for k, v in excinfo.value.error_dict.items()}


def test_min_and_max_per_project_are_inclusive(funding_call, staff):
    assert _create(_laureate(funding_call), staff, "30000").granted_amount == Decimal("30000")
    assert _create(_laureate(funding_call), staff, "120000").granted_amount == Decimal("120000")


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        ("29999.99", "Le montant accordé doit être d'au moins 30\u202f000\u00a0€"),
        ("120000.01", "Le montant accordé ne peut pas dépasser 120\u202f000\u00a0€"),
    ],
)
def test_amount_outside_min_max_is_refused_beside_the_field(funding_call, staff, amount, message):
    with pytest.raises(ValidationError) as excinfo:
        _create(_laureate(funding_call), staff, amount)
    assert message in _errors(excinfo)["granted_amount"][0]


def test_exactly_the_envelope_is_accepted(funding_call, staff):
    _create(_laureate(funding_call), staff, "100000")
    _create(_laureate(funding_call), staff, "50000")  # 150 000: exactly the envelope
    envelope = call_envelope(funding_call)
    assert envelope.committed == Decimal("150000")
    assert envelope.remaining == Decimal("0")
    assert not envelope.is_over


def test_one_euro_over_the_envelope_is_refused(funding_call, staff):
    _create(_laureate(funding_call), staff, "100000")
    application = _laureate(funding_call)
    with pytest.raises(ValidationError) as excinfo:
        _create(application, staff, "50001")
    message = _errors(excinfo)["granted_amount"][0]
    assert "L'enveloppe de l'appel serait dépassée de 1\u00a0€" in message
    assert "il reste 50\u202f000\u00a0€" in message
    assert not application.engagements.exists()


def test_cents_count_and_no_float_creeps_in(funding_call, staff):
    _create(_laureate(funding_call), staff, "100000.10")
    _create(_laureate(funding_call), staff, "49999.90")
    assert committed_amount(funding_call) == Decimal("150000.00")
    with pytest.raises(ValidationError):
        _create(_laureate(funding_call), staff, "30000")


def test_editing_excludes_its_own_amount(funding_call, staff):
    engagement = _create(_laureate(funding_call), staff, "100000")
    _create(_laureate(funding_call), staff, "30000")
    # 100 000 + 30 000 committed; raising the first to 120 000 makes exactly 150 000
    engagement_update(
        engagement=engagement,
        actor=staff,
        data={**TERMS, "granted_amount": Decimal("120000")},
        indicators=INDICATORS,
        tranches=[
            {"planned_on": dt.date(2026, 4, 1), "amount": Decimal("120000"), "condition": ""}
        ],
    )
    assert call_envelope(funding_call).remaining == Decimal("0")


def test_other_calls_do_not_count(funding_call, fund, staff):
    other = CallFactory(fund=fund, funding=True, envelope=Decimal("150000"))
    _create(_laureate(other), staff, "120000")
    assert committed_amount(funding_call) == Decimal("0")
    _create(_laureate(funding_call), staff, "120000")


def test_tranches_must_sum_to_the_granted_amount(funding_call, staff):
    with pytest.raises(ValidationError) as excinfo:
        _create(
            _laureate(funding_call),
            staff,
            "60000",
            tranches=[
                {"planned_on": dt.date(2026, 4, 1), "amount": Decimal("30000"), "condition": ""},
                {"planned_on": dt.date(2026, 9, 1), "amount": Decimal("29999"), "condition": ""},
            ],
        )
    message = _errors(excinfo)["tranches"][0]
    assert "59\u202f999\u00a0€" in message and "60\u202f000\u00a0€" in message
    assert "écart : 1\u00a0€" in message


def test_no_envelope_means_no_envelope_check(fund, staff):
    call = CallFactory(fund=fund, funding=True, envelope=None)
    _create(_laureate(call), staff, "120000")
    envelope = call_envelope(call)
    assert envelope.total is None and envelope.remaining is None
    assert envelope.committed == Decimal("120000")


def _sign_both(engagement, staff, member):
    engagement_sign(
        engagement=engagement,
        actor=staff,
        side=SignatureSide.FUND,
        signer_name="Sophie",
        signer_function="Directrice",
    )
    return engagement_sign(
        engagement=engagement,
        actor=member,
        side=SignatureSide.TEAM,
        signer_name="Alice",
        signer_function="Cheffe de projet",
    )


def test_paid_counts_paid_tranches_of_the_version_in_force(funding_call, staff):
    application = _laureate(funding_call)
    engagement = _create(
        application,
        staff,
        "60000",
        tranches=[
            {"planned_on": dt.date(2026, 4, 1), "amount": Decimal("20000"), "condition": ""},
            {"planned_on": dt.date(2026, 9, 1), "amount": Decimal("40000"), "condition": ""},
        ],
    )
    _sign_both(engagement, staff, application.created_by)
    first = engagement.tranches.order_by("position").first()
    tranche_record_payment(
        tranche=first, actor=staff, paid_on=dt.date(2026, 4, 2), paid_amount=Decimal("20000")
    )
    envelope = call_envelope(funding_call)
    assert (envelope.total, envelope.committed, envelope.paid, envelope.remaining) == (
        Decimal("150000"),
        Decimal("60000"),
        Decimal("20000"),
        Decimal("90000"),
    )
    # an amendment copies the payments and replaces the signed amount in the count
    amendment = engagement_amend(engagement=engagement, actor=staff, reason="Extension")
    engagement_update(
        engagement=amendment,
        actor=staff,
        data={**TERMS, "granted_amount": Decimal("80000")},
        indicators=INDICATORS,
        tranches=[
            {"id": t.pk, "planned_on": t.planned_on, "amount": t.amount, "condition": ""}
            for t in amendment.tranches.order_by("position")
        ]
        + [{"planned_on": dt.date(2026, 11, 1), "amount": Decimal("20000"), "condition": ""}],
    )
    envelope = call_envelope(funding_call)
    assert envelope.committed == Decimal("80000")
    assert envelope.paid == Decimal("20000")  # still the signed version's
    _sign_both(amendment, staff, application.created_by)
    engagement.refresh_from_db()
    assert engagement.status == EngagementStatus.SUPERSEDED
    envelope = call_envelope(funding_call)
    assert (envelope.committed, envelope.paid) == (Decimal("80000"), Decimal("20000"))
    assert [line.engagement.pk for line in envelope.lines] == [amendment.pk]


def test_envelope_reads_in_two_queries(funding_call, staff, django_assert_num_queries):
    for _ in range(3):
        _create(_laureate(funding_call), staff, "30000")
    with django_assert_num_queries(1):
        envelope = call_envelope(funding_call)
    assert len(envelope.lines) == 3


def test_accompaniment_call_takes_no_money(call, staff):
    application = laureate(ApplicationFactory(call=call, complete=True))
    with pytest.raises(ValidationError) as excinfo:
        engagement_create(
            application=application,
            actor=staff,
            data={**TERMS, "granted_amount": Decimal("1000")},
            indicators=INDICATORS,
            tranches=[],
        )
    assert "n'apporte pas de financement" in _errors(excinfo)["granted_amount"][0]
    engagement = engagement_create(
        application=application, actor=staff, data=TERMS, indicators=INDICATORS, tranches=[]
    )
    assert engagement.granted_amount is None


def _signed_and_paid(call, staff, amount="60000", paid="20000"):
    application = _laureate(call)
    engagement = _create(
        application,
        staff,
        amount,
        tranches=[
            {"planned_on": dt.date(2026, 4, 1), "amount": Decimal(paid), "condition": ""},
            {
                "planned_on": dt.date(2026, 9, 1),
                "amount": Decimal(amount) - Decimal(paid),
                "condition": "",
            },
        ],
    )
    _sign_both(engagement, staff, application.created_by)
    tranche_record_payment(
        tranche=engagement.tranches.order_by("position").first(),
        actor=staff,
        paid_on=dt.date(2026, 4, 2),
        paid_amount=Decimal(paid),
    )
    return engagement


def _amend_to(engagement, staff, amount, amounts):
    amendment = engagement_amend(engagement=engagement, actor=staff, reason="Révision")
    rows = list(amendment.tranches.order_by("position"))
    engagement_update(
        engagement=amendment,
        actor=staff,
        data={**TERMS, "granted_amount": Decimal(amount)},
        indicators=INDICATORS,
        tranches=[
            {"id": t.pk, "planned_on": t.planned_on, "amount": Decimal(a), "condition": ""}
            for t, a in zip(rows, amounts, strict=True)
        ],
    )
    return amendment


def test_an_amendment_lowering_the_amount_frees_nothing_until_it_is_signed(funding_call, staff):
    engagement = _signed_and_paid(funding_call, staff)
    amendment = _amend_to(engagement, staff, "40000", ["20000", "20000"])
    envelope = call_envelope(funding_call)
    # the signed 60 000 still binds the fund: another laureate cannot take the 20 000
    assert envelope.committed == committed_amount(funding_call) == Decimal("60000")
    with pytest.raises(ValidationError) as excinfo:
        _create(_laureate(funding_call), staff, "100000")
    assert "L'enveloppe de l'appel serait dépassée" in _errors(excinfo)["granted_amount"][0]
    _sign_both(amendment, staff, engagement.application.created_by)
    assert call_envelope(funding_call).committed == Decimal("40000")


def test_an_amendment_cannot_take_a_paid_tranche_below_what_was_paid(funding_call, staff):
    engagement = _signed_and_paid(funding_call, staff)
    with pytest.raises(ValidationError) as excinfo:
        _amend_to(engagement, staff, "40000", ["10000", "30000"])
    assert _errors(excinfo)["tranches"] == [
        "La tranche 1 a déjà été versée à hauteur de 20\u202f000\u00a0€\u00a0: son montant "
        "ne peut pas être inférieur."
    ]


def test_the_envelope_cannot_go_below_what_is_committed(funding_call, staff):
    from essaim.funds.services import call_update

    _create(_laureate(funding_call), staff, "100000")
    _create(_laureate(funding_call), staff, "30000")
    funding_call.refresh_from_db()
    children = {
        "themes": [
            {"id": t.pk, "title": t.title, "position": t.position}
            for t in funding_call.themes.all()
        ],
        "stages": [
            {"id": s.pk, "kind": s.kind, "position": s.position} for s in funding_call.stages.all()
        ],
    }
    with pytest.raises(ValidationError) as excinfo:
        call_update(
            call=funding_call, actor=staff, data={"envelope": Decimal("129999.99")}, **children
        )
    assert _errors(excinfo)["envelope"] == [
        "Les engagements des lauréats engagent déjà 130\u202f000\u00a0€\u00a0: l'enveloppe ne "
        "peut pas être inférieure."
    ]
    funding_call.refresh_from_db()
    assert funding_call.envelope == Decimal("150000")
    call_update(call=funding_call, actor=staff, data={"envelope": Decimal("130000")}, **children)
    funding_call.refresh_from_db()
    assert funding_call.envelope == Decimal("130000")


def test_a_payment_cannot_be_dated_in_the_future(funding_call, staff):
    from django.utils import timezone

    engagement = _signed_and_paid(funding_call, staff)
    second = engagement.tranches.order_by("position").last()
    with pytest.raises(ValidationError) as excinfo:
        tranche_record_payment(
            tranche=second,
            actor=staff,
            paid_on=timezone.localdate() + dt.timedelta(days=1),
            paid_amount=Decimal("1000"),
        )
    assert _errors(excinfo) == {
        "paid_on": ["Un versement ne peut pas être daté d'un jour à venir."]
    }
