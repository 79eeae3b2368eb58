from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    """The read API and the open data under /api/v1/."""

    name = "essaim.api"
    verbose_name = _("API et données ouvertes")
