"""Back-office routes of the accompaniment set-up: the call's template of phases, its
cohorts, its coaches and evaluators, placing and finishing each laureate's accompaniment;
backoffice/urls.py adds them."""

from django.urls import path

from ..views import accompaniment as views

urlpatterns: list = [
    path(
        "appels/<int:pk>/accompagnement/",
        views.call_accompaniment_page,
        name="call_accompaniment",
    ),
    path(
        "appels/<int:pk>/accompagnement/modele-par-defaut/",
        views.template_default,
        name="accompaniment_template_default",
    ),
    path(
        "appels/<int:pk>/accompagnement/phases/nouvelle/",
        views.phase_create,
        name="accompaniment_phase_create",
    ),
    path(
        "accompagnement/phases/<int:phase_pk>/modifier/",
        views.phase_edit,
        name="accompaniment_phase_edit",
    ),
    path(
        "accompagnement/phases/<int:phase_pk>/retirer/",
        views.phase_delete,
        name="accompaniment_phase_delete",
    ),
    path(
        "accompagnement/phases/<int:phase_pk>/deplacer/",
        views.phase_move,
        name="accompaniment_phase_move",
    ),
    path(
        "appels/<int:pk>/accompagnement/cohortes/nouvelle/",
        views.cohort_create,
        name="accompaniment_cohort_create",
    ),
    path(
        "accompagnement/cohortes/<int:cohort_pk>/modifier/",
        views.cohort_edit,
        name="accompaniment_cohort_edit",
    ),
    path(
        "appels/<int:pk>/accompagnement/intervenants/",
        views.people,
        name="accompaniment_people",
    ),
    path(
        "accompagnement/invitations/<int:invitation_pk>/renvoyer/",
        views.invitation_resend,
        name="accompaniment_invitation_resend",
    ),
    path(
        "accompagnement/invitations/<int:invitation_pk>/annuler/",
        views.invitation_revoke,
        name="accompaniment_invitation_revoke",
    ),
    path(
        "dossiers/<int:pk>/accompagnement/",
        views.placement,
        name="accompaniment_placement",
    ),
    path(
        "dossiers/<int:pk>/accompagnement/terminer/",
        views.finish,
        name="accompaniment_finish",
    ),
]
