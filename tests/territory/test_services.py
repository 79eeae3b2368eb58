"""Adding a missing body (SIREN checked, duplicates found), the staff merge, size bands and
search keys."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from essaim.core.models import AuditEvent
from essaim.territory.enums import SizeBand, size_band_for
from essaim.territory.models import AliasKind, Organisation, OrganisationAlias
from essaim.territory.names import of_name, search_key
from essaim.territory.search import search
from essaim.territory.services import (
    clean_siren,
    organisation_add,
    organisations_merge_by_staff,
)

from ..factories import ApplicationFactory, OrganisationFactory, UserFactory

SDIS_SIREN = "281400010"  # a made-up SIREN with a valid Luhn key


@pytest.mark.parametrize(
    ("population", "band"),
    [
        (None, ""),
        (0, SizeBand.UNDER_1000),
        (999, SizeBand.UNDER_1000),
        (1_000, SizeBand.FROM_1000),
        (3_499, SizeBand.FROM_1000),
        (3_500, SizeBand.FROM_3500),
        (9_999, SizeBand.FROM_3500),
        (10_000, SizeBand.FROM_10000),
        (49_999, SizeBand.FROM_10000),
        (50_000, SizeBand.FROM_50000),
        (2_133_111, SizeBand.FROM_50000),
    ],
)
def test_size_band_for(population, band):
    assert size_band_for(population) == band


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("Flassans-sur-Issole", "flassans sur issole"),
        ("FLASSANS SUR ISSOLE", "flassans sur issole"),
        ("St-Denis", "saint denis"),
        ("Ste-Marie", "sainte marie"),
        ("Œuf-en-Ternois", "oeuf en ternois"),
        ("L'Haÿ-les-Roses", "l hay les roses"),
        ("  Saint--Étienne ", "saint etienne"),
    ],
)
def test_search_key(text, key):
    assert search_key(text) == key


def test_search_key_leaves_the_word_being_typed():
    assert search_key("st", partial=True) == "st"  # may be the start of "Strasbourg"
    assert search_key("st den", partial=True) == "saint den"


@pytest.mark.parametrize(
    ("name", "tncc", "article_in_name", "expected"),
    [
        ("Pessac", 0, True, "de Pessac"),
        ("Aubervilliers", 1, True, "d'Aubervilliers"),
        ("Le Havre", 2, True, "du Havre"),
        ("Les Abymes", 4, True, "des Abymes"),
        ("La Rochelle", 3, True, "de La Rochelle"),
        ("Gironde", 3, False, "de la Gironde"),
        ("Ain", 5, False, "de l'Ain"),
        ("Yvelines", 4, False, "des Yvelines"),
    ],
)
def test_of_name(name, tncc, article_in_name, expected):
    assert of_name(name, tncc, article_in_name=article_in_name) == expected


@pytest.mark.parametrize(
    ("typed", "siren"),
    [
        ("213303183", "213303183"),  # Pessac
        ("213 303 183", "213303183"),
        ("243.300.316", "243300316"),  # Bordeaux Métropole
        ("21330318300012", "213303183"),  # a SIRET: its first 9 digits
        ("", ""),
    ],
)
def test_clean_siren_accepts(typed, siren):
    assert clean_siren(typed) == siren


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("213303184", "clé de contrôle est fausse"),
        ("21330318", "9 chiffres"),
        ("21330318A", "que des chiffres"),
    ],
)
def test_clean_siren_refuses_with_a_french_message(typed, message):
    with pytest.raises(ValidationError, match=message):
        clean_siren(typed)


@pytest.mark.django_db
class TestOrganisationAdd:
    def test_adds_a_missing_body_with_an_audit_row(self, applicant):
        result = organisation_add(
            actor=applicant,
            kind="sdis",
            name="SDIS  du Calvados",
            departement="14",
            siren=SDIS_SIREN,
        )
        sdis = result.organisation
        assert result.created
        assert (sdis.name, sdis.region, sdis.source, sdis.created_by) == (
            "SDIS du Calvados",
            "28",
            "applicant",
            applicant,
        )
        assert search("sdis calvados") == [sdis]
        audit = AuditEvent.objects.get(action="organisation.added")
        assert audit.actor == applicant and audit.object_id == str(sdis.pk)

    def test_duplicate_by_siren_returns_the_existing_body(self, applicant):
        first = organisation_add(
            actor=applicant,
            kind="sdis",
            name="SDIS du Calvados",
            departement="14",
            siren=SDIS_SIREN,
        ).organisation
        again = organisation_add(
            actor=UserFactory(),
            kind="etablissement_public",
            name="Service d'incendie du Calvados",
            departement="14",
            siren="281 400 010",
        )
        assert not again.created
        assert again.organisation == first
        assert Organisation.objects.count() == 1

    def test_duplicate_by_a_merged_bodys_siren(self, applicant):
        target = OrganisationFactory(kind="sdis", name="SDIS 14", departement="14")
        OrganisationAlias.objects.create(
            organisation=target, kind=AliasKind.MERGED, code=SDIS_SIREN
        )
        found = organisation_add(
            actor=applicant, kind="sdis", name="Autre nom", departement="14", siren=SDIS_SIREN
        )
        assert not found.created and found.organisation == target

    def test_duplicate_by_name_kind_and_departement(self, applicant):
        first = organisation_add(
            actor=applicant, kind="ccas", name="CCAS de Pessac", departement="33"
        ).organisation
        again = organisation_add(
            actor=applicant, kind="ccas", name="ccas de pessac", departement="33"
        )
        assert again.organisation == first and not again.created
        other = organisation_add(
            actor=applicant, kind="ccas", name="CCAS de Pessac", departement="35"
        )
        assert other.created

    def test_refuses_official_kinds_and_bad_fields_at_once(self, applicant):
        with pytest.raises(ValidationError) as caught:
            organisation_add(
                actor=applicant, kind="commune", name=" ", departement="99", siren="123"
            )
        assert set(caught.value.message_dict) == {"kind", "name", "departement", "siren"}
        assert Organisation.objects.count() == 0


@pytest.mark.django_db
class TestStaffMerge:
    def test_folds_duplicates_into_the_official_body(self, call, staff):
        official = OrganisationFactory(kind="sdis", name="SDIS du Calvados", departement="14")
        duplicate = OrganisationFactory(
            kind="sdis",
            name="Pompiers du Calvados",
            departement="14",
            source="applicant",
            siren=SDIS_SIREN,
        )
        dossier = ApplicationFactory(
            call=call, organisation=duplicate, organisation_name="Pompiers du Calvados"
        )

        (result,) = organisations_merge_by_staff(
            sources=[duplicate], target=official, actor=staff, reason="doublon"
        )

        assert result.repointed == {"applications.application": 1}
        assert not Organisation.objects.filter(pk=duplicate.pk).exists()
        dossier.refresh_from_db()
        assert dossier.organisation == official
        assert dossier.organisation_name == "Pompiers du Calvados"
        # the old name and SIREN still find the body that stays
        assert search("pompiers du calvados") == [official]
        assert search(SDIS_SIREN) == [official]
        audit = AuditEvent.objects.get(action="organisation.merged")
        assert (audit.actor, audit.reason, audit.from_value) == (
            staff,
            "doublon",
            "Pompiers du Calvados",
        )

    def test_refuses_to_fold_an_official_body(self, staff):
        official = OrganisationFactory(name="Pessac")
        added = OrganisationFactory(name="Mairie de Pessac", source="applicant")
        with pytest.raises(ValidationError, match="référentiel officiel"):
            organisations_merge_by_staff(sources=[official], target=added, actor=staff)
        assert Organisation.objects.count() == 2

    def test_refuses_a_merge_with_itself(self, staff):
        added = OrganisationFactory(name="Syndicat", kind="syndicat", source="applicant")
        with pytest.raises(ValidationError):
            organisations_merge_by_staff(sources=[added], target=added, actor=staff)


@pytest.mark.django_db
class TestAdminMergeAction:
    def post(self, client, organisations, **extra):
        return client.post(
            reverse("admin:territory_organisation_changelist"),
            {
                "action": "merge_organisations",
                "_selected_action": [o.pk for o in organisations],
                **extra,
            },
        )

    def test_confirm_page_then_merge(self, client, call):
        admin = UserFactory(is_staff=True, is_superuser=True)
        official = OrganisationFactory(kind="sdis", name="SDIS du Calvados", departement="14")
        duplicate = OrganisationFactory(
            kind="sdis", name="SDIS 14", departement="14", source="applicant"
        )
        ApplicationFactory(call=call, organisation=duplicate)
        client.force_login(admin)

        confirm = self.post(client, [official, duplicate])
        page = confirm.content.decode()
        assert confirm.status_code == 200
        assert "Choisissez celui qui reste" in page
        assert "1 dossier(s)" in page
        assert f'value="{official.pk}" required id="id_target_0" checked' in page

        done = self.post(
            client, [official, duplicate], confirm="1", target=official.pk, reason="doublon"
        )
        assert done.status_code == 302
        assert list(Organisation.objects.all()) == [official]
        assert official.applications.count() == 1

    def test_official_body_cannot_be_folded_error_beside_the_choice(self, client):
        admin = UserFactory(is_staff=True, is_superuser=True)
        official = OrganisationFactory(name="Pessac")
        added = OrganisationFactory(name="Mairie de Pessac", source="applicant")
        client.force_login(admin)
        response = self.post(client, [official, added], confirm="1", target=added.pk)
        assert response.status_code == 200
        assert "référentiel officiel" in response.content.decode()
        assert Organisation.objects.count() == 2

    def test_staff_without_the_permission_cannot_merge(self, client):
        from django.contrib.auth.models import Permission

        clerk = UserFactory(is_staff=True)
        clerk.user_permissions.add(Permission.objects.get(codename="view_organisation"))
        added = [
            OrganisationFactory(name=f"Syndicat {n}", kind="syndicat", source="applicant")
            for n in range(2)
        ]
        client.force_login(clerk)
        response = self.post(client, added, confirm="1", target=added[0].pk)
        assert response.status_code == 403
        assert Organisation.objects.count() == 2
