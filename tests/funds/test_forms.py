"""The back-office forms of funds and calls: French input, Paris time, files checked."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from essaim.funds.forms import CallForm, DeadlineExtensionForm, EuroField, FundForm
from essaim.funds.models import Call

from ..factories import FundFactory

pytestmark = pytest.mark.django_db


def test_euro_field_reads_french_amounts():
    field = EuroField(required=False)
    assert field.clean("30 000") == Decimal("30000")
    assert field.clean("1\u202f250,50 €") == Decimal("1250.50")
    assert field.prepare_value(Decimal("120000.00")) == "120000"
    assert field.prepare_value(Decimal("1250.50")) == "1250,50"


def test_call_form_reads_times_in_paris(fund):
    form = CallForm(
        {
            "title": "A",
            "slug": "a",
            "year": "2024",
            "edition": "1",
            "summary": "S",
            "opens_at": "2024-01-15T09:00",
            "closes_at": "2024-06-30T23:59",
            "support_kind": "accompaniment",
        },
        instance=Call(fund=fund),
    )
    assert form.is_valid(), form.errors
    assert form.cleaned_data["opens_at"] == dt.datetime(2024, 1, 15, 8, 0, tzinfo=dt.UTC)
    assert form.cleaned_data["closes_at"] == dt.datetime(2024, 6, 30, 21, 59, tzinfo=dt.UTC)


def test_call_form_does_not_change_the_instance_it_edits(call):
    title = call.title
    form = CallForm({"title": "Autre"}, instance=call)
    form.is_valid()
    assert call.title == title


def _png(size=(8, 8)) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, "#1f4e79").save(buffer, "PNG")
    return SimpleUploadedFile("logo.png", buffer.getvalue(), content_type="image/png")


def fund_post(fund, **overrides):
    data = {
        "name": fund.name,
        "operator": fund.operator,
        "reference_prefix": fund.reference_prefix,
        "accent_colour": "#1f4e79",
    }
    data.update(overrides)
    return data


def test_fund_form_explains_a_bad_colour_in_french(fund):
    form = FundForm(fund_post(fund, accent_colour="rouge"), instance=fund)
    assert not form.is_valid()
    assert form.errors["accent_colour"] == [
        "Saisissez une couleur au format #RRVVBB, par exemple #1f4e79."
    ]


def test_fund_form_accepts_an_image_logo(fund):
    form = FundForm(fund_post(fund), {"logo": _png()}, instance=fund)
    assert form.is_valid(), form.errors
    assert form.service_data()["logo"].name == "logo.png"


def test_fund_form_refuses_a_file_that_is_not_an_image(fund):
    fake = SimpleUploadedFile("logo.png", b"<svg onload=alert(1)>", content_type="image/png")
    form = FundForm(fund_post(fund), {"logo": fake}, instance=fund)
    assert not form.is_valid()
    assert "logo" in form.errors


def test_fund_form_refuses_a_prefix_used_by_another_fund(fund):
    other = FundFactory(reference_prefix="DITP")
    form = FundForm(fund_post(fund, reference_prefix="ditp"), instance=fund)
    assert not form.is_valid()
    assert "Un autre fonds utilise déjà ce préfixe" in form.errors["reference_prefix"][0]
    assert other.reference_prefix == "DITP"


def test_extension_form_refuses_an_earlier_time_in_french(call):
    earlier = (call.closes_at - dt.timedelta(hours=1)).astimezone(
        dt.timezone(dt.timedelta(hours=2))
    )
    form = DeadlineExtensionForm(
        {"new_closes_at": earlier.strftime("%Y-%m-%dT%H:%M"), "reason": "x"}, call=call
    )
    assert not form.is_valid()
    assert form.errors["new_closes_at"][0].startswith(
        "La nouvelle clôture doit être postérieure à la clôture actuelle"
    )
