"""Back-office routes of the "dépôt accompagné" (a dossier received on paper, by phone or by
e-mail, entered by the fund's staff); backoffice/urls.py adds them."""

from django.urls import path

from ..views import assisted_applications as views

PREFIX = "appels/<int:pk>/depot-accompagne/"

urlpatterns: list = [
    path(PREFIX, views.assisted_start, name="assisted_start"),
    path(f"{PREFIX}<int:application_pk>/", views.assisted_edit, name="assisted_edit"),
    path(
        f"{PREFIX}<int:application_pk>/organisme/",
        views.assisted_organisation,
        name="assisted_organisation",
    ),
    path(f"{PREFIX}<int:application_pk>/pieces/", views.assisted_files, name="assisted_files"),
    path(f"{PREFIX}<int:application_pk>/verifier/", views.assisted_check, name="assisted_check"),
    path(f"{PREFIX}<int:application_pk>/depose/", views.assisted_done, name="assisted_done"),
]
