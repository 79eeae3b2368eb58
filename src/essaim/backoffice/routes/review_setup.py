"""Back-office routes of the review set-up: stages and criteria, the pool of reviewers and
jurors, assignments and conflicts of interest; backoffice/urls.py adds them."""

from django.urls import path

from ..views import assignments, conflicts, review_setup

urlpatterns: list = [
    # stages and criteria
    path("appels/<int:pk>/evaluation/", review_setup.review_stages, name="review_stages"),
    path(
        "appels/<int:pk>/evaluation/nouvelle-etape/",
        review_setup.review_stage_create,
        name="review_stage_create",
    ),
    path(
        "evaluation/etapes/<int:stage_pk>/",
        review_setup.review_stage_detail,
        name="review_stage_detail",
    ),
    path(
        "evaluation/etapes/<int:stage_pk>/modifier/",
        review_setup.review_stage_edit,
        name="review_stage_edit",
    ),
    path(
        "evaluation/etapes/<int:stage_pk>/supprimer/",
        review_setup.review_stage_delete,
        name="review_stage_delete",
    ),
    path(
        "evaluation/etapes/<int:stage_pk>/criteres/nouveau/",
        review_setup.criterion_create,
        name="criterion_create",
    ),
    path(
        "evaluation/criteres/<int:criterion_pk>/modifier/",
        review_setup.criterion_edit,
        name="criterion_edit",
    ),
    path(
        "evaluation/criteres/<int:criterion_pk>/supprimer/",
        review_setup.criterion_delete,
        name="criterion_delete",
    ),
    path(
        "evaluation/criteres/<int:criterion_pk>/deplacer/",
        review_setup.criterion_move,
        name="criterion_move",
    ),
    # the pool
    path("appels/<int:pk>/evaluateurs/", review_setup.review_pool, name="review_pool"),
    path(
        "evaluation/invitations/<int:invitation_pk>/renvoyer/",
        review_setup.invitation_resend,
        name="invitation_resend",
    ),
    path(
        "evaluation/invitations/<int:invitation_pk>/annuler/",
        review_setup.invitation_revoke,
        name="invitation_revoke",
    ),
    # assignments
    path(
        "evaluation/etapes/<int:stage_pk>/affectations/",
        assignments.assignment_board,
        name="assignment_board",
    ),
    path(
        "evaluation/etapes/<int:stage_pk>/affectations/ajouter/",
        assignments.assignment_add,
        name="assignment_add",
    ),
    path(
        "evaluation/affectations/<int:assignment_pk>/retirer/",
        assignments.assignment_remove,
        name="assignment_remove",
    ),
    path(
        "evaluation/etapes/<int:stage_pk>/affectation-automatique/",
        assignments.auto_assign,
        name="auto_assign",
    ),
    path(
        "evaluation/etapes/<int:stage_pk>/charge/",
        assignments.reviewer_load,
        name="reviewer_load",
    ),
    # conflicts of interest
    path("appels/<int:pk>/conflits/", conflicts.conflict_list, name="conflict_list"),
    path("appels/<int:pk>/conflits/detecter/", conflicts.conflict_detect, name="conflict_detect"),
    path(
        "evaluation/conflits/<int:conflict_pk>/confirmer/",
        conflicts.conflict_confirm,
        name="conflict_confirm",
    ),
    path(
        "evaluation/conflits/<int:conflict_pk>/ecarter/",
        conflicts.conflict_clear,
        name="conflict_clear",
    ),
]
