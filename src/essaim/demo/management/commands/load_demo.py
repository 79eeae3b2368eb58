"""`manage.py load_demo`: create or refresh the demo data, then print the demo accounts."""

from django.core.management.base import BaseCommand

from essaim.demo.loader import DemoSummary, load_demo


class Command(BaseCommand):
    help = (
        "Load the demo data (Fonds MNT and the DITP's appel à défis) and print one account "
        "per role. Safe to run again: nothing is duplicated and the open call stays open."
    )

    def handle(self, *args, **options):
        summary = load_demo()
        self.stdout.write(format_summary(summary))


def format_summary(summary: DemoSummary) -> str:
    headers = ("Rôle", "E-mail", "Mot de passe", "À essayer")
    rows = [(a.role, a.email, a.password, a.try_this) for a in summary.accounts]
    widths = [max(len(row[i]) for row in (headers, *rows)) for i in range(3)]

    def line(cells) -> str:
        return "  ".join(
            [*(cell.ljust(width) for cell, width in zip(cells[:3], widths, strict=False)), cells[3]]
        ).rstrip()

    out = [
        "",
        f"Données de démonstration chargées : {summary.dossiers_created} dossiers créés, "
        f"{summary.dossiers_kept} déjà présents.",
        "",
        line(headers),
        line(["-" * w for w in widths] + ["-" * len(headers[3])]),
        *(line(row) for row in rows),
        "",
    ]
    if summary.support_link:
        out += [
            f"Soutien hiérarchique (sans compte) — lien reçu par {summary.support_link_for} :",
            f"  {summary.support_link}",
            "",
        ]
    out += [f"Ouvrez {summary.site_url}", ""]
    return "\n".join(out)
