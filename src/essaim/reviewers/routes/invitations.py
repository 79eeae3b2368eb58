"""Routes of the reviewers' space; reviewers/urls.py adds them."""

from django.urls import path

from ..views import invitations

urlpatterns: list = [
    path(
        "invitations/<uuid:token>/",
        invitations.accept_invitation,
        name="accept_invitation",
    ),
]
