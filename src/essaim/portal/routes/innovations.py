"""Portal routes: the team writes its innovation sheet."""

from django.urls import path

from ..views import innovations

urlpatterns = [
    path(
        "dossiers/<int:pk>/fiche-innovation/",
        innovations.innovation_sheet,
        name="innovation_sheet",
    ),
    path(
        "dossiers/<int:pk>/fiche-innovation/ressources/",
        innovations.innovation_resources,
        name="innovation_resources",
    ),
    path(
        "dossiers/<int:pk>/fiche-innovation/ressources/<int:resource_pk>/retirer/",
        innovations.innovation_resource_delete,
        name="innovation_resource_delete",
    ),
]
