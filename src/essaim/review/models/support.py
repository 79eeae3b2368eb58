from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from essaim.applications.models import Application, ApplicationVersion
from essaim.core.models import TimeStampedModel
from essaim.funds.models import Call

from ..enums import SupportRoundStatus


class SupportRound(TimeStampedModel):
    """A window in which shortlisted teams revise their dossier with the fund's feedback."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="support_rounds")
    title = models.CharField(_("intitulé"), max_length=200)
    message = models.TextField(_("message à toutes les équipes"), blank=True)
    deadline = models.DateTimeField(_("date limite des nouvelles versions"), null=True, blank=True)
    status = models.CharField(
        _("statut"),
        max_length=10,
        choices=SupportRoundStatus.choices,
        default=SupportRoundStatus.OPEN,
    )
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    closed_at = models.DateTimeField(_("close le"), null=True, blank=True)

    class Meta:
        verbose_name = _("session d'appui")
        verbose_name_plural = _("sessions d'appui")
        ordering = ["call", "-created_at"]

    def __str__(self) -> str:
        return self.title


class SupportFeedback(TimeStampedModel):
    """The fund's written feedback to one team in a support round, and what came back."""

    round = models.ForeignKey(SupportRound, on_delete=models.CASCADE, related_name="feedbacks")
    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="support_feedbacks"
    )
    feedback = models.TextField(_("retours à l'équipe"))
    # the version the feedback is about, and the one the team submitted in answer
    base_version = models.ForeignKey(
        ApplicationVersion, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    revised_version = models.ForeignKey(
        ApplicationVersion, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("retour d'appui")
        verbose_name_plural = _("retours d'appui")
        constraints = [
            models.UniqueConstraint(
                fields=["round", "application"], name="unique_feedback_per_round"
            )
        ]

    def __str__(self) -> str:
        return f"{self.round} — {self.application}"
