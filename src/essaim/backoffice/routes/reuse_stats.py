"""Back-office routes: reuse counts and spread over time; backoffice/urls.py adds them."""

from django.urls import path

from ..views import reuse_stats

urlpatterns: list = [
    path("essaimage/reutilisations/", reuse_stats.reuse_stats, name="reuse_stats"),
    path(
        "essaimage/reutilisations/export.csv",
        reuse_stats.reuse_stats_export,
        name="reuse_stats_export",
    ),
    path(
        "essaimage/reutilisations/innovations/<int:pk>/",
        reuse_stats.reuse_list,
        name="reuse_list",
    ),
]
