"""`manage.py anonymise_expired`: the daily retention pass, for cron.

    # every day at 06:15, Europe/Paris
    15 6 * * * cd /srv/essaim && .venv/bin/python manage.py anonymise_expired

Removes the personal data of non-selected dossiers whose fund's retention period is over
(see essaim.privacy.retention). Running it twice, or on two machines at once, does each
dossier once. `--dry-run` lists what would be done and changes nothing; `--enqueue` hands
the pass to the task worker instead.
"""

from django.core.management.base import BaseCommand

from essaim.privacy.retention import anonymise_expired
from essaim.privacy.tasks import anonymise_expired as anonymise_expired_task


class Command(BaseCommand):
    help = (
        "Anonymise les dossiers non retenus dont la durée de conservation fixée par leur fonds "
        "est écoulée."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Afficher les dossiers concernés sans rien modifier.",
        )
        parser.add_argument(
            "--enqueue",
            action="store_true",
            help="Confier le travail au worker des tâches au lieu de le faire ici.",
        )

    def handle(self, *args, **options):
        if options["enqueue"]:
            result = anonymise_expired_task.enqueue()
            self.stdout.write(f"enqueued {result.id}")
            return
        report = anonymise_expired(dry_run=options["dry_run"])
        for fund, labels in report.per_fund.items():
            self.stdout.write(f"{fund}: {', '.join(labels)}")
        if report.dry_run:
            self.stdout.write(f"dry run: {report.anonymised} dossiers would be anonymised")
        else:
            self.stdout.write(
                f"{report.anonymised} dossiers anonymised, {report.team_members} team members, "
                f"{report.files} files deleted"
            )
