from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccompanimentConfig(AppConfig):
    name = "essaim.accompaniment"
    verbose_name = _("Accompagnement des lauréats")
