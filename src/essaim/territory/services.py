"""Writes to the referential: adding a missing body, merging two bodies, and keeping the
search terms in step. The official import (territory.importer) uses the same merge."""

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils.translation import gettext as _
from stdnum import exceptions as stdnum_exceptions
from stdnum.fr import siren as siren_number

from essaim.core.audit import record

from .enums import (
    ADDABLE_TYPES,
    DEPARTEMENT_NAMES,
    REGION_OF_DEPARTEMENT,
    OrganisationSource,
    size_band_for,
)
from .indexing import term_rows
from .models import AliasKind, Organisation, OrganisationAlias, SearchTerm
from .names import search_key


def clean_siren(value: str) -> str:
    """The 9 digits of a SIREN (a SIRET's first 9), checked by its Luhn key; "" when blank.
    Raises ValidationError with a French message."""
    digits = "".join(ch for ch in value if not ch.isspace() and ch not in ".-")
    if not digits:
        return ""
    if len(digits) == 14 and digits.isdigit():
        digits = digits[:9]  # a SIRET: the SIREN and the establishment's number
    try:
        return siren_number.validate(digits)
    except stdnum_exceptions.InvalidLength as exc:
        raise ValidationError(_("Un SIREN compte 9 chiffres."), code="siren_length") from exc
    except stdnum_exceptions.InvalidFormat as exc:
        raise ValidationError(_("Un SIREN ne contient que des chiffres."), code="siren") from exc
    except stdnum_exceptions.InvalidChecksum as exc:
        raise ValidationError(
            _("Ce SIREN n'existe pas : vérifiez les chiffres (sa clé de contrôle est fausse)."),
            code="siren_checksum",
        ) from exc


def find_duplicate(*, kind: str, name: str, departement: str, siren: str) -> Organisation | None:
    """The body already in the referential under this SIREN (or one of its former SIREN),
    else one of the same kind and département with the same name once normalised."""
    if siren:
        found = Organisation.objects.filter(siren=siren).first()
        if found is None:
            alias = (
                OrganisationAlias.objects.filter(code=siren).select_related("organisation").first()
            )
            found = alias.organisation if alias else None
        if found is not None:
            return found
    return Organisation.objects.filter(
        kind=kind, departement=departement, search_name=search_key(name), is_active=True
    ).first()


@dataclass
class AddResult:
    organisation: Organisation
    created: bool


def organisation_add(
    *,
    actor,
    kind: str,
    name: str,
    departement: str,
    siren: str = "",
    source: str = OrganisationSource.APPLICANT,
) -> AddResult:
    """Add a body missing from the referential, or return the one it duplicates (same SIREN,
    or same kind, département and name). Writes an `organisation.added` audit row."""
    name = " ".join(name.split())
    errors = {}
    if kind not in ADDABLE_TYPES:
        errors["kind"] = _(
            "Les communes, intercommunalités, départements et régions sont déjà dans la liste : "
            "cherchez-les par leur nom ou leur code postal."
        )
    if not name:
        errors["name"] = _("Indiquez le nom de l'organisme.")
    if departement not in DEPARTEMENT_NAMES:
        errors["departement"] = _("Choisissez un département de la liste.")
    try:
        siren = clean_siren(siren)
    except ValidationError as exc:
        errors["siren"] = exc.messages[0]
    if errors:
        raise ValidationError(errors)

    with transaction.atomic():
        duplicate = find_duplicate(kind=kind, name=name, departement=departement, siren=siren)
        if duplicate is not None:
            return AddResult(duplicate, created=False)
        organisation = Organisation(
            kind=kind,
            name=name[:200],
            formal_name=name[:250],
            siren=siren or None,
            departement=departement,
            region=REGION_OF_DEPARTEMENT.get(departement, ""),
            source=source,
            created_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        refresh_derived_fields(organisation)
        organisation.full_clean()
        organisation.save()
        reindex([organisation])
        record(
            actor=actor,
            action="organisation.added",
            obj=organisation,
            to_value=organisation.name[:200],
            data={"kind": kind, "departement": departement, "siren": siren},
        )
    return AddResult(organisation, created=True)


@dataclass
class MergeResult:
    target: Organisation
    repointed: dict[str, int] = field(default_factory=dict)


def organisation_merge(
    *,
    source: Organisation,
    target: Organisation,
    actor,
    reason: str = "",
    alias_kind: str = AliasKind.MERGED,
    reindex_target: bool = True,
) -> MergeResult:
    """Fold `source` into `target`: every row pointing at `source` (dossiers, member
    communes, aliases…) points at `target`, `source`'s codes and name become aliases of
    `target`, `source` is deleted, and an `organisation.merged` audit row on `target` says
    what moved. The dossiers keep the name they recorded (a submitted dossier is frozen)."""
    if source.pk == target.pk:
        raise ValidationError(_("Un organisme ne peut pas être fusionné avec lui-même."))
    with transaction.atomic():
        repointed = {}
        for relation in Organisation._meta.related_objects:
            if relation.related_model is SearchTerm or not relation.one_to_many:
                continue
            name = relation.field.name
            rows = relation.related_model._base_manager.filter(**{name: source})
            if relation.related_model is Organisation:
                rows = rows.exclude(pk=target.pk)  # a body is never its own EPCI
            moved = rows.update(**{name: target})
            if moved:
                repointed[relation.related_model._meta.label_lower] = moved
        codes = [code for code in (source.insee_code, source.siren) if code] or [""]
        OrganisationAlias.objects.bulk_create(
            OrganisationAlias(organisation=target, kind=alias_kind, code=code, name=source.name)
            for code in codes
        )
        summary = {
            "id": source.pk,
            "name": source.name,
            "kind": source.kind,
            "departement": source.departement,
            "siren": source.siren or "",
            "insee_code": source.insee_code or "",
            "source": source.source,
        }
        source.delete()
        if reindex_target:
            reindex([target])
        record(
            actor=actor,
            action="organisation.merged",
            obj=target,
            from_value=summary["name"][:200],
            to_value=target.name[:200],
            reason=reason,
            data={"merged": summary, "repointed": repointed},
        )
    return MergeResult(target=target, repointed=repointed)


def organisations_merge_by_staff(
    *, sources: Iterable[Organisation], target: Organisation, actor, reason: str = ""
) -> list[MergeResult]:
    """A staff merge of duplicates into `target`. Only bodies added by people can be folded
    away: an official body would come back at the next import of the referential (and a
    merged commune is the import's job). The caller checks `territory.merge_organisation`."""
    sources = [source for source in sources if source.pk != target.pk]
    if not sources:
        raise ValidationError(_("Choisissez au moins un autre organisme à fusionner."))
    official = [source.name for source in sources if source.is_official]
    if official:
        raise ValidationError(
            _(
                "%(names)s vient du référentiel officiel : il ne peut pas disparaître dans une "
                "fusion. Choisissez-le comme organisme qui reste."
            )
            % {"names": ", ".join(official)}
        )
    if not target.is_active:
        raise ValidationError(
            _("%(name)s n'est plus dans le référentiel officiel : choisissez un organisme actif.")
            % {"name": target.name}
        )
    with transaction.atomic():
        results = [
            organisation_merge(
                source=source, target=target, actor=actor, reason=reason, reindex_target=False
            )
            for source in sources
        ]
        reindex([target])
    return results


def former_names_by_organisation(ids: Iterable[int]) -> dict[int, list[str]]:
    names: dict[int, list[str]] = {}
    rows = (
        OrganisationAlias.objects.filter(organisation_id__in=list(ids))
        .exclude(name="")
        .values_list("organisation_id", "name")
    )
    for organisation_id, name in rows:
        names.setdefault(organisation_id, []).append(name)
    return names


def reindex(organisations: Iterable[Organisation], *, batch_size: int = 2000) -> int:
    """Rewrite the search terms (and the key and size band) of these bodies; inactive ones
    get none. Returns the number of terms written."""
    organisations = list(organisations)
    ids = [o.pk for o in organisations]
    former = former_names_by_organisation(ids)
    for start in range(0, len(ids), 900):  # SQLite's bound on parameters per statement
        SearchTerm.objects.filter(organisation_id__in=ids[start : start + 900]).delete()
    rows: list[tuple[int, str, int, int]] = []
    for organisation in organisations:
        if organisation.is_active:
            rows.extend(
                (organisation.pk, term.text, term.weight, term.population)
                for term in term_rows(organisation, former_names=former.get(organisation.pk, ()))
            )
    # A plain executemany: bulk_create's per-value compilation costs more than the insert
    # when a release rewrites 100,000 terms.
    table = connection.ops.quote_name(SearchTerm._meta.db_table)
    with connection.cursor() as cursor:
        for start in range(0, len(rows), batch_size):
            cursor.executemany(
                f"INSERT INTO {table} (organisation_id, text, weight, population) "  # noqa: S608
                "VALUES (%s, %s, %s, %s)",
                rows[start : start + batch_size],
            )
    return len(rows)


def refresh_derived_fields(organisation: Organisation) -> None:
    """The columns computed from others, set before saving."""
    organisation.search_name = search_key(organisation.name)[:250]
    organisation.size_band = size_band_for(organisation.population)
