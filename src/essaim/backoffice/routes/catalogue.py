"""Back-office routes: the fund's innovation sheets, news and testimonials."""

from django.urls import path

from ..views import catalogue

urlpatterns = [
    path("fonds/<int:fund_pk>/innovations/", catalogue.catalogue_fund, name="catalogue_fund"),
    path(
        "dossiers/<int:application_pk>/fiche-innovation/",
        catalogue.innovation_create,
        name="innovation_create",
    ),
    path(
        "innovations/hors-fonds/nouvelle/",
        catalogue.innovation_create_external,
        name="innovation_create_external",
    ),
    path("innovations/<int:pk>/", catalogue.innovation_edit, name="innovation_edit"),
    path(
        "innovations/<int:pk>/ressources/",
        catalogue.innovation_resources,
        name="innovation_resources",
    ),
    path(
        "innovations/<int:pk>/ressources/<int:resource_pk>/retirer/",
        catalogue.innovation_resource_delete,
        name="innovation_resource_delete",
    ),
    path(
        "innovations/<int:pk>/publier/",
        catalogue.innovation_publication,
        {"action": "publier"},
        name="innovation_publish",
    ),
    path(
        "innovations/<int:pk>/retirer/",
        catalogue.innovation_publication,
        {"action": "retirer"},
        name="innovation_unpublish",
    ),
    # news
    path("fonds/<int:fund_pk>/actualites/", catalogue.news_list, name="news_list"),
    path("fonds/<int:fund_pk>/actualites/nouvelle/", catalogue.news_create, name="news_create"),
    path("actualites/<int:pk>/", catalogue.news_edit, name="news_edit"),
    path(
        "actualites/<int:pk>/publier/",
        catalogue.news_publication,
        {"action": "publier"},
        name="news_publish",
    ),
    path(
        "actualites/<int:pk>/retirer/",
        catalogue.news_publication,
        {"action": "retirer"},
        name="news_unpublish",
    ),
    # testimonials
    path("fonds/<int:fund_pk>/temoignages/", catalogue.testimonial_list, name="testimonial_list"),
    path(
        "fonds/<int:fund_pk>/temoignages/nouveau/",
        catalogue.testimonial_create,
        name="testimonial_create",
    ),
    path("temoignages/<int:pk>/", catalogue.testimonial_edit, name="testimonial_edit"),
    path(
        "temoignages/<int:pk>/publier/",
        catalogue.testimonial_publication,
        {"action": "publier"},
        name="testimonial_publish",
    ),
    path(
        "temoignages/<int:pk>/retirer/",
        catalogue.testimonial_publication,
        {"action": "retirer"},
        name="testimonial_unpublish",
    ),
]
