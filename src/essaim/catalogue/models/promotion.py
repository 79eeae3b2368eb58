"""What a fund publishes besides its calls: news posts and laureates' testimonials."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from essaim.core.models import TimeStampedModel
from essaim.funds.models import Call, Fund

from ..enums import NewsKind
from .innovations import Innovation


class NewsPost(TimeStampedModel):
    fund = models.ForeignKey(Fund, on_delete=models.CASCADE, related_name="news")
    slug = models.SlugField(_("identifiant dans l'adresse"), max_length=120)
    kind = models.CharField(_("type"), max_length=20, choices=NewsKind.choices)
    title = models.CharField(_("titre"), max_length=200)
    summary = models.CharField(_("chapeau"), max_length=400)
    body = models.TextField(_("texte"))
    call = models.ForeignKey(
        Call, on_delete=models.SET_NULL, null=True, blank=True, related_name="news"
    )
    innovation = models.ForeignKey(
        Innovation, on_delete=models.SET_NULL, null=True, blank=True, related_name="news"
    )
    is_published = models.BooleanField(_("publiée"), default=False)
    published_at = models.DateTimeField(_("publiée le"), null=True, blank=True)

    class Meta:
        verbose_name = _("actualité")
        verbose_name_plural = _("actualités")
        ordering = ["-published_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["fund", "slug"], name="unique_news_slug_per_fund")
        ]
        indexes = [models.Index(fields=["fund", "is_published", "-published_at"])]

    def __str__(self) -> str:
        return self.title


class Testimonial(TimeStampedModel):
    """A laureate's quote, as on the fund's pages: « … » — name, function, body."""

    fund = models.ForeignKey(Fund, on_delete=models.CASCADE, related_name="testimonials")
    innovation = models.ForeignKey(
        Innovation, on_delete=models.SET_NULL, null=True, blank=True, related_name="testimonials"
    )
    quote = models.TextField(_("citation"))
    person_name = models.CharField(_("prénom et nom"), max_length=150)
    person_function = models.CharField(_("fonction"), max_length=200)
    organisation_label = models.CharField(_("organisme"), max_length=200)  # "RENAC (35)"
    is_published = models.BooleanField(_("publié"), default=False)
    position = models.PositiveSmallIntegerField(_("ordre"), default=0)

    class Meta:
        verbose_name = _("témoignage")
        verbose_name_plural = _("témoignages")
        ordering = ["fund", "position", "id"]

    def __str__(self) -> str:
        return f"{self.person_name} — {self.organisation_label}"
