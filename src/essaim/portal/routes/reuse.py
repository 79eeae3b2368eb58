"""Portal routes: reuse (the reusing body and the innovation's team follow a reuse)."""

from django.urls import path

from ..views import reuse

urlpatterns: list = [
    path("mes-reutilisations/", reuse.my_reuses_view, name="my_reuses"),
    path("reutilisations/<int:pk>/", reuse.reuse_detail, name="reuse_detail"),
    path("reutilisations/<int:pk>/avancement/", reuse.reuse_status, name="reuse_status"),
    path("reutilisations/<int:pk>/confirmer/", reuse.reuse_confirm_view, name="reuse_confirm"),
]
