"""Public routes: innovation sheets and the fund's news."""

from django.urls import path

from essaim.catalogue.feeds import FundNewsFeed

from .. import views_innovations as views

urlpatterns = [
    path("innovations/<slug:slug>/", views.innovation_detail, name="innovation_detail"),
    path(
        "innovations/<slug:slug>/ressources/<int:pk>/",
        views.innovation_resource,
        name="innovation_resource",
    ),
    path("fonds/<slug:fund_slug>/actualites/", views.fund_news, name="fund_news"),
    path("fonds/<slug:fund_slug>/actualites/atom.xml", FundNewsFeed(), name="fund_news_feed"),
    path(
        "fonds/<slug:fund_slug>/actualites/<slug:news_slug>/",
        views.news_detail,
        name="news_detail",
    ),
]
