"""The milestones of a call's laureates' accompaniments."""

from django.utils.translation import gettext_lazy as _

from essaim.accompaniment.enums import MilestoneStatus
from essaim.accompaniment.models import Milestone

from ..columns import Column, Kind, attr, label_of
from .base import DatasetSpec

DOSSIER = _("Dossier")
MILESTONE = _("Jalon")


def _columns(call) -> list[Column]:
    return [
        Column(
            "reference",
            _("Référence"),
            DOSSIER,
            attr("accompaniment.application.reference"),
            default=True,
        ),
        Column(
            "title",
            _("Titre du projet"),
            DOSSIER,
            attr("accompaniment.application.title"),
            default=True,
        ),
        Column(
            "organisation_name",
            _("Organisme"),
            DOSSIER,
            attr("accompaniment.application.organisation_name"),
        ),
        Column("cohort", _("Cohorte"), DOSSIER, attr("accompaniment.cohort.name")),
        Column("phase", _("Phase"), MILESTONE, attr("phase.name"), default=True),
        Column("milestone", _("Jalon"), MILESTONE, attr("title"), default=True),
        Column("description", _("Précisions"), MILESTONE, attr("description")),
        Column("due_on", _("Échéance"), MILESTONE, attr("due_on"), Kind.DATE, True),
        Column(
            "status",
            _("État"),
            MILESTONE,
            label_of(MilestoneStatus.choices, "status"),
            default=True,
        ),
        Column("achieved_on", _("Atteint le"), MILESTONE, attr("achieved_on"), Kind.DATE, True),
        Column("owner", _("Responsable"), MILESTONE, attr("owner.full_name")),
    ]


def _base_rows(call, filters):
    return (
        Milestone.objects.filter(accompaniment__application__call=call)
        .select_related("accompaniment__application", "accompaniment__cohort", "phase", "owner")
        .order_by("accompaniment__application__reference", "due_on", "id")
    )


MILESTONES = DatasetSpec(
    key="milestones",
    label=_("Jalons"),
    groups=(DOSSIER, MILESTONE),
    columns_for=_columns,
    base_rows=_base_rows,
    fields=(
        "id",
        "title",
        "description",
        "due_on",
        "status",
        "achieved_on",
        "accompaniment__application__reference",
        "accompaniment__application__title",
        "accompaniment__application__organisation_name",
        "accompaniment__cohort__name",
        "phase__name",
        "owner__full_name",
    ),
)
