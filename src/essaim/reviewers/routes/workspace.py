"""Routes of the reviewers' space; reviewers/urls.py adds them."""

from django.urls import path

from ..views import workspace

urlpatterns: list = [
    path("", workspace.home, name="home"),
    path("evaluations/<int:pk>/", workspace.assignment_detail, name="assignment"),
    path("evaluations/<int:pk>/rendre/", workspace.submit_review, name="submit"),
    path(
        "evaluations/<int:pk>/pieces-jointes/<int:attachment_pk>/",
        workspace.attachment_download,
        name="attachment_download",
    ),
    path(
        "evaluations/<int:pk>/conflit-d-interets/",
        workspace.declare_conflict,
        name="declare_conflict",
    ),
]
