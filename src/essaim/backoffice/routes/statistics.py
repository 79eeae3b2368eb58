"""Back-office routes of a call's statistics; backoffice/urls.py adds them."""

from django.urls import path

from ..views import statistics

urlpatterns = [
    path(
        "appels/<int:pk>/statistiques/",
        statistics.call_statistics_page,
        name="call_statistics",
    ),
    path(
        "appels/<int:pk>/statistiques/export.csv",
        statistics.call_statistics_export,
        name="call_statistics_export",
    ),
]
