from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReviewersConfig(AppConfig):
    """The reviewers' and jurors' space: invitations, assigned dossiers, scoring."""

    name = "essaim.reviewers"
    verbose_name = _("Espace des évaluateurs")
