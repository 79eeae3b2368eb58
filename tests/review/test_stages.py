"""Review stages and their criteria: creation with default criteria, the rules that freeze
them once reviews have begun, deletion, ordering."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from essaim.core.models import AuditEvent
from essaim.review.defaults import CRITERIA_SETS
from essaim.review.enums import OtherReviewsVisibility, ReviewStageKind
from essaim.review.models import Criterion, ReviewStage
from essaim.review.services import stages as services

from ..factories import AssignmentFactory, ReviewStageFactory, scored

pytestmark = pytest.mark.django_db


def stage_data(**overrides):
    data = {
        "kind": ReviewStageKind.FIRST_SELECTION,
        "title": "",
        "instructions": "Notez la dimension collective avant tout.",
        "opens_on": None,
        "closes_on": None,
        "reviews_per_application": 3,
        "shows_applicant_names": False,
        "other_reviews_visibility": OtherReviewsVisibility.NEVER,
        "allows_comment_for_applicant": True,
        "flags_same_departement": True,
    }
    return {**data, **overrides}


def test_stage_create_with_mnt_criteria_copies_the_default_set(call, staff):
    stage = services.stage_create(call=call, actor=staff, data=stage_data(), criteria_set="mnt")

    assert stage.reviews_per_application == 3
    assert stage.shows_applicant_names is False
    assert stage.other_reviews_visibility == OtherReviewsVisibility.NEVER
    labels = list(stage.criteria.values_list("label", flat=True))
    assert labels == [str(item.label) for item in CRITERIA_SETS["mnt"].criteria]
    assert labels[0] == "Dimension collective"
    first = stage.criteria.first()
    assert (first.weight, first.scale_min, first.scale_max) == (Decimal("2"), 0, 4)
    assert AuditEvent.objects.filter(action="review_stage.created", object_id=str(call.pk)).exists()


def test_stage_create_without_set_has_no_criteria(call, staff):
    stage = services.stage_create(call=call, actor=staff, data=stage_data(kind="jury"))
    assert stage.criteria.count() == 0
    assert stage.display_title == "Jury"


def test_stages_sort_in_the_order_dossiers_meet_them(call, staff):
    services.stage_create(call=call, actor=staff, data=stage_data(kind="jury"))
    services.stage_create(call=call, actor=staff, data=stage_data(kind="first_selection"))
    services.stage_create(call=call, actor=staff, data=stage_data(kind="expert_review"))
    kinds = list(ReviewStage.objects.filter(call=call).values_list("kind", flat=True))
    assert kinds == ["first_selection", "expert_review", "jury"]


def test_stage_create_twice_the_same_kind_is_refused_in_french(call, staff):
    services.stage_create(call=call, actor=staff, data=stage_data())
    with pytest.raises(ValidationError) as error:
        services.stage_create(call=call, actor=staff, data=stage_data())
    assert "déjà une étape « Première sélection »" in error.value.message_dict["kind"][0]


def test_stage_create_with_end_before_start_is_refused(call, staff):
    import datetime as dt

    data = stage_data(opens_on=dt.date(2024, 6, 10), closes_on=dt.date(2024, 6, 1))
    with pytest.raises(ValidationError) as error:
        services.stage_create(call=call, actor=staff, data=data)
    assert "closes_on" in error.value.message_dict
    assert not ReviewStage.objects.filter(call=call).exists()


def test_stage_create_with_unknown_criteria_set_is_refused(call, staff):
    with pytest.raises(ValidationError) as error:
        services.stage_create(call=call, actor=staff, data=stage_data(), criteria_set="nope")
    assert "criteria_set" in error.value.message_dict


def test_stage_update_changes_flags_and_writes_audit(call, staff):
    stage = ReviewStageFactory(call=call)
    services.stage_update(
        stage=stage, actor=staff, data={"shows_applicant_names": False, "title": "Tri"}
    )
    stage.refresh_from_db()
    assert stage.shows_applicant_names is False
    assert stage.display_title == "Tri"
    event = AuditEvent.objects.get(action="review_stage.updated")
    assert set(event.data["fields"]) == {"shows_applicant_names", "title"}


def test_stage_kind_cannot_change_once_dossiers_are_assigned(call, staff):
    stage = ReviewStageFactory(call=call)
    AssignmentFactory(stage=stage)
    with pytest.raises(ValidationError) as error:
        services.stage_update(stage=stage, actor=staff, data={"kind": "expert_review"})
    assert "kind" in error.value.message_dict


def test_stage_delete_without_reviews_removes_it_and_its_assignments(call, staff):
    stage = ReviewStageFactory(call=call)
    AssignmentFactory(stage=stage)
    services.stage_delete(stage=stage, actor=staff)
    assert not ReviewStage.objects.filter(call=call).exists()
    assert AuditEvent.objects.filter(action="review_stage.deleted").exists()


def test_stage_delete_with_a_review_is_refused(call, staff):
    stage = ReviewStageFactory(call=call)
    scored(AssignmentFactory(stage=stage), [3, 2], submit=False)
    with pytest.raises(ValidationError):
        services.stage_delete(stage=stage, actor=staff)
    assert ReviewStage.objects.filter(pk=stage.pk).exists()


# --- criteria -------------------------------------------------------------------------------


def criterion_data(**overrides):
    return {
        "label": "Caractère reproductible",
        "help_text": "D'autres territoires peuvent-ils le reprendre ?",
        "weight": Decimal("1.5"),
        "scale_min": 0,
        "scale_max": 4,
        **overrides,
    }


def test_criterion_add_goes_last(call, staff):
    stage = ReviewStageFactory(call=call)
    criterion = services.criterion_add(stage=stage, actor=staff, data=criterion_data())
    assert criterion.position == 2
    assert list(stage.criteria.values_list("label", flat=True))[-1] == "Caractère reproductible"


@pytest.mark.parametrize(
    ("overrides", "field", "words"),
    [
        ({"label": "  "}, "label", "Indiquez l'intitulé"),
        ({"weight": Decimal("0")}, "weight", "supérieur à 0"),
        ({"scale_min": 4, "scale_max": 4}, "scale_max", "doit dépasser la note minimale"),
        ({"scale_max": 1000}, "scale_max", "entre -100 et 100"),
    ],
)
def test_criterion_add_with_bad_values_says_why_in_french(call, staff, overrides, field, words):
    stage = ReviewStageFactory(call=call)
    with pytest.raises(ValidationError) as error:
        services.criterion_add(stage=stage, actor=staff, data=criterion_data(**overrides))
    assert words in error.value.message_dict[field][0]
    assert stage.criteria.count() == 2


def test_criteria_list_is_frozen_once_a_review_began(call, staff):
    stage = ReviewStageFactory(call=call)
    scored(AssignmentFactory(stage=stage), [1, None], submit=False)
    criterion = stage.criteria.first()
    with pytest.raises(ValidationError):
        services.criterion_add(stage=stage, actor=staff, data=criterion_data())
    with pytest.raises(ValidationError):
        services.criterion_delete(criterion=criterion, actor=staff)
    with pytest.raises(ValidationError) as error:
        services.criterion_update(criterion=criterion, actor=staff, data={"scale_max": 10})
    assert "scale_max" in error.value.message_dict
    # wording and weight remain adjustable
    services.criterion_update(
        criterion=criterion, actor=staff, data={"label": "Collectif", "weight": Decimal("3")}
    )
    criterion.refresh_from_db()
    assert (criterion.label, criterion.weight) == ("Collectif", Decimal("3"))


def test_criterion_delete_before_reviews(call, staff):
    stage = ReviewStageFactory(call=call)
    criterion = stage.criteria.first()
    services.criterion_delete(criterion=criterion, actor=staff)
    assert not Criterion.objects.filter(pk=criterion.pk).exists()
    assert AuditEvent.objects.filter(action="criterion.deleted").exists()


def test_criterion_move_swaps_neighbours_and_stops_at_the_ends(call, staff):
    stage = ReviewStageFactory(
        call=call, criteria=[("A", Decimal("1")), ("B", Decimal("1")), ("C", Decimal("1"))]
    )
    c = stage.criteria.get(label="C")
    services.criterion_move(criterion=c, actor=staff, direction="up")
    assert list(stage.criteria.values_list("label", flat=True)) == ["A", "C", "B"]
    a = stage.criteria.get(label="A")
    services.criterion_move(criterion=a, actor=staff, direction="up")  # already first
    assert list(stage.criteria.values_list("label", flat=True)) == ["A", "C", "B"]
    services.criterion_move(criterion=a, actor=staff, direction="down")
    assert list(stage.criteria.values_list("label", flat=True)) == ["C", "A", "B"]
    assert list(stage.criteria.values_list("position", flat=True)) == [0, 1, 2]
