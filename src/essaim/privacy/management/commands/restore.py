"""`manage.py restore PATH`: put back a backup made by `manage.py backup`.

Replaces the whole database with the archive's and writes its files back. Stop the app
servers and the task worker first. Asks for confirmation unless `--no-input`. See
docs/backup.md, which also says how to test a restore regularly.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from essaim.privacy.backups import BackupError, describe, read_manifest, restore


class Command(BaseCommand):
    help = "Restaure une sauvegarde : remplace la base de données et remet les fichiers."

    def add_arguments(self, parser):
        parser.add_argument("path", help="Archive .tar.gz écrite par manage.py backup.")
        parser.add_argument(
            "--no-input",
            "--noinput",
            action="store_false",
            dest="interactive",
            help="Ne pas demander de confirmation.",
        )

    def handle(self, *args, **options):
        path = Path(options["path"])
        try:
            manifest = read_manifest(path)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"{path}: {manifest['engine']} backup of {manifest['created_at']}, "
            f"{manifest['files']} files"
        )
        if options["interactive"]:
            answer = input(
                "This REPLACES the current database and overwrites files. Type 'yes' to go on: "
            )
            if answer.strip().lower() != "yes":
                raise CommandError("Restore cancelled.")
        try:
            summary = restore(archive_path=path)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"restored: {describe(summary)}")
