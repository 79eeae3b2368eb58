from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoachingConfig(AppConfig):
    """The laureates' shared workspaces (team, coach, evaluator, staff) and calendar feeds."""

    name = "essaim.coaching"
    verbose_name = _("Espace d'accompagnement")
