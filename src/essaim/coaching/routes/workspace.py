"""Routes of the accompaniment space: the laureates' shared workspaces."""

from django.urls import path

from ..views import workspace

urlpatterns: list = [
    path("", workspace.home, name="home"),
    path("<int:pk>/", workspace.workspace, name="workspace"),
    path("<int:pk>/phases/<int:phase_pk>/demarrer/", workspace.phase_start, name="phase_start"),
    path(
        "<int:pk>/phases/<int:phase_pk>/terminer/",
        workspace.phase_complete,
        name="phase_complete",
    ),
    path("<int:pk>/jalons/ajouter/", workspace.milestone_add, name="milestone_add"),
    path(
        "<int:pk>/jalons/<int:milestone_pk>/modifier/",
        workspace.milestone_edit,
        name="milestone_edit",
    ),
    path(
        "<int:pk>/jalons/<int:milestone_pk>/etat/",
        workspace.milestone_status,
        name="milestone_status",
    ),
    path(
        "<int:pk>/jalons/<int:milestone_pk>/preuve/",
        workspace.milestone_evidence,
        name="milestone_evidence",
    ),
    path("<int:pk>/journal/ajouter/", workspace.journal_add, name="journal_add"),
    path("<int:pk>/documents/ajouter/", workspace.document_add, name="document_add"),
    path(
        "<int:pk>/documents/<int:document_pk>/",
        workspace.document_download,
        name="document_download",
    ),
    path(
        "<int:pk>/documents/<int:document_pk>/retirer/",
        workspace.document_remove,
        name="document_remove",
    ),
    path("<int:pk>/evaluation/<slug:moment>/", workspace.report_edit, name="report_edit"),
    path(
        "<int:pk>/evaluation/<slug:moment>/remettre/",
        workspace.report_submit,
        name="report_submit",
    ),
]
