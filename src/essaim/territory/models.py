"""The referential of public bodies: the official ones imported from the Code officiel
géographique (communes, EPCI, départements, régions), and the others (SDIS, centres de
gestion, State services…) that applicants add when theirs is missing.

Rows are written by `territory.importer` (official bodies) and `territory.services` (added
and merged bodies) only; both keep `SearchTerm` in step with the names.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from essaim.core.models import TimeStampedModel

from .enums import (
    DEPARTEMENT_CHOICES,
    DEPARTEMENT_NAMES,
    REGION_CHOICES,
    EpciKind,
    OrganisationSource,
    OrganisationType,
    SizeBand,
)


class Organisation(TimeStampedModel):
    kind = models.CharField(_("type"), max_length=40, choices=OrganisationType.choices)
    name = models.CharField(_("nom"), max_length=200)
    # "Commune de Pessac", "Département de la Gironde": what a dossier records as its body
    formal_name = models.CharField(_("nom complet"), max_length=250)
    # names.search_key(name): the exact and prefix matches of the search, and its fallback
    search_name = models.CharField(max_length=250, editable=False)
    # NULL, not "", when unknown: many bodies have none and the column is unique
    siren = models.CharField(_("SIREN"), max_length=9, null=True, blank=True, unique=True)
    # communes "33318", départements "33", régions "75": unique within a kind, NULL when none
    insee_code = models.CharField(_("code INSEE"), max_length=5, null=True, blank=True)  # noqa: DJ001
    epci_kind = models.CharField(
        _("nature juridique"), max_length=5, choices=EpciKind.choices, blank=True
    )
    departement = models.CharField(
        _("département"), max_length=3, choices=DEPARTEMENT_CHOICES, blank=True
    )
    region = models.CharField(_("région"), max_length=2, choices=REGION_CHOICES, blank=True)
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)
    size_band = models.CharField(
        _("taille"), max_length=12, choices=SizeBand.choices, blank=True, editable=False
    )
    postal_codes = models.CharField(_("codes postaux"), max_length=200, blank=True)
    epci = models.ForeignKey(
        "self",
        verbose_name=_("intercommunalité"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="members",
    )
    source = models.CharField(
        _("origine"),
        max_length=20,
        choices=OrganisationSource.choices,
        default=OrganisationSource.REFERENTIAL,
    )
    # False once gone from the official referential without a successor: kept for the
    # dossiers that point at it, hidden from the search
    is_active = models.BooleanField(_("actif"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("organisme")
        verbose_name_plural = _("organismes")
        ordering = ["name", "departement", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "insee_code"],
                condition=Q(insee_code__isnull=False),
                name="territory_organisation_unique_insee_code",
            ),
        ]
        indexes = [
            # exact and prefix matches on the key (the search's last resort scans it)
            models.Index(
                fields=["search_name"],
                opclasses=["varchar_pattern_ops"],
                name="territory_org_search_name",
            ),
            models.Index(fields=["insee_code"], name="territory_org_insee_code"),
            # the staff page of added bodies: by origin, kind and département
            models.Index(fields=["source", "kind", "departement"], name="territory_org_source"),
        ]

    def __str__(self) -> str:
        if self.departement:
            return f"{self.name} ({self.departement})"
        return self.name

    @property
    def departement_name(self) -> str:
        return DEPARTEMENT_NAMES.get(self.departement, "")

    @property
    def is_official(self) -> bool:
        return self.source == OrganisationSource.REFERENTIAL

    def postal_code_list(self) -> list[str]:
        return self.postal_codes.split()


class AliasKind(models.TextChoices):
    FORMER_COMMUNE = "former_commune", _("Ancienne commune (commune nouvelle)")
    DELEGATED_COMMUNE = "delegated_commune", _("Commune déléguée ou associée")
    ARRONDISSEMENT = "arrondissement", _("Arrondissement municipal")
    MERGED = "merged", _("Organisme fusionné")


class OrganisationAlias(models.Model):
    """Another code or name under which a body is known: the INSEE code of a commune merged
    into a commune nouvelle, a commune déléguée, a body merged by staff. Looking a code up
    through the aliases finds the body that carries it today."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="aliases")
    kind = models.CharField(max_length=20, choices=AliasKind.choices)
    code = models.CharField(_("code INSEE ou SIREN"), max_length=9, blank=True)
    name = models.CharField(_("nom"), max_length=250, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("autre nom ou code")
        verbose_name_plural = _("autres noms ou codes")
        ordering = ["kind", "code", "name"]
        indexes = [models.Index(fields=["code"], name="territory_alias_code")]

    def __str__(self) -> str:
        return f"{self.code or self.name} → {self.organisation_id}"


class SearchTerm(models.Model):
    """One searchable form of a body: its key from the first word or from a later one, an
    alternative full name, a postal code, a former commune's name.

    The autocomplete reads only this table's index (text, weight, population, organisation):
    a prefix range on `text`, ranked by weight then population, with no join and no sort
    of the whole match (see territory.search)."""

    NAME = 0  # the key of the name, from its first word
    OTHER_NAME = 1  # another full form ("departement de la gironde"), a postal code
    WORD = 2  # the key from a later word ("issole")
    FORMER_NAME = 3  # the name of a commune merged into this one

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="search_terms"
    )
    text = models.CharField(max_length=250)
    weight = models.PositiveSmallIntegerField()
    population = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("terme de recherche d'un organisme")
        verbose_name_plural = _("termes de recherche des organismes")
        indexes = [
            # varchar_pattern_ops (PostgreSQL): LIKE 'q%' uses the index whatever the
            # database's collation; SQLite ignores operator classes and uses a range
            models.Index(
                fields=["text", "weight", "population", "organisation"],
                opclasses=["varchar_pattern_ops", "int2_ops", "int4_ops", "int8_ops"],
                name="territory_term_search",
            ),
        ]

    def __str__(self) -> str:
        return self.text


class ReferentialImport(models.Model):
    """One load of a snapshot: which release, when, what it changed."""

    package = models.CharField(max_length=100)
    version = models.CharField(max_length=20)
    vintage = models.PositiveSmallIntegerField(null=True)
    sha256 = models.CharField(max_length=64)
    counts = models.JSONField(default=dict)
    changes = models.JSONField(default=dict)
    loaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("import du référentiel")
        verbose_name_plural = _("imports du référentiel")
        ordering = ["-loaded_at", "-id"]

    def __str__(self) -> str:
        return f"{self.package} {self.version}"
