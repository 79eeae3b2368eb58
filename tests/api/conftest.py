"""Data for the open-data tests: a funding call whose results are out, its laureates,
signed engagements, published and unpublished sheets, reuses."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from essaim.accompaniment.enums import EngagementStatus
from essaim.accompaniment.models import Tranche
from tests.factories import (
    ApplicationFactory,
    CallFactory,
    EngagementFactory,
    FundFactory,
    OrganisationFactory,
    laureate,
)

PESSAC_SIREN = "213303183"
PESSAC_SIRET = "21330318300015"  # checksum-valid SIRET built on Pessac's SIREN (tests only)
DITP_SIRET = "11000201100010"  # checksum-valid (tests only)


def api_json(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200, response.content
    return response.json()


def streamed(response) -> str:
    assert response.streaming
    return b"".join(response.streaming_content).decode("utf-8")


@pytest.fixture
def ditp(db):
    return FundFactory(slug="ditp", name="Appel à défis DITP", operator="DITP")


@pytest.fixture
def funding_call(ditp):
    return CallFactory(
        fund=ditp,
        funding=True,
        slug="2024-1",
        year=2024,
        edition=1,
        opens_at=timezone.now() - dt.timedelta(days=120),
        closes_at=timezone.now() - dt.timedelta(days=90),
        results_published_at=timezone.now() - dt.timedelta(days=10),
    )


@pytest.fixture
def pessac(db):
    return OrganisationFactory(
        name="Pessac", formal_name="Commune de Pessac", siren=PESSAC_SIREN,
        insee_code="33318", departement="33", region="75", population=66000,
    )  # fmt: skip


def make_laureate(call, organisation=None, **kwargs):
    application = ApplicationFactory(call=call, complete=True, **kwargs)
    if organisation is not None:
        application.organisation = organisation
        application.organisation_name = organisation.formal_name
        application.organisation_type = organisation.kind
        application.organisation_departement = organisation.departement
        application.save()
    return laureate(application)


def sign(application, amount="80000.00", tranches=(), **kwargs):
    engagement = EngagementFactory(
        application=application,
        status=EngagementStatus.SIGNED,
        granted_amount=Decimal(amount),
        signed_at=timezone.make_aware(dt.datetime(2024, 9, 12, 10, 0)),
        **kwargs,
    )
    for position, (planned_on, tranche_amount) in enumerate(tranches):
        Tranche.objects.create(
            engagement=engagement,
            position=position,
            planned_on=planned_on,
            amount=Decimal(tranche_amount),
        )
    return engagement


@pytest.fixture
def pessac_laureate(funding_call, pessac):
    application = make_laureate(funding_call, pessac, title="Accueil téléphonique repensé")
    sign(
        application,
        tranches=[(dt.date(2024, 10, 1), "40000"), (dt.date(2025, 4, 1), "40000")],
        summary="Repenser l'accueil téléphonique avec les agents.",
    )
    return application
