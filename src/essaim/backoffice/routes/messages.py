"""Back-office routes of a dossier's message thread."""

from django.urls import path

from ..views import messages

urlpatterns = [
    path(
        "dossiers/<int:pk>/messages/",
        messages.application_messages,
        name="application_messages",
    ),
]
