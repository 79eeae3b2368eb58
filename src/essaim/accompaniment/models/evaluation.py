"""The independent evaluator's learning-evaluation reports (mid-course and final), and the
secret addresses of the iCalendar feeds."""

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from essaim.core.models import TimeStampedModel

from ..enums import EvaluationMoment, ReportStatus
from .programme import Accompaniment


class EvaluationReport(TimeStampedModel):
    accompaniment = models.ForeignKey(
        Accompaniment, on_delete=models.CASCADE, related_name="evaluation_reports"
    )
    moment = models.CharField(_("moment"), max_length=20, choices=EvaluationMoment.choices)
    evaluator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    questions = models.TextField(_("questions évaluatives"), blank=True)
    findings = models.TextField(_("constats"), blank=True)
    recommendations = models.TextField(_("recommandations"), blank=True)
    status = models.CharField(
        _("état"), max_length=20, choices=ReportStatus.choices, default=ReportStatus.DRAFT
    )
    submitted_at = models.DateTimeField(_("remis le"), null=True, blank=True)

    class Meta:
        verbose_name = _("rapport d'évaluation")
        verbose_name_plural = _("rapports d'évaluation")
        ordering = ["accompaniment", "moment"]
        constraints = [
            models.UniqueConstraint(
                fields=["accompaniment", "moment"], name="one_report_per_moment"
            )
        ]

    def __str__(self) -> str:
        return f"{self.accompaniment} — {self.get_moment_display()}"


def new_feed_token() -> str:
    return secrets.token_urlsafe(32)


class CalendarFeed(models.Model):
    """A person's secret iCalendar address; renewing the token revokes the old address."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    token = models.CharField(max_length=64, unique=True, default=new_feed_token)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("agenda iCalendar")
        verbose_name_plural = _("agendas iCalendar")

    def __str__(self) -> str:
        return str(self.user)
