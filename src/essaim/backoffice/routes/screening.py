"""Back-office routes of eligibility screening; backoffice/urls.py adds them."""

from django.urls import path

from ..views import screening

urlpatterns: list = [
    path("appels/<int:pk>/recevabilite/", screening.call_screening, name="call_screening"),
    path(
        "dossiers/<int:pk>/recevabilite/",
        screening.application_screening,
        name="application_screening",
    ),
]
