"""`manage.py accompaniment_daily`: the daily pass over milestones, for cron.

    # every day at 06:00, Europe/Paris
    0 6 * * * cd /srv/essaim && .venv/bin/python manage.py accompaniment_daily

It marks open milestones past due as late and sends the reminders still owed. Running it
twice, or on two machines at once, sends nothing twice. `--enqueue` hands the work to the
task worker (`db_worker`) instead of doing it here.
"""

from django.core.management.base import BaseCommand

from essaim.accompaniment.services.reminders import run_daily
from essaim.accompaniment.tasks import accompaniment_daily


class Command(BaseCommand):
    help = "Marque les jalons en retard et envoie les relances dues (sans jamais doublon)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--enqueue",
            action="store_true",
            help="Confier le travail au worker des tâches au lieu de le faire ici.",
        )

    def handle(self, *args, **options):
        if options["enqueue"]:
            result = accompaniment_daily.enqueue()
            self.stdout.write(f"enqueued {result.id}")
            return
        report = run_daily()
        self.stdout.write(
            "{today}: {marked_late} marked late, {late_reminders} late reminders, "
            "{due_soon_reminders} due-soon reminders".format(**report.as_dict())
        )
