"""Back-office routes of support rounds and version diffs; backoffice/urls.py adds them."""

from django.urls import path

from ..views import support_rounds

urlpatterns: list = [
    path("appels/<int:pk>/appui/", support_rounds.support_rounds, name="support_rounds"),
    path(
        "appels/<int:pk>/appui/ouvrir/",
        support_rounds.support_round_open,
        name="support_round_open",
    ),
    path(
        "appels/<int:pk>/appui/<int:round_pk>/",
        support_rounds.support_round_detail,
        name="support_round_detail",
    ),
    path(
        "appels/<int:pk>/appui/<int:round_pk>/clore/",
        support_rounds.support_round_close,
        name="support_round_close",
    ),
    path("dossiers/<int:pk>/versions/", support_rounds.version_diff, name="version_diff"),
]
