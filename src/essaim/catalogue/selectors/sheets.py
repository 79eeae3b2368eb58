"""Reads behind the sheet pages, the back-office lists and the fund's promotion panel.

Each function runs a fixed number of queries whatever the number of rows.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet

from essaim.applications.enums import ApplicationState
from essaim.applications.models import Application
from essaim.funds.models import Fund
from essaim.funds.rules import is_platform_admin

from ..models import Innovation, NewsPost, Testimonial

FUND_PAGE_NEWS = 3


def sheet_with_content() -> QuerySet[Innovation]:
    """A sheet with everything its page shows: fund, call, body, figures, resources,
    contacts, and the fund's published testimonials and news that name it. Six queries."""
    return Innovation.objects.select_related("fund", "call", "organisation").prefetch_related(
        "figures",
        "resources",
        "contacts",
        Prefetch(
            "testimonials",
            queryset=Testimonial.objects.filter(is_published=True).order_by("position", "id"),
            to_attr="published_testimonials",
        ),
        Prefetch(
            "news",
            queryset=NewsPost.objects.filter(is_published=True)
            .select_related("fund")
            .order_by("-published_at", "-id"),
            to_attr="published_news",
        ),
    )


def sheet_for_editing() -> QuerySet[Innovation]:
    """A sheet with its figures, contacts and resources, for the edit pages."""
    return Innovation.objects.select_related(
        "fund", "call", "organisation", "application"
    ).prefetch_related("figures", "contacts", "resources")


def fund_sheets(fund: Fund) -> list[Innovation]:
    """The fund's sheets, drafts first then newest published. One query."""
    return list(
        Innovation.objects.filter(fund=fund)
        .select_related("call", "application")
        .order_by("is_published", "-published_at", "-updated_at", "-id")
    )


def laureates_without_sheet(fund: Fund) -> list[Application]:
    """The fund's laureates whose team has no sheet yet. One query."""
    return list(
        Application.objects.filter(
            call__fund=fund, state__in=ApplicationState.selected(), innovation__isnull=True
        )
        .select_related("call")
        .order_by("-call__opens_at", "title", "pk")
    )


def external_sheets(user) -> list[Innovation]:
    """Innovations from outside any fund that `user` may edit: those they added, or all
    for a platform admin. One query."""
    queryset = Innovation.objects.filter(fund__isnull=True)
    if not is_platform_admin(user):
        queryset = queryset.filter(created_by=user)
    return list(queryset.order_by("is_published", "-updated_at", "-id"))


@dataclass(frozen=True)
class FundPromotion:
    news: list[NewsPost]
    testimonials: list[Testimonial]


def fund_promotion(fund: Fund) -> FundPromotion:
    """The latest published news and the published testimonials of a fund, as the fund
    page shows them. Two queries."""
    news = list(
        NewsPost.objects.filter(fund=fund, is_published=True).order_by("-published_at", "-id")[
            :FUND_PAGE_NEWS
        ]
    )
    testimonials = list(
        Testimonial.objects.filter(fund=fund, is_published=True)
        .select_related("innovation")
        .order_by("position", "id")
    )
    for post in news:
        post.fund = fund
    return FundPromotion(news=news, testimonials=testimonials)


def published_news(fund: Fund) -> QuerySet[NewsPost]:
    return NewsPost.objects.filter(fund=fund, is_published=True).order_by("-published_at", "-id")


def fund_news_admin(fund: Fund) -> list[NewsPost]:
    """All news posts of a fund for its staff, drafts included. One query."""
    return list(
        NewsPost.objects.filter(fund=fund)
        .select_related("call", "innovation")
        .order_by("is_published", "-published_at", "-updated_at", "-id")
    )


def fund_testimonials_admin(fund: Fund) -> list[Testimonial]:
    return list(
        Testimonial.objects.filter(fund=fund)
        .select_related("innovation")
        .order_by("position", "id")
    )
