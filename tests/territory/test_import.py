"""The import of the official referential (territory.importer): idempotent, renames in
place, communes nouvelles merged with their dossiers, vanished bodies kept inactive."""

import gzip
import io
import json

import pytest
from django.core.management import call_command

from essaim.core.models import AuditEvent
from essaim.territory.enums import SizeBand
from essaim.territory.importer import import_referential
from essaim.territory.models import (
    AliasKind,
    Organisation,
    OrganisationAlias,
    ReferentialImport,
    SearchTerm,
)
from essaim.territory.search import search

from ..factories import ApplicationFactory, OrganisationFactory
from .snapshots import base_snapshot, commune, newer, siren_for, with_counts

pytestmark = pytest.mark.django_db


def names(query: str) -> list[str]:
    return [str(o) for o in search(query)]


def test_import_creates_one_body_per_snapshot_record():
    snapshot = base_snapshot()
    result = import_referential(snapshot)
    assert result.created == 1 + 1 + 4 + 2
    assert Organisation.objects.filter(kind="region").count() == snapshot["counts"]["regions"]
    assert Organisation.objects.filter(kind="departement").count() == 1
    assert Organisation.objects.filter(kind="commune").count() == snapshot["counts"]["communes"]
    assert Organisation.objects.filter(kind="epci").count() == snapshot["counts"]["epci"]
    pessac = Organisation.objects.get(kind="commune", insee_code="33318")
    assert pessac.formal_name == "Commune de Pessac"
    assert pessac.siren == "213303183"
    assert pessac.size_band == SizeBand.FROM_50000
    assert pessac.epci.name == "Bordeaux Métropole"
    assert pessac.postal_codes == "33600"
    gironde = Organisation.objects.get(kind="departement")
    assert gironde.formal_name == "Département de la Gironde"
    assert ReferentialImport.objects.get().counts == snapshot["counts"]


def test_second_import_changes_nothing():
    snapshot = base_snapshot()
    import_referential(snapshot)
    before = list(Organisation.objects.values_list("id", "name", "updated_at").order_by("id"))
    terms = list(SearchTerm.objects.values_list("id", flat=True).order_by("id"))

    again = import_referential(base_snapshot())

    assert not again.changed
    assert (again.created, again.updated, again.merged, again.terms_written) == (0, 0, 0, 0)
    assert (
        list(Organisation.objects.values_list("id", "name", "updated_at").order_by("id")) == before
    )
    assert list(SearchTerm.objects.values_list("id", flat=True).order_by("id")) == terms
    assert ReferentialImport.objects.count() == 1


def test_rename_in_newer_snapshot_updates_the_body_in_place(call):
    import_referential(base_snapshot())
    talence = Organisation.objects.get(insee_code="33522")
    dossier = ApplicationFactory(call=call, organisation=talence)
    release = newer(base_snapshot())
    commune(release, "33522")["name"] = "Talence-sur-Garonne"

    result = import_referential(release)

    assert result.updated == 1 and result.created == 0
    assert result.renamed == [("Talence", "Talence-sur-Garonne")]
    talence.refresh_from_db()
    assert talence.name == "Talence-sur-Garonne"
    assert talence.formal_name == "Commune de Talence-sur-Garonne"
    assert Organisation.objects.filter(kind="commune").count() == 4
    dossier.refresh_from_db()
    assert dossier.organisation_id == talence.pk
    assert names("talence sur garonne") == ["Talence-sur-Garonne (33)"]
    assert ReferentialImport.objects.count() == 2


def test_population_change_moves_the_size_band():
    import_referential(base_snapshot())
    release = newer(base_snapshot())
    commune(release, "33901")["pop"] = 1_000
    import_referential(release)
    assert Organisation.objects.get(insee_code="33901").size_band == SizeBand.FROM_1000


def test_commune_nouvelle_absorbs_a_commune_and_its_dossiers(call):
    import_referential(base_snapshot())
    absorbed = Organisation.objects.get(insee_code="33902")
    kept = Organisation.objects.get(insee_code="33901")
    dossier = ApplicationFactory(
        call=call, organisation=absorbed, organisation_name="Commune de Saint-Ours-le-Petit"
    )
    release = newer(base_snapshot())
    release["communes"] = [c for c in release["communes"] if c["code"] != "33902"]
    commune(release, "33901").update(name="Val-des-Bourgs", pop=2_000, former=["33902"])
    release["aliases"] = [{"code": "33902", "name": "Saint-Ours-le-Petit", "of": "33901"}]
    release["epci"][1]["members"] = ["33901"]

    result = import_referential(with_counts(release))

    assert result.merged == 1
    assert not Organisation.objects.filter(pk=absorbed.pk).exists()
    dossier.refresh_from_db()
    assert dossier.organisation_id == kept.pk
    assert dossier.organisation_name == "Commune de Saint-Ours-le-Petit"  # as recorded
    kept.refresh_from_db()
    assert kept.name == "Val-des-Bourgs"
    assert kept.size_band == SizeBand.FROM_1000
    # the former code and name still find the commune nouvelle
    assert names("33902")[0] == "Val-des-Bourgs (33)"
    assert names("saint ours le petit") == ["Val-des-Bourgs (33)"]
    assert OrganisationAlias.objects.filter(
        organisation=kept, kind=AliasKind.FORMER_COMMUNE, code="33902"
    ).exists()
    audit = AuditEvent.objects.get(action="organisation.merged")
    assert audit.data["repointed"] == {"applications.application": 1}
    # and a second run of the same release changes nothing
    assert not import_referential(with_counts(newer(release, "release-2"))).changed


def test_two_communes_merged_under_a_new_code(call):
    import_referential(base_snapshot())
    first = Organisation.objects.get(insee_code="33901")
    second = Organisation.objects.get(insee_code="33902")
    dossiers = [
        ApplicationFactory(call=call, organisation=first),
        ApplicationFactory(call=call, organisation=second),
    ]
    release = newer(base_snapshot())
    release["communes"] = [c for c in release["communes"] if c["code"] not in ("33901", "33902")]
    release["communes"].append(
        {
            "code": "33903",
            "name": "Les Deux-Bourgs",
            "tncc": 4,
            "dep": "33",
            "reg": "75",
            "pop": 2_000,
            "siren": siren_for("21330903"),
            "postcodes": ["33910"],
            "former": ["33901", "33902"],
        }
    )
    release["epci"][1]["members"] = ["33903"]

    result = import_referential(with_counts(release))

    new = Organisation.objects.get(insee_code="33903")
    assert new.formal_name == "Commune des Deux-Bourgs"
    assert result.merged == 2
    for dossier in dossiers:
        dossier.refresh_from_db()
        assert dossier.organisation_id == new.pk
    assert new.epci.name == "CC des Deux Bourgs"


def test_vanished_epci_is_kept_inactive_for_its_dossiers(call):
    import_referential(base_snapshot())
    epci = Organisation.objects.get(name="CC des Deux Bourgs")
    dossier = ApplicationFactory(call=call, organisation=epci)
    release = newer(base_snapshot())
    release["epci"] = release["epci"][:1]

    result = import_referential(with_counts(release))

    assert result.deactivated == 1
    epci.refresh_from_db()
    dossier.refresh_from_db()
    assert not epci.is_active
    assert dossier.organisation_id == epci.pk
    assert names("deux bourgs") == []
    assert not import_referential(with_counts(newer(release, "release-3"))).changed


def test_body_added_by_an_applicant_is_merged_into_the_official_one(call):
    snapshot = base_snapshot()
    siren = siren_for("20000990")
    added = OrganisationFactory(
        kind="syndicat", name="Deux Bourgs (doublon)", siren=siren, source="applicant"
    )
    dossier = ApplicationFactory(call=call, organisation=added)
    import_referential(snapshot)
    official = Organisation.objects.get(siren=siren)
    assert official.is_official
    dossier.refresh_from_db()
    assert dossier.organisation_id == official.pk
    assert not Organisation.objects.filter(pk=added.pk).exists()


def test_command_prints_progress_and_is_idempotent(tmp_path):
    path = tmp_path / "referential.json.gz"
    path.write_bytes(gzip.compress(json.dumps(base_snapshot()).encode()))
    out, err = io.StringIO(), io.StringIO()

    call_command("import_territory", snapshot=str(path), stdout=out, stderr=err)

    assert "Organismes (communes) : 4/4" in err.getvalue()
    assert "Index de recherche" in err.getvalue()
    assert "8 créés" in out.getvalue()
    out = io.StringIO()
    call_command("import_territory", snapshot=str(path), stdout=out, stderr=io.StringIO())
    assert "0 créés, 0 mis à jour, 0 fusionnés" in out.getvalue()
    assert Organisation.objects.count() == 8


def test_command_refuses_a_file_that_is_not_a_snapshot(tmp_path):
    from django.core.management.base import CommandError

    path = tmp_path / "nope.json"
    path.write_text('{"format": 99}')
    with pytest.raises(CommandError, match="unknown snapshot format"):
        call_command("import_territory", snapshot=str(path), stdout=io.StringIO())
