"""Loading a snapshot of the official referential into the database, idempotently.

Each official body is found by its natural key — (kind, INSEE code) for communes,
départements and régions, the SIREN for intercommunalities — so that:

- a body already there is updated in place (a renamed commune keeps its row, its id and
  the dossiers pointing at it), and only when something changed;
- a commune merged into a commune nouvelle (its code is among the new commune's former
  codes, `anciensCodes`) is merged into it: its dossiers are repointed, its code stays as an
  alias that still resolves to the new body;
- a body gone without successor (a dissolved EPCI) is kept, inactive, for its dossiers,
  and hidden from the search;
- a body added by an applicant under a SIREN that the referential now carries is merged
  into the official one.

A second import of the same snapshot writes nothing. Everything runs in one transaction.
"""

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from .enums import REGION_OF_DEPARTEMENT, OrganisationSource, OrganisationType, size_band_for
from .models import AliasKind, Organisation, OrganisationAlias, ReferentialImport
from .names import of_name, search_key
from .services import organisation_merge, reindex

Progress = Callable[[Iterable, str, int], Iterable]
# changes to these rewrite the body's search terms
INDEXED_FIELDS = {"kind", "name", "formal_name", "population", "postal_codes", "is_active"}
REFERENTIAL_ALIAS_KINDS = (
    AliasKind.FORMER_COMMUNE,
    AliasKind.DELEGATED_COMMUNE,
    AliasKind.ARRONDISSEMENT,
)
BATCH = 1000
PHASE_LABELS = {
    "groupings": "Organismes (régions, départements, EPCI)",
    "communes": "Organismes (communes)",
}


def no_progress(iterable: Iterable, description: str, total: int) -> Iterable:
    return iterable


@dataclass
class Wanted:
    """One official body as the snapshot describes it."""

    key: tuple[str, str]
    values: dict
    epci_siren: str | None = None
    aliases: set[tuple[str, str, str]] = field(default_factory=set)  # (kind, code, name)


@dataclass
class ImportResult:
    counts: dict[str, int] = field(default_factory=dict)
    created: int = 0
    updated: int = 0
    merged: int = 0
    deactivated: int = 0
    aliases_added: int = 0
    aliases_removed: int = 0
    terms_written: int = 0
    renamed: list[tuple[str, str]] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return any(
            (
                self.created,
                self.updated,
                self.merged,
                self.deactivated,
                self.aliases_added,
                self.aliases_removed,
            )
        )

    def as_dict(self) -> dict:
        return {
            "created": self.created,
            "updated": self.updated,
            "merged": self.merged,
            "deactivated": self.deactivated,
            "aliases_added": self.aliases_added,
            "aliases_removed": self.aliases_removed,
            "terms_written": self.terms_written,
            "renamed": self.renamed[:50],
        }


def natural_key(organisation: Organisation) -> tuple[str, str]:
    if organisation.kind == OrganisationType.EPCI:
        return ("siren", organisation.siren or f"#{organisation.pk}")
    return (organisation.kind, organisation.insee_code or f"#{organisation.pk}")


def _values(**values) -> dict:
    values["search_name"] = search_key(values["name"])[:250]
    values["size_band"] = size_band_for(values.get("population"))
    values.setdefault("siren", None)
    values.setdefault("insee_code", None)
    values.setdefault("epci_kind", "")
    values.setdefault("postal_codes", "")
    values["is_active"] = True
    return values


def wanted_bodies(snapshot: dict) -> Iterator[Wanted]:
    for r in snapshot["regions"]:
        yield Wanted(
            ("region", r["code"]),
            _values(
                kind=OrganisationType.REGION,
                name=r["name"],
                formal_name=f"Région {r['name']}",
                insee_code=r["code"],
                departement=r.get("dep", ""),
                region=r["code"],
                population=r.get("pop"),
            ),
        )
    for d in snapshot["departements"]:
        yield Wanted(
            ("departement", d["code"]),
            _values(
                kind=OrganisationType.DEPARTEMENT,
                name=d["name"],
                formal_name="Département " + of_name(d["name"], d["tncc"], article_in_name=False),
                insee_code=d["code"],
                departement=d["code"],
                region=d["region"],
                population=d.get("pop"),
            ),
        )
    epci_of: dict[str, str] = {}
    for row in snapshot["epci"]:
        for code in row["members"]:
            epci_of[code] = row["siren"]
    aliases: dict[str, set] = {}
    for a in snapshot["aliases"]:
        kind = (
            AliasKind.ARRONDISSEMENT
            if a["name"].endswith("Arrondissement")
            else AliasKind.DELEGATED_COMMUNE
        )
        aliases.setdefault(a["of"], set()).add((kind, a["code"], a["name"]))
    for c in snapshot["communes"]:
        wanted_aliases = aliases.get(c["code"], set())
        wanted_aliases |= {(AliasKind.FORMER_COMMUNE, code, "") for code in c["former"]}
        yield Wanted(
            ("commune", c["code"]),
            _values(
                kind=OrganisationType.COMMUNE,
                name=c["name"],
                formal_name="Commune " + of_name(c["name"], c["tncc"], article_in_name=True),
                siren=c.get("siren"),
                insee_code=c["code"],
                departement=c["dep"],
                region=c["reg"],
                population=c.get("pop"),
                postal_codes=" ".join(c["postcodes"])[:200],
            ),
            epci_siren=epci_of.get(c["code"]),
            aliases=wanted_aliases,
        )
    for row in [*snapshot["epci"], *snapshot.get("ept", [])]:
        yield Wanted(
            ("siren", row["siren"]),
            _values(
                kind=OrganisationType.EPCI,
                name=row["name"],
                formal_name=row["name"],
                siren=row["siren"],
                epci_kind=row["kind"],
                departement=row["dep"],
                region=REGION_OF_DEPARTEMENT.get(row["dep"], ""),
                population=row.get("pop"),
            ),
        )


def import_referential(snapshot: dict, *, progress: Progress = no_progress) -> ImportResult:
    """Bring the database to the snapshot; see the module docstring."""
    result = ImportResult(counts=dict(snapshot["counts"]))
    wanted = {w.key: w for w in wanted_bodies(snapshot)}
    with transaction.atomic():
        existing = {
            natural_key(o): o
            for o in Organisation.objects.filter(source=OrganisationSource.REFERENTIAL)
        }
        # Where a vanished commune went: the current commune listing its code as former.
        # A commune déléguée's code is nearly always among the former codes too; when it is
        # not (a few releases miss one), it still says where the commune went.
        successor_of = {
            code: w.key
            for kind_wanted in (AliasKind.DELEGATED_COMMUNE, AliasKind.FORMER_COMMUNE)
            for w in wanted.values()
            for kind, code, _name in w.aliases
            if kind == kind_wanted
        }
        leaving = [o for key, o in existing.items() if key not in wanted]
        # Free the SIRENs that change hands before any row takes one: a vanished body's, an
        # added body's that the official referential now carries.
        wanted_sirens = {w.values["siren"] for w in wanted.values() if w.values["siren"]}
        squatters = list(
            Organisation.objects.exclude(source=OrganisationSource.REFERENTIAL).filter(
                siren__in=wanted_sirens
            )
        )
        clearing = [*(o for o in leaving if o.siren in wanted_sirens), *squatters]
        freed_siren = {o.pk: o.siren for o in clearing}
        for organisation in clearing:
            organisation.siren = None
        Organisation.objects.bulk_update(clearing, ["siren"], batch_size=BATCH)

        to_create, to_update, reindexed = [], [], []
        by_key = dict(existing)
        # Intercommunalities (and départements, régions) first: communes point at their EPCI.
        for phase in ("groupings", "communes"):
            batch = [
                (key, w)
                for key, w in wanted.items()
                if (key[0] == "commune") == (phase == "communes")
            ]
            created, updated = [], []
            label = PHASE_LABELS[phase]
            for key, w in progress(batch, label, len(batch)):
                if phase == "communes":
                    epci = by_key.get(("siren", w.epci_siren)) if w.epci_siren else None
                    w.values["epci_id"] = epci.pk if epci else None
                current = existing.get(key)
                if current is None:
                    created.append(Organisation(source=OrganisationSource.REFERENTIAL, **w.values))
                    continue
                changes = [n for n, v in w.values.items() if getattr(current, n) != v]
                if not changes:
                    continue
                if "name" in changes:
                    result.renamed.append((current.name, w.values["name"]))
                for name in changes:
                    setattr(current, name, w.values[name])
                updated.append((current, changes))
                if INDEXED_FIELDS & set(changes):
                    reindexed.append(current)
            Organisation.objects.bulk_create(created, batch_size=BATCH)
            if any(o.pk is None for o in created):
                # bulk_create gives primary keys back on PostgreSQL and SQLite ≥ 3.35 only
                created = list(
                    Organisation.objects.filter(
                        source=OrganisationSource.REFERENTIAL,
                        pk__gt=max((o.pk for o in existing.values()), default=0),
                    )
                )
            by_key.update((natural_key(o), o) for o in created)
            _bulk_update(updated)
            to_create += created
            to_update += updated
        result.created, result.updated = len(to_create), len(to_update)
        reindexed.extend(to_create)

        alias_changed = _sync_aliases(wanted, by_key, result)

        # Vanished bodies: merged into their successor, or kept inactive.
        for organisation in leaving:
            successor_key = successor_of.get(organisation.insee_code or "")
            if organisation.kind == OrganisationType.COMMUNE and successor_key in by_key:
                target = by_key[successor_key]
                if organisation.pk in freed_siren:
                    organisation.siren = freed_siren[organisation.pk]
                organisation_merge(
                    source=organisation,
                    target=target,
                    actor=None,
                    reason="Commune nouvelle (Code officiel géographique)",
                    # not a kind the snapshot lists (_sync_aliases would remove it at the
                    # next run): it keeps the old name and SIREN findable for good
                    alias_kind=AliasKind.MERGED,
                    reindex_target=False,
                )
                alias_changed.add(target.pk)
                result.merged += 1
            elif organisation.is_active:
                organisation.is_active = False
                organisation.save(update_fields=["is_active", "updated_at"])
                reindexed.append(organisation)
                result.deactivated += 1
        official_by_siren = {
            w.values["siren"]: by_key[key] for key, w in wanted.items() if w.values["siren"]
        }
        for squatter in squatters:
            squatter.siren = freed_siren[squatter.pk]
            organisation_merge(
                source=squatter,
                target=official_by_siren[squatter.siren],
                actor=None,
                reason="SIREN du référentiel officiel",
                reindex_target=False,
            )
            alias_changed.add(official_by_siren[squatter.siren].pk)
            result.merged += 1

        reindex_ids = {o.pk for o in reindexed} | alias_changed
        targets = list(Organisation.objects.filter(pk__in=reindex_ids)) if reindex_ids else []
        written = 0
        for start in progress(
            range(0, len(targets), BATCH), "Index de recherche", -(-len(targets) // BATCH)
        ):
            written += reindex(targets[start : start + BATCH])
        result.terms_written = written

        source = snapshot["source"]
        latest = ReferentialImport.objects.first()
        if result.changed or latest is None or latest.sha256 != source.get("sha256", ""):
            ReferentialImport.objects.create(
                package=source.get("package", ""),
                version=source.get("version", ""),
                vintage=source.get("vintage"),
                sha256=source.get("sha256", "")[:64],
                counts=result.counts,
                changes=result.as_dict(),
            )
    return result


def reindex_all(*, progress: Progress = no_progress) -> int:
    """Rewrite the search terms of every body (after a change of the indexing rules in
    territory.indexing; an import only reindexes the bodies it changed). One transaction."""
    written = 0
    with transaction.atomic():
        ids = list(Organisation.objects.order_by("pk").values_list("pk", flat=True))
        for start in progress(
            range(0, len(ids), BATCH), "Index de recherche", -(-len(ids) // BATCH)
        ):
            written += reindex(Organisation.objects.filter(pk__in=ids[start : start + BATCH]))
    return written


def _bulk_update(updated: list[tuple[Organisation, list[str]]]) -> None:
    """One UPDATE per set of changed columns: a yearly release renames a few hundred bodies
    and changes most populations, and bulk_update's CASE is slow on wide sets."""
    by_fields: dict[tuple[str, ...], list[Organisation]] = {}
    for organisation, changes in updated:
        by_fields.setdefault(tuple(sorted(changes)), []).append(organisation)
    now = timezone.now()
    for organisation, _changes in updated:
        organisation.updated_at = now
    for fields, rows in by_fields.items():
        Organisation.objects.bulk_update(rows, [*fields, "updated_at"], batch_size=BATCH)


def _sync_aliases(wanted: dict, by_key: dict, result: ImportResult) -> set[int]:
    """Former codes, communes déléguées and arrondissements as the snapshot lists them.
    Returns the ids of the bodies whose alias names changed (their terms change too)."""
    have: dict[int, dict[tuple[str, str, str], int]] = {}
    for pk, organisation_id, kind, code, name in OrganisationAlias.objects.filter(
        kind__in=REFERENTIAL_ALIAS_KINDS
    ).values_list("pk", "organisation_id", "kind", "code", "name"):
        have.setdefault(organisation_id, {})[(kind, code, name)] = pk
    to_add, to_remove, touched = [], [], set()
    seen = set()
    for key, w in wanted.items():
        organisation = by_key[key]
        seen.add(organisation.pk)
        current = have.get(organisation.pk, {})
        for alias in w.aliases - set(current):
            to_add.append(
                OrganisationAlias(
                    organisation=organisation, kind=alias[0], code=alias[1], name=alias[2]
                )
            )
            if alias[2]:
                touched.add(organisation.pk)
        for alias in set(current) - w.aliases:
            to_remove.append(current[alias])
            if alias[2]:
                touched.add(organisation.pk)
    OrganisationAlias.objects.bulk_create(to_add, batch_size=BATCH)
    for start in range(0, len(to_remove), 900):
        OrganisationAlias.objects.filter(pk__in=to_remove[start : start + 900]).delete()
    result.aliases_added, result.aliases_removed = len(to_add), len(to_remove)
    return touched
