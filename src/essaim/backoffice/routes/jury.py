"""Back-office routes of the jury: a call's sessions, planning one, the deliberation, the
decisions, closing the session and its minutes."""

from django.urls import path

from ..views import jury

urlpatterns = [
    path("appels/<int:pk>/jury/", jury.jury_sessions, name="jury_sessions"),
    path(
        "appels/<int:pk>/jury/nouvelle-seance/",
        jury.jury_session_create,
        name="jury_session_create",
    ),
    path("jury/<int:pk>/", jury.jury_deliberation, name="jury_deliberation"),
    path("jury/<int:pk>/modifier/", jury.jury_session_edit, name="jury_session_edit"),
    path("jury/<int:pk>/membres/", jury.jury_members, name="jury_members"),
    path("jury/<int:pk>/dossiers/", jury.jury_items, name="jury_items"),
    path("jury/<int:pk>/presences/", jury.jury_attendance, name="jury_attendance"),
    path(
        "jury/<int:pk>/dossiers/<int:application_pk>/decision/",
        jury.jury_decision,
        name="jury_decision",
    ),
    path(
        "jury/<int:pk>/dossiers/<int:application_pk>/abstentions/",
        jury.jury_abstentions,
        name="jury_abstentions",
    ),
    path("jury/<int:pk>/clore/", jury.jury_hold, name="jury_hold"),
    path("jury/<int:pk>/proces-verbal.pdf", jury.jury_minutes, name="jury_minutes"),
]
