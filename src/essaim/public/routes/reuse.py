"""Public routes: reuse (« Je veux m'en inspirer »)."""

from django.urls import path

from .. import views_reuse

urlpatterns: list = [
    path(
        "innovations/<slug:slug>/m-en-inspirer/",
        views_reuse.reuse_declare_view,
        name="reuse_declare",
    ),
]
