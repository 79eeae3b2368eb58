"""Portal routes of a person's own data (download, account deletion); portal/urls.py adds them."""

from django.urls import path

from ..views import personal_data

urlpatterns: list = [
    path("mon-compte/donnees/", personal_data.personal_data, name="personal_data"),
    path(
        "mon-compte/donnees/mes-donnees.json",
        personal_data.personal_data_download,
        name="personal_data_download",
    ),
    path(
        "mon-compte/supprimer/",
        personal_data.account_delete_view,
        name="account_delete",
    ),
]
