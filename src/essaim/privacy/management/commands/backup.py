"""`manage.py backup [PATH]`: the database and every stored file in one .tar.gz.

    # every night at 02:30; keep the archives elsewhere than on this machine
    30 2 * * * cd /srv/essaim && .venv/bin/python manage.py backup

Works while the site runs (SQLite's online backup API, pg_dump's snapshot). Without PATH the
archive goes to ESSAIM_BACKUP_DIR (default var/backups/) as essaim-YYYYMMDD-HHMMSS.tar.gz.
See docs/backup.md.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from essaim.privacy.backups import BackupError, backup, describe


class Command(BaseCommand):
    help = "Sauvegarde la base de données et les fichiers déposés dans une archive .tar.gz."

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", help="Fichier .tar.gz à écrire.")

    def handle(self, *args, **options):
        try:
            summary = backup(destination=Path(options["path"]) if options["path"] else None)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"backup written: {describe(summary)}")
