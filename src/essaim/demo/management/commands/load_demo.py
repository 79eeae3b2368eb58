"""`manage.py load_demo`: create or refresh the demo data, then print the demo accounts."""

from django.core.management.base import BaseCommand

from essaim.demo.loader import DemoSummary, load_demo
from essaim.territory.snapshot import load_snapshot, subset


class Command(BaseCommand):
    help = (
        "Load the demo data (Fonds MNT and the DITP's appel à défis) and print one account "
        "per role. Safe to run again: nothing is duplicated and the open call stays open."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--departements",
            help=(
                "ne charger le référentiel des organismes que pour ces départements, séparés "
                "par des virgules (par défaut : tout le référentiel)"
            ),
        )

    def handle(self, *args, departements=None, **options):
        referential = None
        if departements:
            codes = {code.strip().upper() for code in departements.split(",") if code.strip()}
            referential = subset(load_snapshot(), codes)
        summary = load_demo(referential=referential)
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
    if summary.totp_accounts:
        out += [
            "Double authentification (obligatoire pour " + ", ".join(summary.totp_accounts) + ") :",
            f"  clé de l'application d'authentification : {summary.totp_secret}",
            "  (à saisir dans FreeOTP, Aegis, Google ou Microsoft Authenticator…)",
            "",
        ]
    if summary.support_link:
        out += [
            f"Soutien hiérarchique (sans compte) — lien reçu par {summary.support_link_for} :",
            f"  {summary.support_link}",
            "",
        ]
    if summary.referential_imported:
        out += [
            f"Référentiel des organismes importé en {summary.referential_seconds:.1f} s "
            f"({summary.organisations} organismes officiels).",
            "",
        ]
    out += [f"Ouvrez {summary.site_url}", ""]
    return "\n".join(out)
