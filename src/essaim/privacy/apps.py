from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    """Personal data (RGPD): a person's export and account deletion, the retention of
    non-selected dossiers, and backups."""

    name = "essaim.privacy"
    verbose_name = _("Données personnelles")
