"""Funds (an operator's programme) and their calls (one edition each)."""

import uuid
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from essaim.core.models import TimeStampedModel
from essaim.territory.enums import DEPARTEMENT_CHOICES, OrganisationType

from .enums import CallStatus, FundRole, InvitationState, StageKind, SupportKind

# Three editions of a yearly call: a team not selected often applies again and refers to its
# earlier dossier, and the fund may have to account for its choices that long.
DEFAULT_RETENTION_MONTHS = 36

hex_colour = RegexValidator(
    r"^#[0-9a-fA-F]{6}$", _("Saisissez une couleur au format #RRVVBB, par exemple #1f4e79.")
)


class Fund(TimeStampedModel):
    slug = models.SlugField(_("identifiant dans l'adresse"), unique=True, max_length=40)
    name = models.CharField(_("nom"), max_length=120)
    operator = models.CharField(_("opérateur"), max_length=200)
    tagline = models.CharField(_("accroche"), max_length=250, blank=True)
    description = models.TextField(_("présentation"), blank=True)
    partners = models.CharField(_("partenaires"), max_length=250, blank=True)
    website = models.URLField(_("site web"), blank=True)
    contact_email = models.EmailField(_("e-mail de contact"), blank=True)
    reference_prefix = models.CharField(
        _("préfixe des références"),
        max_length=8,
        unique=True,
        validators=[
            RegexValidator(r"^[A-Z0-9]{2,8}$", _("De 2 à 8 lettres majuscules ou chiffres."))
        ],
        help_text=_("Début de la référence des dossiers, par exemple MNT pour MNT-2024-06-0012."),
    )
    logo = models.ImageField(_("logo"), upload_to="funds/logos/", blank=True)
    accent_colour = models.CharField(
        _("couleur d'accent"), max_length=7, default="#1f4e79", validators=[hex_colour]
    )
    is_published = models.BooleanField(_("publié"), default=True)
    # RGPD: how long the personal data of non-selected dossiers is kept after their decision
    # (essaim.privacy.retention anonymises them once it is over; laureates are never touched).
    retention_months = models.PositiveSmallIntegerField(
        _("conservation des dossiers non retenus (mois)"),
        default=DEFAULT_RETENTION_MONTHS,
        validators=[MinValueValidator(1), MaxValueValidator(120)],
        help_text=_(
            "Après ce délai, compté depuis la décision (ou la dernière modification d'un "
            "brouillon), les noms, adresses e-mail et pièces jointes des dossiers non retenus, "
            "retirés ou jamais déposés sont effacés. Les lauréats ne sont pas concernés."
        ),
    )

    class Meta:
        verbose_name = _("fonds")
        verbose_name_plural = _("fonds")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("public:fund_detail", kwargs={"fund_slug": self.slug})


class FundMembership(TimeStampedModel):
    """A person's role in a fund: its staff, and later reviewers, jurors, coaches."""

    fund = models.ForeignKey(Fund, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="fund_memberships"
    )
    role = models.CharField(_("rôle"), max_length=20, choices=FundRole.choices)

    class Meta:
        verbose_name = _("rôle dans un fonds")
        verbose_name_plural = _("rôles dans les fonds")
        constraints = [
            models.UniqueConstraint(fields=["fund", "user", "role"], name="unique_fund_role")
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} ({self.fund})"


class CallQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True, fund__is_published=True)

    def open_at(self, moment):
        return self.filter(opens_at__lte=moment, closes_at__gte=moment)

    def upcoming_at(self, moment):
        return self.filter(opens_at__gt=moment)

    def closed_at(self, moment):
        return self.filter(closes_at__lt=moment)


class Call(TimeStampedModel):
    """One edition of a fund's call for projects.

    Times are stored in UTC and shown in Europe/Paris. A dossier can be submitted while
    `opens_at <= now <= closes_at`, checked by the server to the second.
    """

    fund = models.ForeignKey(Fund, on_delete=models.PROTECT, related_name="calls")
    slug = models.SlugField(
        _("identifiant dans l'adresse"),
        max_length=40,
        help_text=_("Par exemple 2024-6 pour l'adresse /fonds/mnt/appels/2024-6/."),
    )
    year = models.PositiveSmallIntegerField(_("année"))
    edition = models.PositiveSmallIntegerField(
        _("numéro d'édition"), help_text=_("Sert à la référence : MNT-2024-06-…")
    )
    title = models.CharField(_("titre"), max_length=200)
    summary = models.CharField(_("résumé"), max_length=400)
    description = models.TextField(_("présentation"), blank=True)
    audience = models.TextField(_("qui peut candidater"), blank=True)
    benefits = models.TextField(_("ce que reçoivent les lauréats"), blank=True)
    how_to_apply = models.TextField(_("comment candidater"), blank=True)

    opens_at = models.DateTimeField(_("ouverture"))
    closes_at = models.DateTimeField(_("clôture"))

    allowed_organisation_types = models.JSONField(
        _("types d'organismes admis"),
        default=list,
        blank=True,
        help_text=_("Vide : tous les organismes publics peuvent candidater."),
    )
    requires_hierarchical_support = models.BooleanField(
        _("soutien hiérarchique obligatoire"), default=True
    )
    requires_partners = models.BooleanField(
        _("plusieurs structures partenaires demandées"), default=False
    )
    eligibility_rules = models.TextField(
        _("critères de recevabilité"),
        blank=True,
        help_text=_("Un critère par ligne ; ils forment la liste de vérification du fonds."),
    )

    support_kind = models.CharField(
        _("nature du soutien"), max_length=20, choices=SupportKind.choices
    )
    min_amount = models.DecimalField(
        _("montant minimum par projet (€)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
    )
    max_amount = models.DecimalField(
        _("montant maximum par projet (€)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
    )
    envelope = models.DecimalField(
        _("enveloppe totale (€)"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
    )
    accompaniment_months = models.PositiveSmallIntegerField(
        _("durée de l'accompagnement (mois)"), null=True, blank=True
    )
    max_laureates = models.PositiveSmallIntegerField(
        _("nombre maximum de lauréats"), null=True, blank=True
    )
    has_independent_evaluation = models.BooleanField(
        _("évaluation indépendante des lauréats"),
        default=False,
        help_text=_("Chaque lauréat est suivi par un évaluateur qui rédige un rapport."),
    )
    is_published = models.BooleanField(_("publié"), default=False)
    results_published_at = models.DateTimeField(
        _("résultats publiés le"),
        null=True,
        blank=True,
        help_text=_("Vide : les résultats ne sont pas encore publics."),
    )

    # Last sequence number handed out in this call's references; only
    # applications.services.submission increments it, under a row lock.
    reference_counter = models.PositiveIntegerField(default=0, editable=False)

    objects = CallQuerySet.as_manager()

    class Meta:
        verbose_name = _("appel")
        verbose_name_plural = _("appels")
        ordering = ["-opens_at"]
        constraints = [
            models.UniqueConstraint(fields=["fund", "slug"], name="unique_call_slug_per_fund"),
            models.UniqueConstraint(
                fields=["fund", "year", "edition"], name="unique_call_edition_per_fund"
            ),
            models.CheckConstraint(
                condition=models.Q(closes_at__gt=models.F("opens_at")),
                name="call_closes_after_opening",
            ),
        ]
        indexes = [
            # home page: open, upcoming and closed calls
            models.Index(fields=["is_published", "opens_at", "closes_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.fund.name} — {self.title}"

    def get_absolute_url(self) -> str:
        return reverse(
            "public:call_detail", kwargs={"fund_slug": self.fund.slug, "call_slug": self.slug}
        )

    # --- reading the calendar -------------------------------------------------------------
    def status_at(self, moment=None) -> CallStatus:
        moment = moment or timezone.now()
        if not self.is_published:
            return CallStatus.DRAFT
        if moment < self.opens_at:
            return CallStatus.UPCOMING
        if moment <= self.closes_at:
            return CallStatus.OPEN
        return CallStatus.CLOSED

    @property
    def status(self) -> CallStatus:
        return self.status_at()

    def is_open_at(self, moment) -> bool:
        return self.opens_at <= moment <= self.closes_at

    @property
    def is_funding(self) -> bool:
        return self.support_kind == SupportKind.FUNDING

    def stage_kinds(self) -> set[str]:
        return {stage.kind for stage in self.stages.all()}

    @property
    def uses_first_selection(self) -> bool:
        return StageKind.FIRST_SELECTION in self.stage_kinds()

    @property
    def uses_support_stage(self) -> bool:
        return StageKind.SUPPORT in self.stage_kinds()

    def accepts_organisation_type(self, organisation_type: str) -> bool:
        return not self.allowed_organisation_types or (
            organisation_type in self.allowed_organisation_types
        )

    def allowed_organisation_type_labels(self) -> list[str]:
        labels = dict(OrganisationType.choices)
        return [str(labels.get(value, value)) for value in self.allowed_organisation_types]

    def eligibility_rule_list(self) -> list[str]:
        return [line.strip() for line in self.eligibility_rules.splitlines() if line.strip()]


class Theme(models.Model):
    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="themes")
    title = models.CharField(_("intitulé"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    position = models.PositiveSmallIntegerField(_("ordre"), default=0)

    class Meta:
        verbose_name = _("thématique")
        verbose_name_plural = _("thématiques")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.title


class CallStage(models.Model):
    """A step of the call's calendar. Which kinds are present decides the dossier's path."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="stages")
    kind = models.CharField(_("étape"), max_length=20, choices=StageKind.choices)
    title = models.CharField(
        _("intitulé"), max_length=200, blank=True, help_text=_("Vide : l'intitulé standard.")
    )
    description = models.TextField(_("description"), blank=True)
    starts_on = models.DateField(_("début"), null=True, blank=True)
    ends_on = models.DateField(_("fin"), null=True, blank=True)
    position = models.PositiveSmallIntegerField(_("ordre"), default=0)

    class Meta:
        verbose_name = _("étape")
        verbose_name_plural = _("étapes")
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["call", "kind"], name="unique_stage_kind_per_call")
        ]

    def __str__(self) -> str:
        return self.display_title

    @property
    def display_title(self) -> str:
        return self.title or str(self.get_kind_display())


class CallMembership(TimeStampedModel):
    """A person's role on one call only: its reviewers and jurors, given by invitation."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="call_memberships"
    )
    role = models.CharField(_("rôle"), max_length=20, choices=FundRole.choices)
    # Declared on accepting the invitation; used to flag likely conflicts of interest.
    organisation_name = models.CharField(_("organisme"), max_length=200, blank=True)
    organisation_departement = models.CharField(
        _("département"), max_length=3, choices=DEPARTEMENT_CHOICES, blank=True
    )

    class Meta:
        verbose_name = _("rôle sur un appel")
        verbose_name_plural = _("rôles sur les appels")
        constraints = [
            models.UniqueConstraint(fields=["call", "user", "role"], name="unique_call_role")
        ]
        indexes = [models.Index(fields=["user", "role"])]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} ({self.call})"


class Invitation(TimeStampedModel):
    """An e-mail invitation to take a role on a call. Accepting creates a CallMembership.

    The token is the only secret; it stops working once accepted or revoked.
    """

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(_("adresse e-mail"))
    full_name = models.CharField(_("prénom et nom"), max_length=150, blank=True)
    role = models.CharField(_("rôle"), max_length=20, choices=FundRole.choices)
    token = models.UUIDField(default=uuid.uuid4, editable=False, unique=True)
    status = models.CharField(
        _("statut"),
        max_length=10,
        choices=InvitationState.choices,
        default=InvitationState.PENDING,
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    sent_at = models.DateTimeField(_("envoyée le"), null=True, blank=True)
    answered_at = models.DateTimeField(_("réponse le"), null=True, blank=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["call", "role", "status"])]

    def __str__(self) -> str:
        return f"{self.email} — {self.get_role_display()}"
