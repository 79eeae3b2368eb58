"""Actors and objects of the innovation-sheet tests: a laureate dossier of the "mnt" fund
(its results announced), its team, the fund's staff, and the people who must not see a
draft sheet."""

import pytest
from django.utils import timezone

from essaim.catalogue.services import sheets

from ..factories import (
    ApplicationFactory,
    CallMembershipFactory,
    FundMembershipFactory,
    OrganisationFactory,
    UserFactory,
    laureate,
)

PNG_BYTES = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00"
    b"\x00\x00\x00IEND\xaeB`\x82"
)
PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def upload(name: str, content: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content)


@pytest.fixture
def pessac(db):
    return OrganisationFactory(name="Pessac", formal_name="Commune de Pessac", departement="33")


@pytest.fixture
def laureate_dossier(call, applicant, pessac):
    """A laureate of the "mnt" call whose results are published (the team may know it)."""
    application = ApplicationFactory(
        call=call,
        created_by=applicant,
        complete=True,
        title="Un accueil téléphonique qui répond",
        organisation=pessac,
    )
    laureate(application)
    call.results_published_at = timezone.now()
    call.save(update_fields=["results_published_at"])
    return application


@pytest.fixture
def sheet(laureate_dossier, staff):
    return sheets.sheet_create_from_application(
        application=laureate_dossier, actor=staff, topic="reception"
    )


@pytest.fixture
def other_team_member(call):
    """The owner of another laureate dossier of the same call."""
    other = laureate(ApplicationFactory(call=call, complete=True, title="Un autre projet"))
    return other.created_by


@pytest.fixture
def call_reviewer(call):
    user = UserFactory(email="relectrice@expertise.fr")
    CallMembershipFactory(call=call, user=user, role="reviewer")
    return user


@pytest.fixture
def other_staff(db):
    return FundMembershipFactory(user=UserFactory(email="staff@autre-fonds.fr")).user


# the fixtures, for `from ..catalogue.sheet_world import *` in the test modules
__all__ = [
    "call_reviewer",
    "laureate_dossier",
    "other_staff",
    "other_team_member",
    "pessac",
    "sheet",
]
