"""Back-office routes of reciprocal engagements and of a call's envelope; backoffice/urls.py
adds them."""

from django.urls import path

from ..views import engagements

urlpatterns: list = [
    path(
        "dossiers/<int:pk>/engagement/nouveau/",
        engagements.engagement_create,
        name="engagement_create",
    ),
    path("engagements/<int:pk>/", engagements.engagement_detail, name="engagement_detail"),
    path("engagements/<int:pk>/modifier/", engagements.engagement_edit, name="engagement_edit"),
    path("engagements/<int:pk>/signer/", engagements.engagement_sign, name="engagement_sign"),
    path("engagements/<int:pk>/avenant/", engagements.engagement_amend, name="engagement_amend"),
    path(
        "engagements/<int:pk>/tranches/<int:tranche_pk>/versement/",
        engagements.tranche_pay,
        name="engagement_tranche_pay",
    ),
    path("engagements/<int:pk>/engagement.pdf", engagements.engagement_pdf, name="engagement_pdf"),
    path("appels/<int:pk>/enveloppe/", engagements.call_envelope, name="call_envelope"),
]
