"""Reuse: a public body that takes up an innovation, followed from its first interest to
its deployment. Every change of status is kept (ReuseUpdate) for the spread over time;
messages between the reusing body and the innovation's team go through the platform, so no
address is ever exposed."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from essaim.core.models import TimeStampedModel

from ..enums import ReuseStatus
from .innovations import Innovation


class ReuseQuerySet(models.QuerySet):
    def public(self):
        """What the platform shows and publishes: the reuses the innovation's side (its team
        or the fund's staff) confirmed. Anyone signed in may declare one for a body; until
        someone who knows the innovation confirms it, it stays between them."""
        return self.filter(confirmed_at__isnull=False)


class Reuse(TimeStampedModel):
    innovation = models.ForeignKey(Innovation, on_delete=models.CASCADE, related_name="reuses")
    organisation = models.ForeignKey(
        "territory.Organisation",
        verbose_name=_("organisme"),
        on_delete=models.PROTECT,
        related_name="reuses",
    )
    declared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="reuses"
    )
    status = models.CharField(
        _("avancement"), max_length=20, choices=ReuseStatus.choices, default=ReuseStatus.INTERESTED
    )
    note = models.TextField(_("note"), blank=True)
    # copied from the organisation for the map and the open data
    departement = models.CharField(_("département"), max_length=3, blank=True)
    confirmed_at = models.DateTimeField(_("confirmée le"), null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = ReuseQuerySet.as_manager()

    class Meta:
        verbose_name = _("réutilisation")
        verbose_name_plural = _("réutilisations")
        ordering = ["innovation", "-updated_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["innovation", "organisation"], name="one_reuse_per_body"
            )
        ]
        indexes = [
            models.Index(fields=["innovation", "status"]),
            models.Index(fields=["departement"]),
            models.Index(fields=["created_at"]),
            models.Index(fields=["confirmed_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.innovation} — {self.organisation}"


class ReuseUpdate(models.Model):
    reuse = models.ForeignKey(Reuse, on_delete=models.CASCADE, related_name="updates")
    status = models.CharField(_("avancement"), max_length=20, choices=ReuseStatus.choices)
    note = models.TextField(_("note"), blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("le"), auto_now_add=True)

    class Meta:
        verbose_name = _("étape de réutilisation")
        verbose_name_plural = _("étapes de réutilisation")
        ordering = ["reuse", "created_at", "id"]

    def __str__(self) -> str:
        return f"{self.reuse} — {self.get_status_display()}"


class ReuseMessage(models.Model):
    reuse = models.ForeignKey(Reuse, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    # True when written by the innovation's team, False by the reusing body
    from_team = models.BooleanField(default=False)
    body = models.TextField(_("message"))
    created_at = models.DateTimeField(_("envoyé le"), auto_now_add=True)

    class Meta:
        verbose_name = _("message de réutilisation")
        verbose_name_plural = _("messages de réutilisation")
        ordering = ["reuse", "created_at", "id"]

    def __str__(self) -> str:
        return f"{self.reuse} — {self.created_at:%Y-%m-%d}"
