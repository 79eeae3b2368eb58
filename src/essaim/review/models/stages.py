from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from essaim.funds.models import Call

from ..enums import OtherReviewsVisibility, ReviewStageKind


class ReviewStage(models.Model):
    """A stage at which people score a call's dossiers, with what they may see and do.

    Capability flags are data, so that each call decides how blind its reviews are.
    """

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="review_stages")
    kind = models.CharField(_("étape"), max_length=20, choices=ReviewStageKind.choices)
    title = models.CharField(
        _("intitulé"), max_length=200, blank=True, help_text=_("Vide : l'intitulé standard.")
    )
    instructions = models.TextField(_("consignes aux évaluateurs"), blank=True)
    position = models.PositiveSmallIntegerField(_("ordre"), default=0)
    opens_on = models.DateField(_("début des évaluations"), null=True, blank=True)
    closes_on = models.DateField(_("fin des évaluations"), null=True, blank=True)
    reviews_per_application = models.PositiveSmallIntegerField(
        _("évaluations par dossier"), default=2, validators=[MinValueValidator(1)]
    )
    shows_applicant_names = models.BooleanField(
        _("les évaluateurs voient les noms des porteurs et de l'organisme"), default=True
    )
    other_reviews_visibility = models.CharField(
        _("les évaluateurs voient les autres évaluations"),
        max_length=10,
        choices=OtherReviewsVisibility.choices,
        default=OtherReviewsVisibility.AFTER_OWN,
    )
    allows_comment_for_applicant = models.BooleanField(
        _("les évaluateurs peuvent écrire un commentaire destiné à l'équipe"), default=False
    )
    flags_same_departement = models.BooleanField(
        _("signaler un conflit possible quand l'évaluateur est du même département"),
        default=False,
    )

    class Meta:
        verbose_name = _("étape d'évaluation")
        verbose_name_plural = _("étapes d'évaluation")
        ordering = ["call", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["call", "kind"], name="unique_review_stage_per_call")
        ]

    def __str__(self) -> str:
        return self.display_title

    @property
    def display_title(self) -> str:
        return self.title or str(self.get_kind_display())

    def clean(self):
        if self.opens_on and self.closes_on and self.closes_on < self.opens_on:
            raise ValidationError(
                {"closes_on": _("La fin des évaluations doit suivre leur début.")}
            )


class Criterion(models.Model):
    stage = models.ForeignKey(ReviewStage, on_delete=models.CASCADE, related_name="criteria")
    label = models.CharField(_("critère"), max_length=200)
    help_text = models.TextField(_("aide"), blank=True)
    weight = models.DecimalField(
        _("poids"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("1"),
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    scale_min = models.SmallIntegerField(_("note minimale"), default=0)
    scale_max = models.SmallIntegerField(_("note maximale"), default=4)
    position = models.PositiveSmallIntegerField(_("ordre"), default=0)

    class Meta:
        verbose_name = _("critère")
        verbose_name_plural = _("critères")
        ordering = ["stage", "position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(scale_max__gt=models.F("scale_min")),
                name="criterion_scale_not_empty",
            )
        ]

    def __str__(self) -> str:
        return self.label

    def clean(self):
        bounds = (self.scale_min, self.scale_max)
        if None not in bounds and self.scale_max <= self.scale_min:
            raise ValidationError(
                {"scale_max": _("La note maximale doit dépasser la note minimale.")}
            )
