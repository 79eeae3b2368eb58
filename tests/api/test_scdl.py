"""The granted amounts in the SCDL « subventions » 2.1.1 format, checked against the
schema's rules (tests/api/scdl_rules.py)."""

import csv
import datetime as dt
import io

import pytest

from essaim.catalogue import scdl
from tests.factories import CallFactory, OrganisationFactory

from . import scdl_rules
from .conftest import DITP_SIRET, PESSAC_SIRET, make_laureate, sign, streamed

pytestmark = pytest.mark.django_db

SIRETS = {
    "ESSAIM_SCDL_ATTRIBUANT_SIRETS": {"ditp": DITP_SIRET},
    "ESSAIM_SCDL_BENEFICIAIRE_SIRETS": {"213303183": PESSAC_SIRET},
}


def rows(text: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


@pytest.fixture
def sirets(settings):
    for name, value in SIRETS.items():
        setattr(settings, name, value)


def test_columns_are_the_schemas():
    assert scdl.COLUMNS == scdl_rules.COLUMNS


def test_subventions_file_is_valid(client, sirets, pessac_laureate, funding_call, pessac):
    # a laureate whose body has no known SIRET is left out
    other = OrganisationFactory(name="Talence", formal_name="Commune de Talence",
                                siren="213305220", insee_code="33522")  # fmt: skip
    sign(make_laureate(funding_call, other))
    response = client.get("/api/v1/exports/subventions.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    text = streamed(response)
    assert scdl_rules.file_errors(text) == []
    assert len(rows(text)) == 1  # Talence has no known SIRET: left out
    row = rows(text)[0]
    assert row == {
        "nomAttribuant": "DITP",
        "idAttribuant": DITP_SIRET,
        "dateConvention": "2024-09-12",
        "referenceDecision": pessac_laureate.reference,
        "nomBeneficiaire": "Commune de Pessac",
        "idBeneficiaire": PESSAC_SIRET,
        "rnaBeneficiaire": "",
        "objet": "Repenser l'accueil téléphonique avec les agents.",
        "montant": "80000.00",
        "nature": "aide en numéraire",
        "conditionsVersement": "échelonné",
        "datesPeriodeVersement": "2024-10-01/2025-04-01",
        "idRAE": "",
        "notificationUE": "non",
        "pourcentageSubvention": "1.00",
        "dispositifAide": "",
    }


def test_single_payment_and_long_object(client, settings, sirets, funding_call):
    other = OrganisationFactory(name="Talence", formal_name="Commune de Talence",
                                siren="213305220", insee_code="33522")  # fmt: skip
    settings.ESSAIM_SCDL_BENEFICIAIRE_SIRETS = {"213305220": "21330522000013"}
    sign(make_laureate(funding_call, other), amount="45000.5",
         tranches=[(dt.date(2024, 11, 5), "45000.5")], summary="Objet très long. " * 30)  # fmt: skip
    text = streamed(client.get("/api/v1/exports/subventions.csv"))
    assert scdl_rules.file_errors(text) == []
    row = rows(text)[0]
    assert row["conditionsVersement"] == "unique"
    assert row["datesPeriodeVersement"] == "2024-11-05"
    assert row["montant"] == "45000.50"
    assert len(row["objet"]) <= 256


def test_without_sirets_nothing_is_published_and_the_reason_is_counted(pessac_laureate, settings):
    settings.ESSAIM_SCDL_ATTRIBUANT_SIRETS = {}
    assert scdl.export().skipped == {scdl.MISSING_ATTRIBUANT: 1}
    settings.ESSAIM_SCDL_ATTRIBUANT_SIRETS = {"ditp": DITP_SIRET}
    settings.ESSAIM_SCDL_BENEFICIAIRE_SIRETS = {}
    assert scdl.export().skipped == {scdl.MISSING_BENEFICIAIRE: 1}


def test_a_siret_of_another_body_or_with_a_bad_checksum_is_refused(pessac_laureate, settings):
    settings.ESSAIM_SCDL_ATTRIBUANT_SIRETS = {"ditp": DITP_SIRET}
    settings.ESSAIM_SCDL_BENEFICIAIRE_SIRETS = {"213303183": "24330031600011"}  # Bordeaux M.
    assert scdl.export().rows == []
    settings.ESSAIM_SCDL_BENEFICIAIRE_SIRETS = {"213303183": "21330318300014"}  # bad key
    assert scdl.export().rows == []


def test_unannounced_or_accompaniment_grants_are_not_published(
    client, sirets, pessac_laureate, funding_call, pessac
):
    accompaniment = CallFactory(results_published_at=funding_call.results_published_at)
    sign(make_laureate(accompaniment, pessac))
    assert len(scdl.export().rows) == 1
    funding_call.results_published_at = None
    funding_call.save()
    assert scdl.export().rows == []


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("idAttribuant", "1234"),
        ("idAttribuant", "11000201100011"),  # checksum
        ("dateConvention", "12/09/2024"),
        ("dateConvention", "2024-02-30"),
        ("montant", "80 000,00"),
        ("nature", "subvention"),
        ("conditionsVersement", "x" * 257),
        ("datesPeriodeVersement", "2024-10-01 - 2025-04-01"),
        ("notificationUE", "false"),
        ("pourcentageSubvention", "100"),
        ("pourcentageSubvention", "0"),
        ("rnaBeneficiaire", "123456789"),
        ("idRAE", "123456"),
        ("objet", ""),
    ],
)
def test_the_validator_rejects_each_broken_rule(field, value):
    """The rules themselves are tested, so that a passing file means something."""
    good = {
        "nomAttribuant": "DITP", "idAttribuant": DITP_SIRET, "dateConvention": "2024-09-12",
        "referenceDecision": "", "nomBeneficiaire": "Commune de Pessac",
        "idBeneficiaire": PESSAC_SIRET, "rnaBeneficiaire": "", "objet": "Accueil",
        "montant": "80000.00", "nature": "aide en numéraire", "conditionsVersement": "unique",
        "datesPeriodeVersement": "2024-10-01", "idRAE": "", "notificationUE": "non",
        "pourcentageSubvention": "1.00", "dispositifAide": "",
    }  # fmt: skip
    assert scdl_rules.row_errors(good) == []
    assert scdl_rules.row_errors({**good, field: value}) != []


def test_one_of_idbeneficiaire_or_rna_is_required():
    row = {c: "" for c in scdl_rules.COLUMNS}
    assert "idBeneficiaire ou rnaBeneficiaire obligatoire" in scdl_rules.row_errors(row)
    assert "idBeneficiaire ou rnaBeneficiaire obligatoire" not in scdl_rules.row_errors(
        {**row, "rnaBeneficiaire": "W380475558"}
    )


def test_header_order_and_bom_are_checked():
    assert scdl_rules.file_errors(",".join(reversed(scdl_rules.COLUMNS)) + "\r\n")
    assert scdl_rules.file_errors("\ufeff" + ",".join(scdl_rules.COLUMNS) + "\r\n")
    assert scdl_rules.file_errors(",".join(scdl_rules.COLUMNS) + "\r\n") == []


def test_open_data_page_says_how_many_grants_are_omitted(client, pessac_laureate, settings):
    settings.ESSAIM_SCDL_ATTRIBUANT_SIRETS = {}
    assert "1 subvention est omise pour cette raison." in client.get("/api/v1/").content.decode()
