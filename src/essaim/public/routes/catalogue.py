"""Public routes: the catalogue of innovations and its map."""

from django.urls import path

from .. import views_catalogue as views

urlpatterns = [
    path("innovations/", views.catalogue, name="catalogue"),
    # not under innovations/: that prefix is the sheets' (innovations/<slug>/)
    path("carte-des-innovations/", views.catalogue_map, name="catalogue_map"),
]
