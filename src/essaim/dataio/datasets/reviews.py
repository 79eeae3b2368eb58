"""The reviews of a call: one row per review, one column per criterion of its stages."""

from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _

from essaim.review.enums import ReviewStatus
from essaim.review.models import Criterion, Review, Score

from ..columns import Column, Kind, attr, label_of
from .base import DatasetSpec

DOSSIER = _("Dossier")
REVIEW = _("Évaluation")
SCORES = _("Notes par critère")


def _score_of(criterion_id: int):
    def read(review):
        # the review's scores, prefetched per chunk, as a dict built once per row
        scores = getattr(review, "_score_map", None)
        if scores is None:
            scores = review._score_map = {s.criterion_id: s.value for s in review.scores.all()}
        return scores.get(criterion_id)

    return read


def _columns(call) -> list[Column]:
    columns = [
        Column(
            "reference",
            _("Référence"),
            DOSSIER,
            attr("assignment.application.reference"),
            default=True,
        ),
        Column(
            "title",
            _("Titre du projet"),
            DOSSIER,
            attr("assignment.application.title"),
            default=True,
        ),
        Column(
            "organisation_name",
            _("Organisme"),
            DOSSIER,
            attr("assignment.application.organisation_name"),
        ),
        Column("stage", _("Étape"), REVIEW, attr("assignment.stage.display_title"), default=True),
        Column(
            "reviewer", _("Évaluateur"), REVIEW, attr("assignment.reviewer.full_name"), default=True
        ),
        Column(
            "reviewer_email", _("E-mail de l'évaluateur"), REVIEW, attr("assignment.reviewer.email")
        ),
        Column(
            "status", _("Statut"), REVIEW, label_of(ReviewStatus.choices, "status"), default=True
        ),
        Column("submitted_at", _("Rendue le"), REVIEW, attr("submitted_at"), Kind.DATETIME, True),
        Column("comment", _("Commentaire pour l'équipe du fonds"), REVIEW, attr("comment")),
        Column(
            "comment_for_applicant",
            _("Commentaire pour l'équipe du projet"),
            REVIEW,
            attr("comment_for_applicant"),
        ),
    ]
    criteria = (
        Criterion.objects.filter(stage__call=call)
        .select_related("stage")
        .order_by("stage__position", "stage_id", "position", "id")
    )
    for criterion in criteria:
        columns.append(
            Column(
                f"score_{criterion.pk}",
                f"{criterion.stage.display_title} — {criterion.label}",
                SCORES,
                _score_of(criterion.pk),
                Kind.INTEGER,
                default=True,
            )
        )
    return columns


def _base_rows(call, filters):
    return (
        Review.objects.filter(assignment__application__call=call)
        .select_related("assignment__application", "assignment__stage", "assignment__reviewer")
        .order_by("assignment__application__reference", "assignment__stage__position", "id")
    )


REVIEWS = DatasetSpec(
    key="reviews",
    label=_("Évaluations"),
    groups=(DOSSIER, REVIEW, SCORES),
    columns_for=_columns,
    base_rows=_base_rows,
    fields=(
        "id",
        "status",
        "comment",
        "comment_for_applicant",
        "submitted_at",
        "assignment__application__reference",
        "assignment__application__title",
        "assignment__application__organisation_name",
        "assignment__stage__title",
        "assignment__stage__kind",
        "assignment__reviewer__full_name",
        "assignment__reviewer__email",
    ),
    prefetch={
        "score_": (
            Prefetch(
                "scores", queryset=Score.objects.only("id", "review_id", "criterion_id", "value")
            ),
        )
    },
)
