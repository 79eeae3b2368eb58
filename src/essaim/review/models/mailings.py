from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from essaim.applications.enums import ApplicationState
from essaim.applications.models import Application
from essaim.core.models import TimeStampedModel
from essaim.funds.models import Call

from ..enums import DeliveryStatus, MailingStatus


class MailTemplate(TimeStampedModel):
    """A call's wording of the message sent for one outcome (laureate, not selected…).

    Subject and body take placeholders such as {reference}, {titre}, {porteur}, {motif};
    `review.mailings` lists them and renders them safely.
    """

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="mail_templates")
    outcome = models.CharField(_("décision"), max_length=20, choices=ApplicationState.choices)
    subject = models.CharField(_("objet"), max_length=200)
    body = models.TextField(_("message"))

    class Meta:
        verbose_name = _("modèle de message")
        verbose_name_plural = _("modèles de message")
        constraints = [
            models.UniqueConstraint(fields=["call", "outcome"], name="unique_template_per_outcome")
        ]

    def __str__(self) -> str:
        return self.subject


class Mailing(TimeStampedModel):
    """A batch of decision messages. Nothing leaves until staff confirm it."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="mailings")
    outcome = models.CharField(_("décision"), max_length=20, choices=ApplicationState.choices)
    subject = models.CharField(_("objet"), max_length=200)
    body = models.TextField(_("message"))
    status = models.CharField(
        _("statut"), max_length=10, choices=MailingStatus.choices, default=MailingStatus.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    confirmed_at = models.DateTimeField(_("envoi confirmé le"), null=True, blank=True)

    class Meta:
        verbose_name = _("envoi groupé")
        verbose_name_plural = _("envois groupés")
        ordering = ["call", "-created_at"]

    def __str__(self) -> str:
        return self.subject


class MailingRecipient(models.Model):
    """One message of a mailing: to whom, what exactly was sent, and whether it left."""

    mailing = models.ForeignKey(Mailing, on_delete=models.CASCADE, related_name="recipients")
    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="mailing_recipients"
    )
    emails = models.JSONField(_("destinataires"), default=list)
    subject = models.CharField(_("objet"), max_length=250, blank=True)
    body = models.TextField(_("message"), blank=True)
    status = models.CharField(
        _("statut"), max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.QUEUED
    )
    sent_at = models.DateTimeField(_("envoyé le"), null=True, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        verbose_name = _("message envoyé")
        verbose_name_plural = _("messages envoyés")
        constraints = [
            models.UniqueConstraint(
                fields=["mailing", "application"], name="unique_recipient_per_mailing"
            )
        ]

    def __str__(self) -> str:
        return f"{self.mailing} → {self.application}"
