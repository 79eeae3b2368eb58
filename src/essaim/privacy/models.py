"""What the retention pass has already done. Nothing else of the personal-data work needs a
table: exports are built on demand and account deletions leave their audit row."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ApplicationAnonymisation(models.Model):
    """One row per dossier whose personal data the retention period has removed.

    Its presence is what makes `anonymise_expired` idempotent (a dossier is never worked on
    twice) and what the back-office can show instead of the vanished names and files.
    """

    application = models.OneToOneField(
        "applications.Application",
        on_delete=models.CASCADE,
        related_name="anonymisation",
    )
    anonymised_at = models.DateTimeField(_("anonymisé le"), auto_now_add=True)
    # The dossier's state and the date the period was counted from, as they were.
    state = models.CharField(_("état"), max_length=20)
    counted_from = models.DateTimeField(_("délai compté depuis"))
    retention_months = models.PositiveSmallIntegerField(_("durée de conservation (mois)"))
    counts = models.JSONField(_("éléments effacés"), default=dict, blank=True)

    class Meta:
        verbose_name = _("dossier anonymisé")
        verbose_name_plural = _("dossiers anonymisés")

    def __str__(self) -> str:
        return f"{self.application_id} @ {self.anonymised_at:%Y-%m-%d}"
