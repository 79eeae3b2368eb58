from django.urls import path

from .routes import innovations as innovation_routes
from .routes import personal_data as personal_data_routes
from .routes import reuse as reuse_routes
from .views import (
    applications,
    attachments,
    engagements,
    messages,
    organisation,
    sections,
    submission,
    support,
    support_rounds,
    team,
)

app_name = "portal"

urlpatterns = [
    path("mes-dossiers/", applications.my_applications, name="my_applications"),
    path(
        "fonds/<slug:fund_slug>/appels/<slug:call_slug>/candidater/",
        applications.application_start,
        name="application_start",
    ),
    path("dossiers/<int:pk>/", applications.application_detail, name="application_detail"),
    # sections of the form
    path(
        "dossiers/<int:pk>/sections/<slug:section>/",
        sections.section_edit,
        name="section_edit",
    ),
    # --- organisation (referential of public bodies) ---
    path(
        "dossiers/<int:pk>/organisme/choisir/",
        organisation.organisation_choose,
        name="organisation_choose",
    ),
    path(
        "dossiers/<int:pk>/organisme/ajouter/",
        organisation.organisation_add,
        name="organisation_add",
    ),
    path(
        "organismes/suggestions/",
        organisation.organisation_suggestions,
        name="organisation_suggestions",
    ),
    # team
    path("dossiers/<int:pk>/equipe/", team.team, name="team"),
    path(
        "dossiers/<int:pk>/equipe/<int:member_pk>/modifier/",
        team.team_member_edit,
        name="team_member_edit",
    ),
    path(
        "dossiers/<int:pk>/equipe/<int:member_pk>/retirer/",
        team.team_member_remove,
        name="team_member_remove",
    ),
    path(
        "dossiers/<int:pk>/equipe/<int:member_pk>/relancer/",
        team.team_invitation_resend,
        name="team_invitation_resend",
    ),
    path("invitations/<uuid:token>/", team.accept_invitation, name="accept_invitation"),
    # attachments
    path("dossiers/<int:pk>/pieces-jointes/", attachments.attachments, name="attachments"),
    path(
        "dossiers/<int:pk>/pieces-jointes/<int:attachment_pk>/",
        attachments.attachment_download,
        name="attachment_download",
    ),
    path(
        "dossiers/<int:pk>/pieces-jointes/<int:attachment_pk>/supprimer/",
        attachments.attachment_delete,
        name="attachment_delete",
    ),
    # hierarchical support
    path("dossiers/<int:pk>/soutien/", support.support, name="support"),
    path("soutien/<str:token>/", support.support_respond, name="support_respond"),
    # submission, receipt, withdrawal
    path("dossiers/<int:pk>/verifier/", submission.application_check, name="application_check"),
    path(
        "dossiers/<int:pk>/depose/",
        submission.application_confirmation,
        name="application_confirmation",
    ),
    path(
        "dossiers/<int:pk>/recepisse.pdf",
        submission.application_receipt,
        name="application_receipt",
    ),
    path(
        "dossiers/<int:pk>/retirer/", submission.application_withdraw, name="application_withdraw"
    ),
    # --- messages ---
    path("dossiers/<int:pk>/messages/", messages.application_messages, name="application_messages"),
]

# --- support rounds ---
urlpatterns += [
    path("dossiers/<int:pk>/nouvelle-version/", support_rounds.new_version, name="new_version"),
]

# --- engagements ---
urlpatterns += [
    path(
        "dossiers/<int:pk>/engagements/<int:engagement_pk>/",
        engagements.engagement_detail,
        name="engagement_detail",
    ),
    path(
        "dossiers/<int:pk>/engagements/<int:engagement_pk>/signer/",
        engagements.engagement_sign,
        name="engagement_sign",
    ),
    path(
        "dossiers/<int:pk>/engagements/<int:engagement_pk>/engagement.pdf",
        engagements.engagement_pdf,
        name="engagement_pdf",
    ),
]

# essaimage: the team writes its innovation sheet; reusing bodies follow their reuse
urlpatterns += innovation_routes.urlpatterns + reuse_routes.urlpatterns

# RGPD: a person downloads their data and deletes their account
urlpatterns += personal_data_routes.urlpatterns
