"""A reviewer's scores and comments on one assigned dossier: saved as a draft, then submitted.

`save_review` is the one writer of `Review` and `Score` rows. It refuses a person who is not
the assignment's reviewer or who has a blocking conflict on the dossier, a stage outside its
scoring window, a review already submitted (then read-only), values outside a criterion's
scale, and — on submission — any criterion left without a score. Submission writes an audit
row with the scores given.
"""

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from essaim.core.audit import record
from essaim.core.formatting import day

from ..enums import ReviewStatus
from ..models import Assignment, Criterion, Review, ReviewStage, Score
from ..rules import blocking_conflict


class ReviewError(Exception):
    """A rule refused the save; the message is for the reviewer.

    `missing` lists the criteria left unscored when submitting, `invalid` those whose value
    is outside the scale, so the form can put the message beside each one.
    """

    def __init__(
        self,
        message: str,
        *,
        missing: list[Criterion] | None = None,
        invalid: list[Criterion] | None = None,
    ):
        super().__init__(message)
        self.missing = missing or []
        self.invalid = invalid or []


def scoring_closed_reason(stage: ReviewStage, today: dt.date | None = None) -> str:
    """Why scores cannot be given at `stage` today (Paris date), or "" while they can.

    The window includes its first and last days.
    """
    today = today or timezone.localdate()
    if stage.opens_on and today < stage.opens_on:
        return _("Les évaluations de cette étape ouvrent le %(date)s.") % {
            "date": day(stage.opens_on)
        }
    if stage.closes_on and today > stage.closes_on:
        return _("Les évaluations de cette étape sont closes depuis le %(date)s.") % {
            "date": day(stage.closes_on)
        }
    return ""


def missing_criteria(
    criteria: list[Criterion], scores: dict[int, tuple[int | None, str]]
) -> list[Criterion]:
    """The criteria without a value in {criterion_id: (value, comment)}."""
    return [c for c in criteria if scores.get(c.pk, (None, ""))[0] is None]


def _check_may_score(assignment: Assignment, actor) -> None:
    if assignment.reviewer_id != getattr(actor, "pk", None):
        raise ReviewError(_("Ce dossier ne vous est pas confié."))
    if blocking_conflict(actor, assignment.application_id):
        raise ReviewError(_("Un conflit d'intérêts vous empêche d'évaluer ce dossier."))
    closed = scoring_closed_reason(assignment.stage)
    if closed:
        raise ReviewError(closed)


def save_review(
    *,
    assignment: Assignment,
    scores: dict[int, tuple[int | None, str]],
    comment: str,
    comment_for_applicant: str,
    submit: bool,
    actor,
) -> Review:
    """Save the reviewer's scores {criterion_id: (value or None, comment)} and comments.

    With `submit`, every criterion of the stage needs a value and the review becomes
    read-only. Criteria missing from `scores` keep what was saved before.
    """
    with transaction.atomic():
        # The row lock serialises two saves of the same review (two tabs, a double click).
        assignment = (
            Assignment.objects.select_for_update(of=("self",))
            .select_related("stage")
            .get(pk=assignment.pk)
        )
        _check_may_score(assignment, actor)
        review, _created = Review.objects.get_or_create(assignment=assignment)
        if review.status == ReviewStatus.SUBMITTED:
            raise ReviewError(
                _("Cette évaluation a déjà été rendue : elle ne peut plus être modifiée.")
            )
        criteria = list(assignment.stage.criteria.all())
        existing = {score.criterion_id: score for score in review.scores.all()}

        invalid = [
            c
            for c in criteria
            if c.pk in scores
            and scores[c.pk][0] is not None
            and not c.scale_min <= scores[c.pk][0] <= c.scale_max
        ]
        if invalid:
            raise ReviewError(_("Une note est en dehors de l'échelle du critère."), invalid=invalid)

        final: dict[int, tuple[int | None, str]] = {
            c.pk: scores.get(
                c.pk,
                (existing[c.pk].value, existing[c.pk].comment) if c.pk in existing else (None, ""),
            )
            for c in criteria
        }
        missing = missing_criteria(criteria, final)
        if submit and missing:
            raise ReviewError(
                _("Donnez une note à chaque critère avant de rendre l'évaluation."),
                missing=missing,
            )

        for criterion in criteria:
            value, text = final[criterion.pk]
            text = text.strip()
            score = existing.get(criterion.pk)
            if score is None:
                Score.objects.create(review=review, criterion=criterion, value=value, comment=text)
            elif (score.value, score.comment) != (value, text):
                score.value, score.comment = value, text
                score.save(update_fields=["value", "comment"])

        review.comment = comment.strip()
        review.comment_for_applicant = (
            comment_for_applicant.strip() if assignment.stage.allows_comment_for_applicant else ""
        )
        fields = ["comment", "comment_for_applicant", "updated_at"]
        if submit:
            review.status = ReviewStatus.SUBMITTED
            review.submitted_at = timezone.now()
            fields += ["status", "submitted_at"]
        review.save(update_fields=fields)
        if submit:
            record(
                actor=actor,
                action="review.submitted",
                obj=review,
                from_value=ReviewStatus.DRAFT,
                to_value=ReviewStatus.SUBMITTED,
                data={
                    "application_id": assignment.application_id,
                    "stage_id": assignment.stage_id,
                    "scores": {str(pk): value for pk, (value, _text) in final.items()},
                },
            )
    return review
