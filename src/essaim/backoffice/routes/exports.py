"""Back-office routes (exports); backoffice/urls.py adds them."""

from django.urls import path

from ..views import exports

urlpatterns = [
    path("appels/<int:pk>/exports/", exports.call_exports, name="call_exports"),
    path("appels/<int:pk>/exports/zip/", exports.call_archive_start, name="call_archive_start"),
    path(
        "dossiers/<int:pk>/zip/",
        exports.application_archive_start,
        name="application_archive_start",
    ),
    path("exports/", exports.export_list, name="export_list"),
    path("exports/<int:pk>/", exports.export_job, name="export_job"),
    path("exports/<int:pk>/etat.json", exports.export_job_status, name="export_job_status"),
    path("exports/<int:pk>/telecharger/", exports.export_download, name="export_download"),
]
