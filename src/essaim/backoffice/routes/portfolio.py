"""Back-office routes: the portfolio of laureates across the calls one manages."""

from django.urls import path

from ..views import portfolio

urlpatterns = [
    path("portefeuille/", portfolio.portfolio, name="portfolio"),
    path("portefeuille/frise/", portfolio.portfolio_timeline, name="portfolio_timeline"),
]
