"""Back-office routes of the ranking and the first selection; backoffice/urls.py adds them."""

from django.urls import path

from ..views import ranking

urlpatterns: list = [
    path("evaluation/etapes/<int:stage_pk>/classement/", ranking.ranking, name="ranking"),
    path(
        "evaluation/etapes/<int:stage_pk>/classement/export.csv",
        ranking.ranking_export,
        name="ranking_export",
    ),
    path("appels/<int:pk>/premiere-selection/", ranking.first_selection, name="first_selection"),
]
