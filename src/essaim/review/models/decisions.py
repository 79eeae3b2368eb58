from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from essaim.applications.enums import ApplicationState
from essaim.applications.models import Application

from ..enums import DecisionKind


class Decision(models.Model):
    """The outcome of a stage for one dossier, with its reason, who and when.

    Rows are written by review services together with the matching state transition and
    never updated: a decision taken again is a new row, the latest one counts.
    """

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="decisions")
    kind = models.CharField(_("étape"), max_length=20, choices=DecisionKind.choices)
    outcome = models.CharField(_("décision"), max_length=20, choices=ApplicationState.choices)
    reason = models.TextField(_("motif communiqué à l'équipe"), blank=True)
    internal_note = models.TextField(_("note interne"), blank=True)
    # eligibility: {"rule text": true/false} as checked by staff
    checklist = models.JSONField(_("liste de vérification"), default=dict, blank=True)
    jury_session = models.ForeignKey(
        "review.JurySession",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="decisions",
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("décidé le"), auto_now_add=True)

    class Meta:
        verbose_name = _("décision")
        verbose_name_plural = _("décisions")
        ordering = ["application", "-decided_at", "-id"]
        indexes = [models.Index(fields=["application", "kind", "-decided_at"])]

    def __str__(self) -> str:
        return f"{self.application} — {self.get_outcome_display()}"
