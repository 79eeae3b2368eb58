"""Every decision taken on a call's dossiers (eligibility, first selection, jury)."""

from django.utils.translation import gettext_lazy as _

from essaim.applications.enums import ApplicationState
from essaim.review.enums import DecisionKind
from essaim.review.models import Decision

from ..columns import Column, Kind, attr, label_of
from .base import DatasetSpec

DOSSIER = _("Dossier")
DECISION = _("Décision")


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
        Column(
            "state",
            _("État actuel du dossier"),
            DOSSIER,
            label_of(ApplicationState.choices, "application.state"),
        ),
        Column("kind", _("Étape"), DECISION, label_of(DecisionKind.choices, "kind"), default=True),
        Column(
            "outcome",
            _("Décision"),
            DECISION,
            label_of(ApplicationState.choices, "outcome"),
            default=True,
        ),
        Column("reason", _("Motif communiqué à l'équipe"), DECISION, attr("reason"), default=True),
        Column("internal_note", _("Note interne"), DECISION, attr("internal_note")),
        Column("decided_by", _("Décidé par"), DECISION, attr("decided_by.full_name")),
        Column("decided_at", _("Décidé le"), DECISION, attr("decided_at"), Kind.DATETIME, True),
        Column("jury_session", _("Séance du jury"), DECISION, attr("jury_session.title")),
    ]


def _base_rows(call, filters):
    return (
        Decision.objects.filter(application__call=call)
        .select_related("application", "decided_by", "jury_session")
        .order_by("application__reference", "decided_at", "id")
    )


DECISIONS = DatasetSpec(
    key="decisions",
    label=_("Décisions"),
    groups=(DOSSIER, DECISION),
    columns_for=_columns,
    base_rows=_base_rows,
    fields=(
        "id",
        "kind",
        "outcome",
        "reason",
        "internal_note",
        "decided_at",
        "application__reference",
        "application__title",
        "application__organisation_name",
        "application__state",
        "decided_by__full_name",
        "jury_session__title",
    ),
)
