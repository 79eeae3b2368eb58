"""Back-office routes of the results: decision messages (templates, mailings and their log)
and the publication of a call's results."""

from django.urls import path

from ..views import mailings, results

urlpatterns = [
    path("appels/<int:pk>/messages-de-decision/", mailings.mailings, name="mailings"),
    path(
        "appels/<int:pk>/messages-de-decision/<slug:outcome>/modele/",
        mailings.mail_template_edit,
        name="mail_template_edit",
    ),
    path(
        "appels/<int:pk>/messages-de-decision/<slug:outcome>/envoi/",
        mailings.mailing_create,
        name="mailing_create",
    ),
    path("envois/<int:pk>/", mailings.mailing_detail, name="mailing_detail"),
    path("envois/<int:pk>/confirmer/", mailings.mailing_confirm, name="mailing_confirm"),
    path("envois/<int:pk>/abandonner/", mailings.mailing_discard, name="mailing_discard"),
    path(
        "envois/<int:pk>/messages/<int:recipient_pk>/",
        mailings.mailing_recipient,
        name="mailing_recipient",
    ),
    path("appels/<int:pk>/resultats/", results.call_results, name="call_results"),
    path(
        "appels/<int:pk>/resultats/publier/",
        results.call_results_publish,
        name="call_results_publish",
    ),
    path(
        "appels/<int:pk>/resultats/retirer/",
        results.call_results_unpublish,
        name="call_results_unpublish",
    ),
]
