"""`manage.py import_territory`: load or refresh the referential of public bodies from the
snapshot shipped in territory/data/ (or another one), with a progress bar."""

import sys
import time
from collections.abc import Iterable, Iterator

from django.core.management.base import BaseCommand, CommandError

from essaim.territory.importer import import_referential, reindex_all
from essaim.territory.snapshot import DEFAULT_PATH, SnapshotError, load_snapshot, subset


class ProgressBar:
    """A one-line bar on a terminal ("Organismes (communes) ████░░░░  52 % 18 000/34 875"),
    redrawn at most every 1 % of the work; one line per step when the output is not a
    terminal (a log file, CI), nothing at verbosity 0. No dependency."""

    WIDTH = 28

    def __init__(self, stream, *, enabled: bool):
        self.stream = stream
        self.enabled = enabled
        self.tty = enabled and hasattr(stream, "isatty") and stream.isatty()

    def __call__(self, iterable: Iterable, description: str, total: int) -> Iterator:
        if not self.enabled:
            yield from iterable
            return
        started = time.perf_counter()
        step = max(1, total // 100)
        done = 0
        for done, item in enumerate(iterable, start=1):
            yield item
            if self.tty and (done % step == 0 or done == total):
                self._draw(description, done, total)
        elapsed = time.perf_counter() - started
        if self.tty:
            self._draw(description, done, total)
            self.stream.write("\n")
        else:
            self.stream.write(f"{description} : {done}/{total} en {elapsed:.1f} s\n")
        self.stream.flush()

    def _draw(self, description: str, done: int, total: int) -> None:
        ratio = done / total if total else 1.0
        filled = round(self.WIDTH * ratio)
        bar = "█" * filled + "░" * (self.WIDTH - filled)
        self.stream.write(f"\r{description} {bar} {ratio:4.0%} {done}/{total}")
        self.stream.flush()


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
        parser.add_argument(
            "--reindex",
            action="store_true",
            help="réécrire ensuite l'index de recherche de tous les organismes (après un "
            "changement des règles de recherche)",
        )

    def handle(self, *args, snapshot, departements, reindex, **options):
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
        stream = getattr(self.stderr, "_out", sys.stderr)
        progress = ProgressBar(stream, enabled=options["verbosity"] > 0)

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
        if reindex:
            written = reindex_all(progress=progress)
            self.stdout.write(self.style.SUCCESS(f"Index de recherche réécrit : {written} termes."))
