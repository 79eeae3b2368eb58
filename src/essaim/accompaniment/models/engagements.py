"""The reciprocal engagement of a laureate: what it commits to reach (indicators), by when,
and for funding calls the amount granted and its payment tranches; signed by both sides.

An engagement is never edited once signed: an amendment is a new version of it, and the
previous one is kept, superseded. Rows are written by `accompaniment.services.engagements`.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from essaim.applications.models import Application
from essaim.core.models import TimeStampedModel

from ..enums import EngagementStatus, SignatureSide


class Engagement(TimeStampedModel):
    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="engagements"
    )
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    status = models.CharField(
        _("état"), max_length=20, choices=EngagementStatus.choices, default=EngagementStatus.DRAFT
    )
    summary = models.TextField(_("objet de l'engagement"), blank=True)
    # funding calls only; checked against the call's envelope and min/max per project
    granted_amount = models.DecimalField(
        _("montant accordé (€)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    starts_on = models.DateField(_("début"), null=True, blank=True)
    ends_on = models.DateField(_("fin"), null=True, blank=True)
    calendar = models.TextField(_("calendrier"), blank=True)
    fund_commitments = models.TextField(_("ce que le fonds s'engage à apporter"), blank=True)
    team_commitments = models.TextField(_("ce que l'équipe s'engage à faire"), blank=True)
    amendment_reason = models.TextField(_("motif de l'avenant"), blank=True)
    signed_at = models.DateTimeField(_("signé le"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("engagement réciproque")
        verbose_name_plural = _("engagements réciproques")
        ordering = ["application", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "version"], name="unique_engagement_version"
            ),
            # at most one version in force (signed) and one in preparation (a first draft or
            # an amendment of the signed one) per laureate
            models.UniqueConstraint(
                fields=["application"],
                condition=Q(status=EngagementStatus.SIGNED),
                name="one_signed_engagement",
            ),
            models.UniqueConstraint(
                fields=["application"],
                condition=Q(status=EngagementStatus.DRAFT),
                name="one_draft_engagement",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.application} — v{self.version}"

    @property
    def is_editable(self) -> bool:
        return self.status == EngagementStatus.DRAFT

    @property
    def awaits_team_signature(self) -> bool:
        """A version in preparation the fund has already signed: the team's turn. Read from
        a `fund_signed` annotation or prefetched signatures when the list has them."""
        if self.status != EngagementStatus.DRAFT:
            return False
        if hasattr(self, "fund_signed"):
            return bool(self.fund_signed)
        if "signatures" in getattr(self, "_prefetched_objects_cache", {}):
            return any(s.side == SignatureSide.FUND for s in self.signatures.all())
        return self.signatures.filter(side=SignatureSide.FUND).exists()


class Indicator(models.Model):
    """An expected result: from `baseline` to `target` (in `unit`) by `target_date`."""

    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="indicators")
    position = models.PositiveSmallIntegerField(_("ordre"), default=0)
    label = models.CharField(_("indicateur"), max_length=200)
    unit = models.CharField(_("unité"), max_length=50, blank=True)
    baseline = models.DecimalField(
        _("valeur de départ"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    target = models.DecimalField(_("cible"), max_digits=14, decimal_places=2)
    target_date = models.DateField(_("échéance"), null=True, blank=True)

    class Meta:
        verbose_name = _("indicateur")
        verbose_name_plural = _("indicateurs")
        ordering = ["engagement", "position", "id"]

    def __str__(self) -> str:
        return self.label


class Tranche(models.Model):
    """A planned payment of the granted amount; `paid_on`/`paid_amount` once paid."""

    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="tranches")
    position = models.PositiveSmallIntegerField(_("ordre"), default=0)
    planned_on = models.DateField(_("date prévue"))
    amount = models.DecimalField(_("montant (€)"), max_digits=12, decimal_places=2)
    condition = models.CharField(_("condition de versement"), max_length=300, blank=True)
    paid_on = models.DateField(_("versé le"), null=True, blank=True)
    paid_amount = models.DecimalField(
        _("montant versé (€)"), max_digits=12, decimal_places=2, null=True, blank=True
    )

    class Meta:
        verbose_name = _("tranche de versement")
        verbose_name_plural = _("tranches de versement")
        ordering = ["engagement", "position", "planned_on", "id"]

    def __str__(self) -> str:
        return f"{self.engagement} — {self.amount} €"


class Signature(models.Model):
    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="signatures")
    side = models.CharField(_("partie"), max_length=10, choices=SignatureSide.choices)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    signer_name = models.CharField(_("nom du signataire"), max_length=150)
    signer_function = models.CharField(_("fonction du signataire"), max_length=150)
    signed_at = models.DateTimeField(_("signé le"))

    class Meta:
        verbose_name = _("signature")
        verbose_name_plural = _("signatures")
        ordering = ["engagement", "signed_at"]
        constraints = [
            models.UniqueConstraint(fields=["engagement", "side"], name="one_signature_per_side")
        ]

    def __str__(self) -> str:
        return f"{self.signer_name} ({self.get_side_display()})"
