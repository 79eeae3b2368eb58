from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DataioConfig(AppConfig):
    """Data in and out for staff: exports in the background, spreadsheet imports."""

    name = "essaim.dataio"
    label = "dataio"
    verbose_name = _("Exports et imports")
