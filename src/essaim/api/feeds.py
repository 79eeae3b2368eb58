"""Atom feed of the newest published innovation sheets (Django syndication)."""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from essaim.catalogue import opendata
from essaim.catalogue.models import Innovation

FEED_SIZE = 50


class NewInnovationsFeed(Feed):
    feed_type = Atom1Feed
    title = _("Essaim — nouvelles innovations publiées")
    subtitle = _("Les dernières fiches d'innovation publique publiées sur Essaim.")

    def link(self):
        return opendata.public_path("public:catalogue") or reverse("api:index")

    def feed_url(self):
        return reverse("api:innovations_atom")

    def items(self):
        return (
            Innovation.objects.filter(is_published=True, published_at__isnull=False)
            .select_related("organisation")
            .only(
                "id", "slug", "title", "summary", "place", "published_at", "updated_at",
                "organisation__id", "organisation__name",
            )
            .order_by("-published_at", "-id")[:FEED_SIZE]
        )  # fmt: skip

    def item_title(self, item: Innovation) -> str:
        return item.title

    def item_description(self, item: Innovation) -> str:
        return item.summary

    def item_link(self, item: Innovation) -> str:
        return opendata.public_path("public:innovation_detail", slug=item.slug) or reverse(
            "api:rest:get_innovation", kwargs={"slug": item.slug}
        )

    def item_guid(self, item: Innovation) -> str:
        # an Atom id is an IRI that never changes: a tag URI (RFC 4151) on the site's host,
        # kept when the sheet's address (its slug) changes
        host = urlsplit(settings.SITE_URL).hostname or "localhost"
        return f"tag:{host},2026:innovation-{item.pk}"

    item_guid_is_permalink = False

    def item_pubdate(self, item: Innovation):
        return item.published_at

    def item_updateddate(self, item: Innovation):
        return item.updated_at

    def item_author_name(self, item: Innovation) -> str:
        return item.place or (item.organisation.name if item.organisation else "")
