from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from essaim.applications.models import Application
from essaim.core.models import TimeStampedModel
from essaim.funds.models import Call

from ..enums import JurySessionStatus


class JurySession(TimeStampedModel):
    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="jury_sessions")
    title = models.CharField(_("intitulé"), max_length=200)
    starts_at = models.DateTimeField(_("date et heure"))
    place = models.CharField(_("lieu"), max_length=250, blank=True)
    agenda = models.TextField(_("ordre du jour"), blank=True)
    minutes_notes = models.TextField(_("compte rendu des échanges"), blank=True)
    status = models.CharField(
        _("statut"),
        max_length=10,
        choices=JurySessionStatus.choices,
        default=JurySessionStatus.PLANNED,
    )
    held_at = models.DateTimeField(_("tenue le"), null=True, blank=True)

    class Meta:
        verbose_name = _("séance du jury")
        verbose_name_plural = _("séances du jury")
        ordering = ["call", "starts_at"]

    def __str__(self) -> str:
        return self.title


class JuryMember(models.Model):
    session = models.ForeignKey(JurySession, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="jury_seats"
    )
    function = models.CharField(_("qualité"), max_length=200, blank=True)
    is_chair = models.BooleanField(_("préside la séance"), default=False)
    # None until the session is held: then present or absent
    was_present = models.BooleanField(_("présent"), null=True, blank=True)

    class Meta:
        verbose_name = _("membre du jury")
        verbose_name_plural = _("membres du jury")
        ordering = ["session", "-is_chair", "id"]
        constraints = [
            models.UniqueConstraint(fields=["session", "user"], name="unique_jury_member")
        ]

    def __str__(self) -> str:
        return str(self.user)


class JuryItem(models.Model):
    """A dossier before the jury; members who abstain on it are recorded here."""

    session = models.ForeignKey(JurySession, on_delete=models.CASCADE, related_name="items")
    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="jury_items"
    )
    position = models.PositiveSmallIntegerField(_("ordre de passage"), default=0)
    abstentions = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="+", verbose_name=_("abstentions")
    )

    class Meta:
        verbose_name = _("dossier présenté au jury")
        verbose_name_plural = _("dossiers présentés au jury")
        ordering = ["session", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["session", "application"], name="unique_jury_item")
        ]

    def __str__(self) -> str:
        return str(self.application)
