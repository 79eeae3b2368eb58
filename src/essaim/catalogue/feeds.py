"""The Atom feed of a fund's news (Django's syndication framework).

Only published posts of a published fund; 404 otherwise, like the pages.
"""

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from essaim.funds.models import Fund

from .models import NewsPost

FEED_ITEMS = 20


class FundNewsFeed(Feed):
    feed_type = Atom1Feed

    def get_object(self, request, fund_slug: str):
        return get_object_or_404(Fund.objects.filter(is_published=True), slug=fund_slug)

    def title(self, fund):
        return _("Actualités — %(fund)s") % {"fund": fund.name}

    def subtitle(self, fund):
        return fund.tagline or fund.operator

    def link(self, fund):
        return reverse("public:fund_news", args=[fund.slug])

    def feed_url(self, fund):
        return reverse("public:fund_news_feed", args=[fund.slug])

    def author_name(self, fund):
        return fund.operator or fund.name

    def items(self, fund):
        posts = list(
            NewsPost.objects.filter(fund=fund, is_published=True).order_by("-published_at", "-id")[
                :FEED_ITEMS
            ]
        )
        for post in posts:
            post.fund = fund
        return posts

    def item_title(self, post):
        return post.title

    def item_description(self, post):
        return post.summary

    def item_link(self, post):
        return reverse("public:news_detail", args=[post.fund.slug, post.slug])

    def item_pubdate(self, post):
        return post.published_at

    def item_updateddate(self, post):
        return post.updated_at

    def item_categories(self, post):
        return [post.get_kind_display()]
