"""Back-office routes (imports); backoffice/urls.py adds them."""

from django.urls import path

from ..views import imports

urlpatterns = [
    path("fonds/<int:pk>/import/", imports.fund_import, name="fund_import"),
    path(
        "fonds/<int:pk>/import/modele.<str:fmt>",
        imports.fund_import_template,
        name="fund_import_template",
    ),
    path(
        "fonds/<int:pk>/import/<int:job_pk>/",
        imports.fund_import_report,
        name="fund_import_report",
    ),
    path(
        "fonds/<int:pk>/import/<int:job_pk>/confirmer/",
        imports.fund_import_confirm,
        name="fund_import_confirm",
    ),
]
