"""The counts behind a call's statistics: which dossiers each scope counts, the breakdowns by
type, size band, région (from the département) and département, the "non renseigné" rows
of dossiers without a referential body, and the CSV."""

from decimal import Decimal

import pytest

from essaim.applications.enums import ApplicationState as S
from essaim.applications.statistics import Scope, call_statistics, statistics_csv

from ..factories import ApplicationFactory, CallFactory, OrganisationFactory, submitted

pytestmark = pytest.mark.django_db


def _dossier(call, state, *, organisation=None, type="", departement=""):
    application = ApplicationFactory(
        call=call,
        organisation=organisation,
        organisation_type=type,
        organisation_departement=departement,
    )
    if state != S.DRAFT:
        submitted(application, state=state)
    return application


@pytest.fixture
def dossiers(call):
    small = OrganisationFactory(name="Petiteville", departement="33", region="75", population=500)
    large = OrganisationFactory(name="Grandeville", departement="35", region="53", population=60000)
    sdis = OrganisationFactory(
        kind="sdis", name="SDIS du Calvados", departement="14", region="28", population=None
    )
    _dossier(call, S.SUBMITTED, organisation=small, type="commune", departement="33")
    _dossier(call, S.ELIGIBLE, organisation=small, type="commune", departement="33")
    _dossier(call, S.LAUREATE, organisation=large, type="commune", departement="35")
    _dossier(call, S.IN_ACCOMPANIMENT, organisation=sdis, type="sdis", departement="14")
    # recorded before the referential: type and département typed, no body
    _dossier(call, S.SUBMITTED, type="epci", departement="69")
    # nothing recorded at all
    _dossier(call, S.WITHDRAWN)
    # a draft, counted only when asked
    _dossier(call, S.DRAFT, organisation=large, type="commune", departement="35")
    # another call's dossier never counts
    _dossier(
        CallFactory(fund=call.fund, slug="2025-1", year=2025, edition=1),
        S.SUBMITTED,
        organisation=large,
        type="commune",
    )


def _table(breakdown) -> dict[str, int]:
    return {row.key: row.count for row in breakdown.rows}


def test_submitted_dossiers_are_counted_by_default_without_drafts(call, dossiers):
    statistics = call_statistics(call)

    assert statistics.scope == Scope.SUBMITTED
    assert statistics.total == 6
    assert _table(statistics.by_state) == {
        S.SUBMITTED: 2,
        S.ELIGIBLE: 1,
        S.LAUREATE: 1,
        S.IN_ACCOMPANIMENT: 1,
        S.WITHDRAWN: 1,
    }
    assert [row.key for row in statistics.by_state.rows] == [
        S.SUBMITTED,
        S.ELIGIBLE,
        S.LAUREATE,
        S.IN_ACCOMPANIMENT,
        S.WITHDRAWN,
    ]  # in the order of the state machine
    for breakdown in statistics.breakdowns:
        assert breakdown.total == 6
        assert sum(row.count for row in breakdown.rows) == 6


def test_type_is_sorted_by_count_with_the_missing_ones_last(call, dossiers):
    rows = call_statistics(call).by_type.rows

    assert [(row.key, row.label, row.count) for row in rows] == [
        ("commune", "Commune", 3),
        ("epci", "Intercommunalité (EPCI)", 1),
        ("sdis", "Service départemental d'incendie et de secours", 1),
        ("", "Non renseigné", 1),
    ]
    assert [row.share for row in rows] == [
        Decimal("50.0"),
        Decimal("16.7"),
        Decimal("16.7"),
        Decimal("16.7"),
    ]


def test_size_band_comes_from_the_referential_body(call, dossiers):
    rows = call_statistics(call).by_size_band.rows

    # bands in their natural order; "non renseigné" gathers the two dossiers without a body
    # and the SDIS, whose population the referential does not know
    assert [(row.key, row.count) for row in rows] == [
        ("under_1000", 2),
        ("50000_plus", 1),
        ("", 3),
    ]
    assert rows[-1].label == "Non renseigné"
    assert rows[-1].share == Decimal("50.0")


def test_region_is_derived_from_the_departement(call, dossiers):
    statistics = call_statistics(call)

    assert [(row.key, row.label, row.count) for row in statistics.by_region.rows] == [
        ("75", "Nouvelle-Aquitaine", 2),
        ("84", "Auvergne-Rhône-Alpes", 1),
        ("53", "Bretagne", 1),
        ("28", "Normandie", 1),
        ("", "Non renseigné", 1),
    ]  # by count, then by name


def test_departements_are_sorted_by_count(call, dossiers):
    rows = call_statistics(call).by_departement.rows

    assert [(row.key, row.count) for row in rows] == [
        ("33", 2),
        ("14", 1),
        ("35", 1),
        ("69", 1),
        ("", 1),
    ]
    assert rows[0].label == "33 — Gironde"


def test_with_drafts_counts_every_dossier_of_the_call(call, dossiers):
    statistics = call_statistics(call, scope=Scope.WITH_DRAFTS)

    assert statistics.total == 7
    assert _table(statistics.by_state)[S.DRAFT] == 1
    assert _table(statistics.by_departement)["35"] == 2


def test_laureates_counts_the_selected_states_only(call, dossiers):
    statistics = call_statistics(call, scope=Scope.LAUREATES)

    assert statistics.total == 2
    assert _table(statistics.by_state) == {S.LAUREATE: 1, S.IN_ACCOMPANIMENT: 1}
    assert _table(statistics.by_type) == {"commune": 1, "sdis": 1}
    assert _table(statistics.by_size_band) == {"50000_plus": 1, "": 1}
    assert _table(statistics.by_region) == {"53": 1, "28": 1}


def test_a_call_without_dossiers_has_empty_breakdowns(call):
    statistics = call_statistics(call)

    assert statistics.total == 0
    assert all(not breakdown.rows and breakdown.total == 0 for breakdown in statistics.breakdowns)


def test_csv_lists_every_row_of_every_breakdown_for_excel(call, dossiers):
    lines = list(statistics_csv(call_statistics(call)))

    assert lines[0] == "\ufeffRépartition;Code;Libellé;Dossiers;Part (%)\r\n"
    assert "Type d'organisme;commune;Commune;3;50,0\r\n" in lines
    assert "Taille de l'organisme;;Non renseigné;3;50,0\r\n" in lines
    assert "Région;75;Nouvelle-Aquitaine;2;33,3\r\n" in lines
    assert "Département;33;33 — Gironde;2;33,3\r\n" in lines
    assert "État du dossier;withdrawn;Retiré;1;16,7\r\n" in lines
    assert "État du dossier;;Total;6;100,0\r\n" in lines
    # header + 4 types, 3 bands, 5 régions, 5 départements, 5 states, and 5 total rows
    assert len(lines) == 1 + 4 + 3 + 5 + 5 + 5 + 5
