"""Editing a fund (its staff) and creating one (platform admins), and the home page."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from PIL import Image

from essaim.core.models import AuditEvent
from essaim.funds.models import Fund

from ..factories import CallFactory

pytestmark = pytest.mark.django_db


def png() -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (12, 12), "#1f4e79").save(buffer, "PNG")
    return SimpleUploadedFile("logo-mnt.png", buffer.getvalue(), content_type="image/png")


def fund_data(fund, **overrides):
    data = {
        "name": fund.name,
        "operator": "Fonds de dotation de la MNT",
        "tagline": "Des agents qui innovent",
        "description": "",
        "partners": "AMF, SNDGCT",
        "website": "https://www.fondsmnt.fr",
        "contact_email": "contact@fondsmnt.fr",
        "reference_prefix": "MNT",
        "accent_colour": "#A1325B",
    }
    data.update(overrides)
    return data


def test_staff_edit_their_fund_with_a_logo(client, staff, fund):
    client.force_login(staff)
    response = client.post(
        reverse("backoffice:fund_edit", args=[fund.pk]), {**fund_data(fund), "logo": png()}
    )
    assert response.status_code == 302
    fund.refresh_from_db()
    assert fund.partners == "AMF, SNDGCT"
    assert fund.accent_colour == "#a1325b"
    assert fund.logo.name.startswith("funds/logos/")
    event = AuditEvent.objects.for_object(fund).get()
    assert event.action == "fund.updated" and event.actor == staff
    assert "logo" in event.data["fields"]


def test_bad_colour_and_fake_image_are_explained_and_typed_values_kept(client, staff, fund):
    client.force_login(staff)
    fake = SimpleUploadedFile("logo.png", b"not an image", content_type="image/png")
    response = client.post(
        reverse("backoffice:fund_edit", args=[fund.pk]),
        {**fund_data(fund, accent_colour="vert", tagline="Gardée"), "logo": fake},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Saisissez une couleur au format #RRVVBB, par exemple #1f4e79." in page
    assert 'href="#id_logo"' in page
    assert 'value="Gardée"' in page
    assert "choisissez à nouveau le logo" in page
    fund.refresh_from_db()
    assert fund.tagline == ""


def test_platform_admin_creates_a_fund(client, platform_admin):
    client.force_login(platform_admin)
    response = client.post(
        reverse("backoffice:fund_create"),
        {
            "slug": "ditp",
            "name": "DITP — appel à défis",
            "operator": "Direction interministérielle de la transformation publique",
            "reference_prefix": "ditp",
            "accent_colour": "#000091",
            "is_published": "on",
        },
    )
    assert response.status_code == 302
    fund = Fund.objects.get(slug="ditp")
    assert fund.reference_prefix == "DITP"
    assert AuditEvent.objects.for_object(fund).get().actor == platform_admin


def test_staff_cannot_create_a_fund_by_posting(client, staff):
    client.force_login(staff)
    response = client.post(reverse("backoffice:fund_create"), {"slug": "x", "name": "X"})
    assert response.status_code == 403
    assert not Fund.objects.filter(slug="x").exists()


def test_home_counts_dossiers_per_state_in_constant_queries(client, staff, fund, make_submitted):
    client.force_login(staff)
    first = CallFactory(fund=fund)
    make_submitted(first)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(reverse("backoffice:home"))
        assert response.status_code == 200
        return len(ctx.captured_queries), response.content.decode()

    before, _page = count()
    for _ in range(5):
        make_submitted(CallFactory(fund=fund))
    after, page = count()
    assert before == after
    assert "Déposé : 1" in page
