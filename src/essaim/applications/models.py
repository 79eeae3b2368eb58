"""A dossier: one organisation's answer to a call, its team, budget, files and support.

`Application.state` is written only by `applications.transitions.transition`.
"""

import uuid
from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from essaim.core.models import TimeStampedModel
from essaim.funds.models import Call, Theme
from essaim.territory.enums import DEPARTEMENT_CHOICES, DEPARTEMENT_NAMES, OrganisationType

from .enums import (
    ApplicationState,
    AttachmentKind,
    InvitationStatus,
    Maturity,
    SubmissionChannel,
    SupportStatus,
    TeamAccess,
)

LONG_TEXT = 3000


class ApplicationQuerySet(models.QuerySet):
    def editable_by(self, user):
        """Dossiers whose team lists `user` as owner or co-applicant."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(
            team__user=user, team__access__in=[TeamAccess.OWNER, TeamAccess.EDITOR]
        ).distinct()


class Application(TimeStampedModel):
    call = models.ForeignKey(Call, on_delete=models.PROTECT, related_name="applications")
    state = models.CharField(
        _("état"), max_length=20, choices=ApplicationState.choices, default=ApplicationState.DRAFT
    )
    reference = models.CharField(_("référence"), max_length=30, unique=True, null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="created_applications",
    )
    title = models.CharField(_("titre du projet"), max_length=200)

    # The body from the referential (territory); the three fields below copy its name, kind
    # and département when it is chosen, and stay as the dossier recorded them.
    organisation = models.ForeignKey(
        "territory.Organisation",
        verbose_name=_("organisme"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="applications",
    )
    organisation_name = models.CharField(_("nom de l'organisme"), max_length=200, blank=True)
    organisation_type = models.CharField(
        _("type d'organisme"), max_length=40, choices=OrganisationType.choices, blank=True
    )
    organisation_departement = models.CharField(
        _("département"), max_length=3, choices=DEPARTEMENT_CHOICES, blank=True
    )

    theme = models.ForeignKey(
        Theme, verbose_name=_("thématique"), on_delete=models.PROTECT, null=True, blank=True
    )
    problem = models.TextField(_("problème constaté"), blank=True, max_length=LONG_TEXT)
    users_concerned = models.TextField(_("usagers concernés"), blank=True, max_length=LONG_TEXT)
    idea = models.TextField(_("l'idée"), blank=True, max_length=LONG_TEXT)
    maturity = models.CharField(_("maturité"), max_length=20, choices=Maturity.choices, blank=True)
    partners = models.TextField(_("structures partenaires"), blank=True, max_length=LONG_TEXT)
    effect_on_agents = models.TextField(
        _("effet attendu pour les agents"), blank=True, max_length=LONG_TEXT
    )
    effect_on_users = models.TextField(
        _("effet attendu pour les usagers"), blank=True, max_length=LONG_TEXT
    )
    collective_dimension = models.TextField(
        _("dimension collective"), blank=True, max_length=LONG_TEXT
    )
    reproducibility = models.TextField(_("reproductibilité"), blank=True, max_length=LONG_TEXT)
    amount_requested = models.DecimalField(
        _("montant demandé (€)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
    )

    last_saved_at = models.DateTimeField(_("dernier enregistrement"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("déposé le"), null=True, blank=True)
    content_sha256 = models.CharField(_("empreinte SHA-256"), max_length=64, blank=True)
    withdrawal_reason = models.TextField(_("motif du retrait"), blank=True)

    # "Dépôt accompagné": the fund's staff entered the dossier for an applicant who applied on
    # paper, by phone or by e-mail. `received_on` is the day the fund received it (postmark),
    # the date the deadline is judged on; the staff member who submitted it is kept.
    submission_channel = models.CharField(
        _("canal de dépôt"),
        max_length=10,
        choices=SubmissionChannel.choices,
        default=SubmissionChannel.ONLINE,
    )
    received_on = models.DateField(_("reçu par le fonds le"), null=True, blank=True)
    submitted_on_behalf_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("déposé par (équipe du fonds)"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        verbose_name = _("dossier")
        verbose_name_plural = _("dossiers")
        ordering = ["-created_at"]
        indexes = [
            # staff list of a call: counts per state, filters, newest first
            models.Index(fields=["call", "state", "-submitted_at"]),
            models.Index(fields=["call", "organisation_type"]),
            models.Index(fields=["call", "organisation_departement"]),
            models.Index(fields=["call", "theme"]),
            models.Index(fields=["call", "-submitted_at", "-id"]),
        ]

    def __str__(self) -> str:
        return f"{self.reference or _('Brouillon')} — {self.title}"

    @property
    def departement_name(self) -> str:
        return DEPARTEMENT_NAMES.get(self.organisation_departement, "")

    @property
    def is_assisted(self) -> bool:
        return self.submission_channel != SubmissionChannel.ONLINE

    @property
    def is_frozen(self) -> bool:
        """Only drafts (and, later, dossiers in a support round) can be edited."""
        return self.state not in (ApplicationState.DRAFT, ApplicationState.IN_SUPPORT)

    def budget_total(self) -> Decimal:
        return sum((line.amount for line in self.budget_lines.all()), Decimal("0"))


class TeamMember(TimeStampedModel):
    """A person of the project team. Owners and co-applicants with an account can edit."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="team")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="team_memberships",
    )
    full_name = models.CharField(_("prénom et nom"), max_length=150)
    email = models.EmailField(_("adresse e-mail"), blank=True)
    job_title = models.CharField(_("fonction"), max_length=150)
    project_role = models.CharField(_("rôle dans le projet"), max_length=200, blank=True)
    access = models.CharField(
        _("accès au dossier"), max_length=10, choices=TeamAccess.choices, default=TeamAccess.LISTED
    )
    invitation_status = models.CharField(
        max_length=10, choices=InvitationStatus.choices, default=InvitationStatus.NONE
    )
    invitation_token = models.UUIDField(default=uuid.uuid4, editable=False, unique=True)

    class Meta:
        verbose_name = _("membre de l'équipe")
        verbose_name_plural = _("équipe")
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["user", "access"])]

    def __str__(self) -> str:
        return self.full_name


class BudgetLine(models.Model):
    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="budget_lines"
    )
    label = models.CharField(_("poste de dépense"), max_length=200)
    amount = models.DecimalField(
        _("montant (€)"),
        max_digits=12,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("ligne de budget")
        verbose_name_plural = _("budget")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.label


def attachment_path(instance: "Attachment", filename: str) -> str:
    # The stored name never reuses the uploaded one: no path tricks, no collisions.
    return f"applications/{instance.application_id}/{uuid.uuid4().hex}"


class Attachment(TimeStampedModel):
    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField(upload_to=attachment_path, max_length=200)
    original_name = models.CharField(_("nom du fichier"), max_length=200)
    # The scan of the signed paper support of an assisted dossier is a file like the others,
    # checked the same way, marked so that pages and archives can name it.
    kind = models.CharField(
        _("nature"), max_length=20, choices=AttachmentKind.choices, default=AttachmentKind.DOCUMENT
    )
    description = models.CharField(_("description"), max_length=200, blank=True)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("pièce jointe")
        verbose_name_plural = _("pièces jointes")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.original_name


class SupportRequest(TimeStampedModel):
    """The hierarchical support asked of a supervisor, who answers through a signed link.

    `nonce` changes on every (re)send, so that only the latest link works, and the link
    stops working once answered.
    """

    application = models.OneToOneField(
        Application, on_delete=models.CASCADE, related_name="support_request"
    )
    supervisor_name = models.CharField(_("prénom et nom"), max_length=150)
    supervisor_function = models.CharField(_("fonction"), max_length=150)
    supervisor_email = models.EmailField(_("adresse e-mail"))
    status = models.CharField(
        _("statut"), max_length=10, choices=SupportStatus.choices, default=SupportStatus.PENDING
    )
    comment = models.TextField(_("commentaire"), blank=True)
    nonce = models.UUIDField(default=uuid.uuid4, editable=False)
    sent_at = models.DateTimeField(_("envoyée le"), null=True, blank=True)
    send_count = models.PositiveSmallIntegerField(default=0)
    responded_at = models.DateTimeField(_("réponse le"), null=True, blank=True)

    class Meta:
        verbose_name = _("soutien hiérarchique")
        verbose_name_plural = _("soutiens hiérarchiques")

    def __str__(self) -> str:
        return f"{self.supervisor_name} ({self.get_status_display()})"


class ApplicationVersion(models.Model):
    """A frozen copy of the dossier as submitted. The receipt is drawn from it."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField()
    content = models.JSONField()
    sha256 = models.CharField(max_length=64)
    submitted_at = models.DateTimeField()
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("version déposée")
        verbose_name_plural = _("versions déposées")
        ordering = ["application", "number"]
        constraints = [
            models.UniqueConstraint(fields=["application", "number"], name="unique_version_number")
        ]

    def __str__(self) -> str:
        return f"{self.application} v{self.number}"


class Message(TimeStampedModel):
    """A message of the thread between a dossier's team and its fund's staff.

    `from_staff` records the side, so the thread reads right even if a person later changes
    role; `read_by_team_at` / `read_by_staff_at` drive the "new" marks.
    """

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    from_staff = models.BooleanField(default=False)
    body = models.TextField(_("message"), max_length=LONG_TEXT)
    read_by_team_at = models.DateTimeField(null=True, blank=True)
    read_by_staff_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["application", "created_at", "id"]
        indexes = [models.Index(fields=["application", "created_at"])]

    def __str__(self) -> str:
        return f"{self.application} — {self.created_at:%Y-%m-%d %H:%M}"
