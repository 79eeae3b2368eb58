"""Back-office routes (dashboards); backoffice/urls.py adds them."""

from django.urls import path

from ..views import dashboards

urlpatterns = [
    path(
        "appels/<int:pk>/tableau-de-bord/",
        dashboards.call_dashboard,
        name="call_dashboard",
    ),
    path(
        "fonds/<int:pk>/tableau-de-bord/",
        dashboards.fund_dashboard,
        name="fund_dashboard",
    ),
]
