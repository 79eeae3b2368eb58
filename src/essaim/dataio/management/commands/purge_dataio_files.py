"""Delete the files of expired exports and imports (run it daily; each export also does)."""

from django.core.management.base import BaseCommand

from essaim.dataio.exports import purge_expired_files


class Command(BaseCommand):
    help = "Delete the files of expired exports and imports."

    def handle(self, *args, **options):
        purged = purge_expired_files()
        self.stdout.write(f"{purged} file(s) deleted")
