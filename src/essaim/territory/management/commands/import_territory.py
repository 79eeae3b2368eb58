"""`manage.py import_territory`: load or refresh the referential of public bodies from the
snapshot shipped in territory/data/ (or another one), with a progress bar."""

import time

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from essaim.territory.importer import import_referential
from essaim.territory.snapshot import DEFAULT_PATH, SnapshotError, load_snapshot, subset


class Command(BaseCommand):
    help = (
        "Charge ou met à jour le référentiel des organismes publics (communes, EPCI, "
        "départements, régions) depuis l'instantané livré avec Essaim. Relancer ne crée "
        "aucun doublon."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--snapshot",
            default=str(DEFAULT_PATH),
            help="instantané à charger (par défaut : celui livré dans territory/data/)",
        )
        parser.add_argument(
            "--departements",
            help="ne charger que ces départements, séparés par des virgules (ex. 33,35,83)",
        )

    def handle(self, *args, snapshot, departements, **options):
        try:
            data = load_snapshot(snapshot)
        except (OSError, SnapshotError) as exc:
            raise CommandError(str(exc)) from exc
        if departements:
            data = subset(data, {code.strip().upper() for code in departements.split(",")})
        source = data["source"]
        self.stdout.write(
            f"{source['package']} {source['version']} (COG {source['vintage']}) : "
            + ", ".join(f"{n} {name}" for name, n in data["counts"].items())
        )
        quiet = options["verbosity"] == 0

        def progress(iterable, description, total):
            return tqdm(
                iterable,
                desc=description,
                total=total,
                unit=" lignes" if description == "Organismes" else " lots",
                disable=quiet,
                file=self.stderr._out,
                leave=False,
            )

        started = time.perf_counter()
        result = import_referential(data, progress=progress)
        elapsed = time.perf_counter() - started
        self.stdout.write(
            self.style.SUCCESS(
                f"Référentiel à jour en {elapsed:.1f} s : {result.created} créés, "
                f"{result.updated} mis à jour, {result.merged} fusionnés, "
                f"{result.deactivated} désactivés, {result.aliases_added} alias ajoutés, "
                f"{result.aliases_removed} retirés."
            )
        )
        for old, new in result.renamed[:20]:
            self.stdout.write(f"  renommé : {old} → {new}")
