"""Writes on a call's review stages and their criteria.

Stages are data on the call: any subset of first selection, expert review and jury, each
with its criteria and capability flags. Refusals are `ValidationError`s keyed by field
name, so that a view puts each message next to its field. Once reviews have begun at a
stage, what would make them meaningless (its kind, the list of criteria, their scales) is
frozen; wording and weights can still be adjusted.
"""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from essaim.core.audit import record
from essaim.funds.models import Call

from ..defaults import CRITERIA_SETS
from ..enums import ReviewStageKind
from ..models import Criterion, Review, ReviewStage

STAGE_FIELDS = (
    "kind",
    "title",
    "instructions",
    "opens_on",
    "closes_on",
    "reviews_per_application",
    "shows_applicant_names",
    "other_reviews_visibility",
    "allows_comment_for_applicant",
    "flags_same_departement",
)
CRITERION_FIELDS = ("label", "help_text", "weight", "scale_min", "scale_max")
SCALE_LIMIT = 100
MAX_REVIEWS_PER_APPLICATION = 20

# Stages sort in the order a dossier meets them.
KIND_ORDER = {kind: index for index, kind in enumerate(ReviewStageKind.values)}


def stage_has_reviews(stage: ReviewStage) -> bool:
    return Review.objects.filter(assignment__stage=stage).exists()


# --- rules shared with the forms --------------------------------------------------------


def stage_errors(*, call: Call, stage_pk: int | None, data: dict[str, Any]) -> dict[str, str]:
    errors: dict[str, str] = {}
    kind = data.get("kind")
    if kind and (
        ReviewStage.objects.filter(call=call, kind=kind).exclude(pk=stage_pk or 0).exists()
    ):
        errors["kind"] = _("Cet appel a déjà une étape « %(kind)s ».") % {
            "kind": ReviewStageKind(kind).label
        }
    opens_on, closes_on = data.get("opens_on"), data.get("closes_on")
    if opens_on and closes_on and closes_on < opens_on:
        errors["closes_on"] = _("La fin des évaluations doit suivre leur début.")
    count = data.get("reviews_per_application")
    if count is not None and not 1 <= count <= MAX_REVIEWS_PER_APPLICATION:
        errors["reviews_per_application"] = _(
            "Indiquez un nombre d'évaluations par dossier entre 1 et %(max)s."
        ) % {"max": MAX_REVIEWS_PER_APPLICATION}
    return errors


def criterion_errors(data: dict[str, Any]) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not (data.get("label") or "").strip():
        errors["label"] = _("Indiquez l'intitulé du critère.")
    weight = data.get("weight")
    if weight is not None and weight <= 0:
        errors["weight"] = _("Le poids doit être supérieur à 0, par exemple 1 ou 2.")
    low, high = data.get("scale_min"), data.get("scale_max")
    for name, value in (("scale_min", low), ("scale_max", high)):
        if value is not None and not -SCALE_LIMIT <= value <= SCALE_LIMIT:
            errors[name] = _("Choisissez une note entre -%(n)s et %(n)s.") % {"n": SCALE_LIMIT}
    if low is not None and high is not None and high <= low and "scale_max" not in errors:
        errors["scale_max"] = _("La note maximale doit dépasser la note minimale.")
    return errors


# --- stages -------------------------------------------------------------------------------


def stage_create(*, call: Call, actor, data: dict[str, Any], criteria_set: str = "") -> ReviewStage:
    """Add a review stage to `call`, with the criteria of a default set if one is chosen."""
    errors = stage_errors(call=call, stage_pk=None, data=data)
    if criteria_set and criteria_set not in CRITERIA_SETS:
        errors["criteria_set"] = _("Choisissez une des listes de critères proposées.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        stage = ReviewStage(
            call=call, **{name: data[name] for name in STAGE_FIELDS if name in data}
        )
        stage.position = KIND_ORDER.get(stage.kind, len(KIND_ORDER))
        stage.full_clean(exclude=["call"], validate_constraints=False)
        stage.save()
        if criteria_set:
            Criterion.objects.bulk_create(
                Criterion(
                    stage=stage,
                    label=str(item.label),
                    help_text=str(item.help_text),
                    weight=item.weight,
                    scale_min=item.scale_min,
                    scale_max=item.scale_max,
                    position=position,
                )
                for position, item in enumerate(CRITERIA_SETS[criteria_set].criteria)
            )
        record(
            actor=actor,
            action="review_stage.created",
            obj=call,
            to_value=stage.display_title,
            data={"stage": stage.pk, "kind": stage.kind, "criteria_set": criteria_set},
        )
    return stage


def stage_update(*, stage: ReviewStage, actor, data: dict[str, Any]) -> ReviewStage:
    errors = stage_errors(call=stage.call, stage_pk=stage.pk, data=data)
    if data.get("kind", stage.kind) != stage.kind and stage.assignments.exists():
        errors["kind"] = _(
            "Des dossiers sont déjà affectés à cette étape : son type ne peut plus changer."
        )
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        changed = []
        for name in STAGE_FIELDS:
            if name in data and getattr(stage, name) != data[name]:
                setattr(stage, name, data[name])
                changed.append(name)
        if "kind" in changed:
            stage.position = KIND_ORDER.get(stage.kind, len(KIND_ORDER))
            changed.append("position")
        if changed:
            stage.full_clean(exclude=["call"], validate_constraints=False)
            stage.save(update_fields=changed)
            record(
                actor=actor,
                action="review_stage.updated",
                obj=stage.call,
                to_value=stage.display_title,
                data={"stage": stage.pk, "fields": changed},
            )
    return stage


def stage_delete(*, stage: ReviewStage, actor) -> None:
    """Delete a stage that no review has started on; its assignments go with it."""
    if stage_has_reviews(stage):
        raise ValidationError(
            _(
                "Des évaluations ont déjà été commencées à cette étape : elle ne peut plus "
                "être supprimée."
            )
        )
    with transaction.atomic():
        record(
            actor=actor,
            action="review_stage.deleted",
            obj=stage.call,
            from_value=stage.display_title,
            data={"stage": stage.pk, "kind": stage.kind},
        )
        stage.delete()


# --- criteria -----------------------------------------------------------------------------


def _check_criteria_open(stage: ReviewStage, message: str) -> None:
    if stage_has_reviews(stage):
        raise ValidationError(message)


def criterion_add(*, stage: ReviewStage, actor, data: dict[str, Any]) -> Criterion:
    errors = criterion_errors(data)
    if errors:
        raise ValidationError(errors)
    _check_criteria_open(
        stage,
        _(
            "Des évaluations ont déjà été commencées à cette étape : on ne peut plus y "
            "ajouter de critère."
        ),
    )
    with transaction.atomic():
        last = stage.criteria.aggregate(last=Max("position"))["last"]
        criterion = Criterion(
            stage=stage,
            position=0 if last is None else last + 1,
            **{name: data[name] for name in CRITERION_FIELDS if name in data},
        )
        criterion.label = criterion.label.strip()
        criterion.full_clean(exclude=["stage"])
        criterion.save()
        record(
            actor=actor,
            action="criterion.added",
            obj=stage,
            to_value=criterion.label,
            data={"criterion": criterion.pk},
        )
    return criterion


def criterion_update(*, criterion: Criterion, actor, data: dict[str, Any]) -> Criterion:
    errors = criterion_errors({**{n: getattr(criterion, n) for n in CRITERION_FIELDS}, **data})
    if errors:
        raise ValidationError(errors)
    scale_changes = any(
        name in data and data[name] != getattr(criterion, name)
        for name in ("scale_min", "scale_max")
    )
    if scale_changes and stage_has_reviews(criterion.stage):
        raise ValidationError(
            {
                "scale_max": _(
                    "Des évaluations ont déjà été commencées : l'échelle de notes ne peut plus "
                    "changer."
                )
            }
        )
    with transaction.atomic():
        changed = []
        for name in CRITERION_FIELDS:
            if name in data:
                value = data[name].strip() if isinstance(data[name], str) else data[name]
                if getattr(criterion, name) != value:
                    setattr(criterion, name, value)
                    changed.append(name)
        if changed:
            criterion.full_clean(exclude=["stage"])
            criterion.save(update_fields=changed)
            record(
                actor=actor,
                action="criterion.updated",
                obj=criterion.stage,
                to_value=criterion.label,
                data={"criterion": criterion.pk, "fields": changed},
            )
    return criterion


def criterion_delete(*, criterion: Criterion, actor) -> None:
    stage = criterion.stage
    _check_criteria_open(
        stage,
        _(
            "Des évaluations ont déjà été commencées à cette étape : ses critères ne peuvent "
            "plus être supprimés."
        ),
    )
    with transaction.atomic():
        record(
            actor=actor,
            action="criterion.deleted",
            obj=stage,
            from_value=criterion.label,
            data={"criterion": criterion.pk},
        )
        criterion.delete()


def criterion_move(*, criterion: Criterion, actor, direction: str) -> None:
    """Move a criterion one place up or down; positions are renumbered 0, 1, 2…"""
    if direction not in ("up", "down"):
        raise ValidationError(_("Choisissez de monter ou de descendre le critère."))
    with transaction.atomic():
        siblings = list(Criterion.objects.select_for_update().filter(stage_id=criterion.stage_id))
        index = next(i for i, item in enumerate(siblings) if item.pk == criterion.pk)
        target = index - 1 if direction == "up" else index + 1
        if not 0 <= target < len(siblings):
            return
        siblings[index], siblings[target] = siblings[target], siblings[index]
        for position, item in enumerate(siblings):
            item.position = position
        Criterion.objects.bulk_update(siblings, ["position"])
        record(
            actor=actor,
            action="criterion.moved",
            obj=criterion.stage,
            to_value=criterion.label,
            data={"criterion": criterion.pk, "direction": direction},
        )
