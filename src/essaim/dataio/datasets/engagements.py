"""The reciprocal engagements of a call's laureates, every version (amendments included)."""

from django.db.models import Count, OuterRef, Subquery, Sum
from django.utils.translation import gettext_lazy as _

from essaim.accompaniment.enums import EngagementStatus
from essaim.accompaniment.models import Engagement, Indicator, Tranche

from ..columns import Column, Kind, attr, label_of
from .base import DatasetSpec

DOSSIER = _("Dossier")
ENGAGEMENT = _("Engagement")
MONEY = _("Versements")


def _columns(call) -> list[Column]:
    return [
        Column("reference", _("Référence"), DOSSIER, attr("application.reference"), default=True),
        Column("title", _("Titre du projet"), DOSSIER, attr("application.title"), default=True),
        Column(
            "organisation_name",
            _("Organisme"),
            DOSSIER,
            attr("application.organisation_name"),
            default=True,
        ),
        Column("version", _("Version"), ENGAGEMENT, attr("version"), Kind.INTEGER, True),
        Column(
            "status",
            _("État"),
            ENGAGEMENT,
            label_of(EngagementStatus.choices, "status"),
            default=True,
        ),
        # one row per version: summing the amounts of the versions in force gives the
        # envelope's "Versé"; summing every row would count an amendment twice
        Column(
            "in_force",
            _("Version en vigueur"),
            ENGAGEMENT,
            _yes_if_in_force,
            default=True,
            importable=False,
        ),
        Column("summary", _("Objet de l'engagement"), ENGAGEMENT, attr("summary")),
        Column("starts_on", _("Début"), ENGAGEMENT, attr("starts_on"), Kind.DATE, True),
        Column("ends_on", _("Fin"), ENGAGEMENT, attr("ends_on"), Kind.DATE, True),
        Column("signed_at", _("Signé le"), ENGAGEMENT, attr("signed_at"), Kind.DATETIME, True),
        Column("indicators", _("Indicateurs"), ENGAGEMENT, attr("indicator_count"), Kind.INTEGER),
        Column(
            "fund_commitments",
            _("Ce que le fonds s'engage à apporter"),
            ENGAGEMENT,
            attr("fund_commitments"),
        ),
        Column(
            "team_commitments",
            _("Ce que l'équipe s'engage à faire"),
            ENGAGEMENT,
            attr("team_commitments"),
        ),
        Column("amendment_reason", _("Motif de l'avenant"), ENGAGEMENT, attr("amendment_reason")),
        Column(
            "granted_amount",
            _("Montant accordé (€)"),
            MONEY,
            attr("granted_amount"),
            Kind.AMOUNT,
            default=bool(call and call.is_funding),
        ),
        Column(
            "planned_total",
            _("Total des tranches prévues (€)"),
            MONEY,
            attr("planned_sum"),
            Kind.AMOUNT,
        ),
        Column("paid_total", _("Total versé (€)"), MONEY, attr("paid_sum"), Kind.AMOUNT),
    ]


def _yes_if_in_force(engagement) -> str:
    return str(_("oui")) if engagement.status == EngagementStatus.SIGNED else str(_("non"))


def _sum_of_tranches(field: str):
    return Subquery(
        Tranche.objects.filter(engagement_id=OuterRef("pk"))
        .order_by()
        .values("engagement_id")
        .annotate(total=Sum(field))
        .values("total")
    )


def _base_rows(call, filters):
    return (
        Engagement.objects.filter(application__call=call)
        .select_related("application")
        .order_by("application__reference", "version", "id")
    )


ENGAGEMENTS = DatasetSpec(
    key="engagements",
    label=_("Engagements réciproques"),
    groups=(DOSSIER, ENGAGEMENT, MONEY),
    columns_for=_columns,
    base_rows=_base_rows,
    annotations={
        "indicator_count": lambda: Subquery(
            Indicator.objects.filter(engagement_id=OuterRef("pk"))
            .order_by()
            .values("engagement_id")
            .annotate(n=Count("*"))
            .values("n")
        ),
        "planned_sum": lambda: _sum_of_tranches("amount"),
        "paid_sum": lambda: _sum_of_tranches("paid_amount"),
    },
    fields=(
        "id",
        "version",
        "status",
        "summary",
        "granted_amount",
        "starts_on",
        "ends_on",
        "calendar",
        "fund_commitments",
        "team_commitments",
        "amendment_reason",
        "signed_at",
        "application__reference",
        "application__title",
        "application__organisation_name",
    ),
    needs={
        "indicators": ("indicator_count",),
        "planned_total": ("planned_sum",),
        "paid_total": ("paid_sum",),
    },
)
