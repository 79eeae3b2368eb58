from django.urls import path

from . import views, views_printable, views_results
from .routes import catalogue, innovations, reuse

app_name = "public"

urlpatterns = [
    path("", views.home, name="home"),
    path("appels-passes/", views.past_calls, name="past_calls"),
    path("fonds/<slug:fund_slug>/", views.fund_detail, name="fund_detail"),
    path("fonds/<slug:fund_slug>/theme.css", views.fund_theme, name="fund_theme"),
    path("fonds/<slug:fund_slug>/logo/", views.fund_logo, name="fund_logo"),
    path("fonds/<slug:fund_slug>/appels/<slug:call_slug>/", views.call_detail, name="call_detail"),
    path(
        "fonds/<slug:fund_slug>/appels/<slug:call_slug>/formulaire.pdf",
        views_printable.call_blank_form,
        name="call_blank_form",
    ),
    path(
        "fonds/<slug:fund_slug>/appels/<slug:call_slug>/resultats/",
        views_results.call_results,
        name="call_results",
    ),
    path("mentions-legales/", views.legal, name="legal"),
    path("donnees-personnelles/", views.privacy, name="privacy"),
    path("accessibilite/", views.accessibility, name="accessibility"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
]

# essaimage: innovation sheets and the fund's news; the catalogue and its map; reuse
for area in (innovations, catalogue, reuse):
    urlpatterns += area.urlpatterns
