"""Rewrite every two-factor secret under the current SECRET_KEY (after a key rotation)."""

from allauth.mfa.models import Authenticator
from django.core.management.base import BaseCommand
from django.db import transaction

from essaim.accounts.secrets_at_rest import rewrite_secrets


class Command(BaseCommand):
    help = (
        "Chiffre de nouveau les secrets de double authentification avec la SECRET_KEY "
        "actuelle ; les anciennes clés peuvent ensuite quitter SECRET_KEY_FALLBACKS."
    )

    def handle(self, *args, **options):
        with transaction.atomic():
            count = rewrite_secrets(Authenticator)
        self.stdout.write(f"{count} authenticator(s) rewritten under the current key.")
