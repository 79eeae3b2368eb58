"""The dossiers of a call. Its columns are also the import's format: an export with every
importable column reads back through `dataio.importing` (round trip)."""

from django.db.models import Count, OuterRef, Subquery, Sum
from django.utils.translation import gettext_lazy as _

from essaim.applications.enums import ApplicationState, Maturity, SupportStatus, TeamAccess
from essaim.applications.models import Application, BudgetLine, SupportRequest, TeamMember
from essaim.review.models import Decision
from essaim.territory.enums import REGION_CHOICES, REGION_OF_DEPARTEMENT, OrganisationType, SizeBand

from ..columns import Column, Kind, attr, label_of
from .base import DatasetSpec

CALL = _("Appel et dossier")
ORGANISATION = _("Organisme")
TEAM = _("Équipe")
CONTENT = _("Contenu du dossier")
SELECTION = _("Sélection")

SCOPES = ("submitted", "laureates", "all")
REGION_LABELS = dict(REGION_CHOICES)
LONG_TEXTS = (
    ("problem", _("Problème constaté")),
    ("users_concerned", _("Usagers concernés")),
    ("idea", _("L'idée")),
    ("partners", _("Structures partenaires")),
    ("effect_on_agents", _("Effet attendu pour les agents")),
    ("effect_on_users", _("Effet attendu pour les usagers")),
    ("collective_dimension", _("Dimension collective")),
    ("reproducibility", _("Reproductibilité")),
)


def _region(application):
    code = REGION_OF_DEPARTEMENT.get(application.organisation_departement, "")
    return REGION_LABELS.get(code, "")


def _insee(application):
    organisation = application.organisation
    if organisation is None or organisation.kind != OrganisationType.COMMUNE:
        return ""
    return organisation.insee_code or ""


def _constant(value):
    # every row of an export is of the same call: its values are read once, not per row
    return lambda obj: value


def _columns(call) -> list[Column]:
    fund = call.fund if call else None
    columns = [
        Column("fund", _("Fonds"), CALL, _constant(fund and fund.slug)),
        Column("call", _("Appel"), CALL, _constant(call and call.slug), default=True),
        Column("call_title", _("Titre de l'appel"), CALL, _constant(call and call.title)),
        Column(
            "call_year", _("Année de l'appel"), CALL, _constant(call and call.year), Kind.INTEGER
        ),
        Column("reference", _("Référence"), CALL, attr("reference"), default=True),
        Column(
            "state",
            _("État"),
            CALL,
            label_of(ApplicationState.choices, "state"),
            default=True,
        ),
        Column("submitted_at", _("Déposé le"), CALL, attr("submitted_at"), Kind.DATETIME, True),
        Column("title", _("Titre du projet"), CALL, attr("title"), default=True),
        Column("theme", _("Thématique"), CALL, attr("theme.title"), default=True),
        Column("maturity", _("Maturité"), CALL, label_of(Maturity.choices, "maturity")),
        Column(
            "amount_requested",
            _("Montant demandé (€)"),
            CALL,
            attr("amount_requested"),
            Kind.AMOUNT,
            default=bool(call and call.is_funding),
        ),
        Column(
            "budget_total",
            _("Budget total (€)"),
            CALL,
            attr("budget_sum"),
            Kind.AMOUNT,
            importable=False,
        ),
        Column(
            "organisation_name",
            _("Organisme"),
            ORGANISATION,
            attr("organisation_name"),
            default=True,
        ),
        Column(
            "organisation_type",
            _("Type d'organisme"),
            ORGANISATION,
            label_of(OrganisationType.choices, "organisation_type"),
            default=True,
        ),
        Column(
            "departement",
            _("Département"),
            ORGANISATION,
            attr("organisation_departement"),
            default=True,
        ),
        Column("region", _("Région"), ORGANISATION, _region, importable=False),
        Column("siren", _("SIREN"), ORGANISATION, attr("organisation.siren"), default=True),
        Column("insee_code", _("Code INSEE"), ORGANISATION, _insee),
        Column(
            "population",
            _("Population"),
            ORGANISATION,
            attr("organisation.population"),
            Kind.INTEGER,
            importable=False,
        ),
        Column(
            "size_band",
            _("Taille de l'organisme"),
            ORGANISATION,
            label_of(SizeBand.choices, "organisation.size_band"),
            importable=False,
        ),
        Column("owner_name", _("Porteur"), TEAM, attr("owner_name"), default=True),
        Column("owner_email", _("E-mail du porteur"), TEAM, attr("owner_email"), default=True),
        Column("owner_job_title", _("Fonction du porteur"), TEAM, attr("owner_job_title")),
        Column(
            "team_size",
            _("Membres de l'équipe"),
            TEAM,
            attr("team_count"),
            Kind.INTEGER,
            importable=False,
        ),
        Column(
            "support_status",
            _("Soutien hiérarchique"),
            TEAM,
            label_of(SupportStatus.choices, "support_status_code"),
            importable=False,
        ),
    ]
    columns += [Column(key, label, CONTENT, attr(key)) for key, label in LONG_TEXTS]
    columns += [
        Column(
            "decision",
            _("Décision"),
            SELECTION,
            label_of(ApplicationState.choices, "decision_outcome"),
            default=True,
        ),
        Column(
            "decision_date",
            _("Date de la décision"),
            SELECTION,
            attr("decision_at"),
            Kind.DATE,
            default=True,
        ),
        Column("decision_reason", _("Motif de la décision"), SELECTION, attr("decision_reason")),
    ]
    return columns


def _base_rows(call, filters):
    rows = Application.objects.filter(call=call).select_related("theme", "organisation")
    scope = filters.get("scope", "submitted")
    if scope == "submitted":
        rows = rows.exclude(state=ApplicationState.DRAFT)
    elif scope == "laureates":
        rows = rows.filter(state__in=ApplicationState.selected())
    return rows.order_by("reference", "id")


def _owner():
    return TeamMember.objects.filter(
        application_id=OuterRef("pk"), access=TeamAccess.OWNER
    ).order_by("id")


def _latest_decision():
    return Decision.objects.filter(application_id=OuterRef("pk")).order_by("-decided_at", "-id")


ANNOTATIONS = {
    "owner_name": lambda: Subquery(_owner().values("full_name")[:1]),
    "owner_email": lambda: Subquery(_owner().values("email")[:1]),
    "owner_job_title": lambda: Subquery(_owner().values("job_title")[:1]),
    "decision_outcome": lambda: Subquery(_latest_decision().values("outcome")[:1]),
    "decision_at": lambda: Subquery(_latest_decision().values("decided_at")[:1]),
    "decision_reason": lambda: Subquery(_latest_decision().values("reason")[:1]),
    "budget_sum": lambda: Subquery(
        BudgetLine.objects.filter(application_id=OuterRef("pk"))
        .order_by()
        .values("application_id")
        .annotate(total=Sum("amount"))
        .values("total")
    ),
    "team_count": lambda: Subquery(
        TeamMember.objects.filter(application_id=OuterRef("pk"))
        .order_by()
        .values("application_id")
        .annotate(n=Count("*"))
        .values("n")
    ),
    "support_status_code": lambda: Subquery(
        SupportRequest.objects.filter(application_id=OuterRef("pk")).values("status")[:1]
    ),
}

DOSSIERS = DatasetSpec(
    key="dossiers",
    label=_("Dossiers"),
    groups=(CALL, ORGANISATION, TEAM, CONTENT, SELECTION),
    columns_for=_columns,
    base_rows=_base_rows,
    annotations=ANNOTATIONS,
    needs={
        "owner_name": ("owner_name",),
        "owner_email": ("owner_email",),
        "owner_job_title": ("owner_job_title",),
        "decision": ("decision_outcome",),
        "decision_date": ("decision_at",),
        "decision_reason": ("decision_reason",),
        "budget_total": ("budget_sum",),
        "team_size": ("team_count",),
        "support_status": ("support_status_code",),
    },
    heavy_fields={key: key for key, _label in LONG_TEXTS},
    fields=(
        "id",
        "call_id",
        "reference",
        "state",
        "submitted_at",
        "title",
        "maturity",
        "amount_requested",
        "organisation_name",
        "organisation_type",
        "organisation_departement",
        "theme__title",
        "organisation__kind",
        "organisation__siren",
        "organisation__insee_code",
        "organisation__population",
        "organisation__size_band",
    ),
)
