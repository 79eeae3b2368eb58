"""The public sheet of an innovation: what a mayor elsewhere needs to reproduce it.

A sheet is born from a laureate's dossier (its team and the fund's staff write it) or added
by staff for a notable innovation from outside the fund. `search_document` is the plain text
the full-text search and the similarity read; it is rebuilt by the services on every save.
Rows are written by `catalogue.services`.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from essaim.applications.models import Application
from essaim.core.models import TimeStampedModel
from essaim.funds.models import Call, Fund

from ..enums import Licence, ResourceKind, Topic


class Innovation(TimeStampedModel):
    slug = models.SlugField(_("identifiant dans l'adresse"), max_length=120, unique=True)
    title = models.CharField(_("titre"), max_length=200)
    summary = models.CharField(_("résumé"), max_length=400)
    topic = models.CharField(_("thème"), max_length=20, choices=Topic.choices)
    # the body that carried it; kind, size band, département and région come from it
    organisation = models.ForeignKey(
        "territory.Organisation",
        verbose_name=_("organisme"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="innovations",
    )
    place = models.CharField(_("lieu"), max_length=200, blank=True)  # "Pessac (33)"
    departement = models.CharField(_("département"), max_length=3, blank=True)
    # empty for an innovation from outside the fund
    fund = models.ForeignKey(
        Fund, on_delete=models.PROTECT, null=True, blank=True, related_name="innovations"
    )
    call = models.ForeignKey(
        Call, on_delete=models.PROTECT, null=True, blank=True, related_name="innovations"
    )
    application = models.OneToOneField(
        Application,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="innovation",
    )
    year = models.PositiveSmallIntegerField(_("année"), null=True, blank=True)
    is_external = models.BooleanField(_("innovation hors du fonds"), default=False)
    source_url = models.URLField(_("source"), blank=True)

    problem = models.TextField(_("le problème"))
    solution = models.TextField(_("ce qui a été construit"))
    results = models.TextField(_("les résultats"), blank=True)
    # how to reproduce it
    steps = models.TextField(_("les étapes"), blank=True)
    duration = models.CharField(_("durée"), max_length=200, blank=True)
    cost = models.CharField(_("coût"), max_length=200, blank=True)
    skills = models.TextField(_("compétences mobilisées"), blank=True)
    pitfalls = models.TextField(_("pièges à éviter"), blank=True)
    licence = models.CharField(
        _("licence"), max_length=20, choices=Licence.choices, default=Licence.OPEN_LICENCE_2
    )

    is_published = models.BooleanField(_("publiée"), default=False)
    published_at = models.DateTimeField(_("publiée le"), null=True, blank=True)
    search_document = models.TextField(editable=False, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("innovation")
        verbose_name_plural = _("innovations")
        ordering = ["-published_at", "-id"]
        indexes = [
            # the public catalogue: published sheets, newest first, and its facets
            models.Index(fields=["is_published", "-published_at"]),
            models.Index(fields=["topic"]),
            models.Index(fields=["departement"]),
            models.Index(fields=["year"]),
        ]

    def __str__(self) -> str:
        return self.title


class InnovationResult(models.Model):
    """A result with its figure: "Délai moyen de réponse", "2 jours", "au lieu de 9"."""

    innovation = models.ForeignKey(Innovation, on_delete=models.CASCADE, related_name="figures")
    position = models.PositiveSmallIntegerField(_("ordre"), default=0)
    label = models.CharField(_("indicateur"), max_length=200)
    value = models.CharField(_("valeur"), max_length=100)
    detail = models.CharField(_("précision"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("résultat chiffré")
        verbose_name_plural = _("résultats chiffrés")
        ordering = ["innovation", "position", "id"]

    def __str__(self) -> str:
        return f"{self.label} : {self.value}"


def resource_path(instance: "InnovationResource", filename: str) -> str:
    # The stored name never reuses the uploaded one: no path tricks, no collisions.
    return f"innovations/{instance.innovation_id}/{uuid.uuid4().hex}"


class InnovationResource(TimeStampedModel):
    """A guide, a template or a photo to download, or a link to one."""

    innovation = models.ForeignKey(Innovation, on_delete=models.CASCADE, related_name="resources")
    position = models.PositiveSmallIntegerField(_("ordre"), default=0)
    kind = models.CharField(
        _("type"), max_length=20, choices=ResourceKind.choices, default=ResourceKind.GUIDE
    )
    title = models.CharField(_("titre"), max_length=200)
    file = models.FileField(upload_to=resource_path, max_length=200, blank=True)
    original_name = models.CharField(_("nom du fichier"), max_length=200, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    size = models.PositiveIntegerField(null=True, blank=True)
    url = models.URLField(_("lien"), blank=True)

    class Meta:
        verbose_name = _("ressource")
        verbose_name_plural = _("ressources")
        ordering = ["innovation", "position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(file="") | ~models.Q(url=""), name="resource_file_or_link"
            )
        ]

    def __str__(self) -> str:
        return self.title


class InnovationContact(models.Model):
    """Who to talk to. The e-mail address is never shown: people write through the
    platform (see Reuse)."""

    innovation = models.ForeignKey(Innovation, on_delete=models.CASCADE, related_name="contacts")
    position = models.PositiveSmallIntegerField(_("ordre"), default=0)
    full_name = models.CharField(_("prénom et nom"), max_length=150)
    job_title = models.CharField(_("fonction"), max_length=150)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    email = models.EmailField(_("adresse e-mail (jamais affichée)"), blank=True)

    class Meta:
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        ordering = ["innovation", "position", "id"]

    def __str__(self) -> str:
        return f"{self.full_name} ({self.job_title})"
