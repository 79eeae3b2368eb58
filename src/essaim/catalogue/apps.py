from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogueConfig(AppConfig):
    name = "essaim.catalogue"
    verbose_name = _("Catalogue des innovations")

    def ready(self):
        from .search import install_sqlite_functions

        install_sqlite_functions()  # the search index's triggers call essaim_fr_stems()
