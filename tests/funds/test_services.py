"""The rules of funds and calls, as their services enforce them whatever the way in."""

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from essaim.core.models import AuditEvent
from essaim.funds import services
from essaim.funds.enums import StageKind, SupportKind
from essaim.funds.models import Call

from ..factories import ApplicationFactory, CallFactory, FundFactory

pytestmark = pytest.mark.django_db
PARIS = ZoneInfo("Europe/Paris")


def call_values(**overrides):
    values = {
        "title": "Appel à défis",
        "slug": "defis-2025",
        "year": 2025,
        "edition": 1,
        "summary": "Des défis.",
        "opens_at": dt.datetime(2025, 3, 1, 9, 0),
        "closes_at": dt.datetime(2025, 4, 15, 23, 59),
        "support_kind": SupportKind.ACCOMPANIMENT,
        "is_published": True,
    }
    values.update(overrides)
    return values


THEMES = [{"title": "Parcours usager", "description": "", "position": 0}]


def test_call_create_saves_children_and_audits(fund, staff):
    call = services.call_create(
        fund=fund,
        actor=staff,
        data=call_values(allowed_organisation_types=["sdis", "inconnu", "commune"]),
        themes=THEMES,
        stages=[{"kind": StageKind.JURY, "title": "", "position": 0}],
    )
    assert call.opens_at == dt.datetime(2025, 3, 1, 9, 0, tzinfo=PARIS)  # naive = Paris
    assert call.allowed_organisation_types == ["commune", "sdis"]
    assert call.themes.get().title == "Parcours usager"
    assert call.stages.get().kind == StageKind.JURY
    assert AuditEvent.objects.for_object(call).get().action == "call.created"


@pytest.mark.parametrize(
    ("amounts", "errors"),
    [
        ({}, {"min_amount", "max_amount", "envelope"}),
        (
            {"min_amount": Decimal(5), "max_amount": Decimal(1), "envelope": Decimal(9)},
            {"min_amount"},
        ),
        (
            {"min_amount": Decimal(1), "max_amount": Decimal(10), "envelope": Decimal(9)},
            {"max_amount"},
        ),
    ],
)
def test_funding_call_amounts_are_required_and_ordered(fund, staff, amounts, errors):
    with pytest.raises(ValidationError) as exc:
        services.call_create(
            fund=fund,
            actor=staff,
            data=call_values(support_kind=SupportKind.FUNDING, **amounts),
            themes=THEMES,
            stages=[],
        )
    assert set(exc.value.message_dict) == errors
    assert not Call.objects.exists()


def test_equal_amounts_are_allowed(fund, staff):
    call = services.call_create(
        fund=fund,
        actor=staff,
        data=call_values(
            support_kind=SupportKind.FUNDING,
            min_amount=Decimal(100),
            max_amount=Decimal(100),
            envelope=Decimal(100),
        ),
        themes=THEMES,
        stages=[],
    )
    assert call.envelope == Decimal(100)


def test_accompaniment_call_forgets_amounts(fund, staff):
    call = services.call_create(
        fund=fund,
        actor=staff,
        data=call_values(min_amount=Decimal(10), max_amount=Decimal(1)),
        themes=THEMES,
        stages=[],
    )
    assert (call.min_amount, call.max_amount, call.envelope) == (None, None, None)


def test_published_call_needs_a_theme(fund, staff):
    with pytest.raises(ValidationError) as exc:
        services.call_create(fund=fund, actor=staff, data=call_values(), themes=[], stages=[])
    assert "themes" in exc.value.message_dict
    draft = services.call_create(
        fund=fund, actor=staff, data=call_values(is_published=False), themes=[], stages=[]
    )
    assert draft.pk


def test_call_update_swaps_stage_kinds(call, staff):
    call.is_published = False
    call.save()
    first, second = list(call.stages.all())[:2]
    rows = [
        {"id": s.pk, "kind": s.kind, "title": s.title, "position": s.position}
        for s in call.stages.all()
    ]
    rows[0]["kind"], rows[1]["kind"] = second.kind, first.kind
    services.call_update(
        call=call,
        actor=staff,
        data={},
        themes=[{"id": t.pk, "title": t.title, "position": t.position} for t in call.themes.all()],
        stages=rows,
    )
    first.refresh_from_db()
    assert first.kind == rows[0]["kind"]


def test_call_update_without_change_writes_no_audit_row(call, staff):
    services.call_update(
        call=call,
        actor=staff,
        data={"title": call.title},
        themes=[{"id": t.pk, "title": t.title, "position": t.position} for t in call.themes.all()],
        stages=[{"id": s.pk, "kind": s.kind, "position": s.position} for s in call.stages.all()],
    )
    assert not AuditEvent.objects.for_object(call).exists()


def test_open_call_calendar_changes_only_by_extension(call, staff):
    with pytest.raises(ValidationError) as exc:
        services.call_update(
            call=call,
            actor=staff,
            data={"closes_at": call.closes_at - dt.timedelta(days=1)},
            themes=[],
            stages=[],
        )
    assert "closes_at" in exc.value.message_dict


def test_theme_used_by_a_dossier_is_kept(call, staff):
    theme = call.themes.first()
    ApplicationFactory(call=call, theme=theme)
    call.is_published = False
    call.save()
    with pytest.raises(ValidationError) as exc:
        services.call_update(call=call, actor=staff, data={}, themes=[], stages=[])
    assert "themes" in exc.value.message_dict
    assert call.themes.filter(pk=theme.pk).exists()


def test_same_slug_or_edition_in_a_fund_is_refused(call, staff):
    with pytest.raises(ValidationError) as exc:
        services.call_create(
            fund=call.fund,
            actor=staff,
            data=call_values(slug=call.slug, year=call.year, edition=call.edition),
            themes=THEMES,
            stages=[],
        )
    assert {"slug", "edition"} <= set(exc.value.message_dict)
    other = services.call_create(
        fund=FundFactory(),
        actor=staff,
        data=call_values(slug=call.slug, year=call.year, edition=call.edition),
        themes=THEMES,
        stages=[],
    )
    assert other.pk


# --- deadline extension -----------------------------------------------------------------------


def test_extension_moves_the_deadline_and_records_old_new_and_reason(call, staff):
    old = call.closes_at
    new = old + dt.timedelta(days=3)
    services.call_extend_deadline(call=call, actor=staff, new_closes_at=new, reason=" Panne ")
    call.refresh_from_db()
    assert call.closes_at == new
    event = AuditEvent.objects.for_object(call).get()
    assert event.action == "call.deadline_extended"
    assert event.actor == staff
    assert (event.from_value, event.to_value) == (old.isoformat(), new.isoformat())
    assert event.reason == "Panne"


@pytest.mark.parametrize("delta", [dt.timedelta(0), dt.timedelta(minutes=-1)])
def test_extension_refuses_an_earlier_or_equal_time(call, staff, delta):
    old = call.closes_at
    with pytest.raises(ValidationError) as exc:
        services.call_extend_deadline(
            call=call, actor=staff, new_closes_at=old + delta, reason="Oups"
        )
    assert "postérieure à la clôture actuelle" in exc.value.message_dict["new_closes_at"][0]
    call.refresh_from_db()
    assert call.closes_at == old
    assert not AuditEvent.objects.exists()


def test_extension_needs_a_reason(call, staff):
    with pytest.raises(ValidationError) as exc:
        services.call_extend_deadline(
            call=call, actor=staff, new_closes_at=call.closes_at + dt.timedelta(days=1), reason=""
        )
    assert "reason" in exc.value.message_dict


def test_extension_takes_a_naive_time_as_paris_time(staff, fund):
    call = CallFactory(
        fund=fund,
        opens_at=dt.datetime(2024, 5, 1, tzinfo=dt.UTC),
        closes_at=dt.datetime(2024, 6, 30, 21, 59, tzinfo=dt.UTC),
    )
    services.call_extend_deadline(
        call=call, actor=staff, new_closes_at=dt.datetime(2024, 7, 7, 23, 59), reason="Été"
    )
    call.refresh_from_db()
    assert call.closes_at == dt.datetime(2024, 7, 7, 21, 59, tzinfo=dt.UTC)


# --- funds ----------------------------------------------------------------------------------


def test_fund_update_records_the_changed_fields(fund, staff):
    services.fund_update(
        fund=fund,
        actor=staff,
        data={"name": "Fonds MNT", "tagline": "Innover ensemble", "accent_colour": "#AA0000"},
    )
    fund.refresh_from_db()
    assert (fund.tagline, fund.accent_colour) == ("Innover ensemble", "#aa0000")
    event = AuditEvent.objects.for_object(fund).get()
    assert event.action == "fund.updated"
    assert event.data == {"fields": ["tagline", "accent_colour"]}


def test_fund_update_refuses_a_bad_colour(fund, staff):
    with pytest.raises(ValidationError) as exc:
        services.fund_update(fund=fund, actor=staff, data={"accent_colour": "bleu"})
    assert exc.value.message_dict["accent_colour"] == [
        "Saisissez une couleur au format #RRVVBB, par exemple #1f4e79."
    ]


def test_fund_create_audits(staff):
    fund = services.fund_create(
        actor=staff,
        data={
            "slug": "ditp",
            "name": "DITP — appel à défis",
            "operator": "Direction interministérielle de la transformation publique",
            "reference_prefix": "ditp",
            "accent_colour": "#000091",
        },
    )
    assert fund.reference_prefix == "DITP"
    assert AuditEvent.objects.for_object(fund).get().action == "fund.created"
    assert timezone.now() - fund.created_at < dt.timedelta(minutes=1)
