"""Eligibility screening: one dossier against the checklist, many at once, and what the
team may read of the decisions."""

import pytest
from django.utils import timezone

from essaim.applications.enums import ApplicationState as S
from essaim.core.models import AuditEvent
from essaim.review.enums import DecisionKind
from essaim.review.selectors.screening import screening_counts, team_decisions, team_feedback
from essaim.review.services.decisions import DecisionError, record_decision
from essaim.review.services.screening import screen_application, screen_many

from ..factories import (
    ApplicationFactory,
    AssignmentFactory,
    ReviewStageFactory,
    scored,
    submitted,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def rules_call(call):
    call.eligibility_rules = "Porté par un agent public\nSoutien hiérarchique confirmé\n"
    call.save(update_fields=["eligibility_rules"])
    return call


def _dossier(call, **kwargs):
    return submitted(ApplicationFactory(call=call, complete=True, **kwargs))


def test_screen_application_eligible_keeps_checklist_of_the_call(rules_call, staff):
    dossier = _dossier(rules_call)
    decision = screen_application(
        application=dossier,
        outcome=S.ELIGIBLE,
        actor=staff,
        internal_note="  Vérifié avec le SIREN.  ",
        checklist={"Porté par un agent public": True, "Critère inventé": True},
    )
    dossier.refresh_from_db()
    assert dossier.state == S.ELIGIBLE
    assert decision.kind == DecisionKind.ELIGIBILITY
    assert decision.internal_note == "Vérifié avec le SIREN."
    # every rule of the call is recorded, unticked ones as False; unknown rules are dropped
    assert decision.checklist == {
        "Porté par un agent public": True,
        "Soutien hiérarchique confirmé": False,
    }
    assert AuditEvent.objects.for_object(dossier).filter(to_value=S.ELIGIBLE).exists()


def test_screen_application_ineligible_requires_reason(call, staff):
    dossier = _dossier(call)
    with pytest.raises(DecisionError, match="motif"):
        screen_application(application=dossier, outcome=S.INELIGIBLE, actor=staff, reason=" ")
    dossier.refresh_from_db()
    assert dossier.state == S.SUBMITTED
    assert not dossier.decisions.exists()


def test_screen_application_refuses_other_outcomes(call, staff):
    dossier = _dossier(call)
    with pytest.raises(DecisionError):
        screen_application(application=dossier, outcome=S.SHORTLISTED, actor=staff)
    assert not dossier.decisions.exists()


def test_screen_application_refuses_dossier_already_screened(call, staff):
    dossier = _dossier(call)
    screen_application(application=dossier, outcome=S.ELIGIBLE, actor=staff)
    with pytest.raises(DecisionError):
        screen_application(application=dossier, outcome=S.INELIGIBLE, actor=staff, reason="Non")
    assert dossier.decisions.count() == 1


def test_screen_many_with_mix_of_valid_and_invalid_dossiers(call, staff):
    first, second = _dossier(call), _dossier(call)
    already = _dossier(call)
    screen_application(application=already, outcome=S.ELIGIBLE, actor=staff)
    draft = ApplicationFactory(call=call)

    result = screen_many(
        applications=[first, already, draft, second],
        outcome=S.INELIGIBLE,
        reason="Le porteur n'est pas un agent public.",
        actor=staff,
    )

    assert [a.pk for a in result.succeeded] == [first.pk, second.pk]
    assert [f.application.pk for f in result.failed] == [already.pk, draft.pk]
    assert all("ne peut pas passer" in f.message for f in result.failed)
    for dossier, state in ((first, S.INELIGIBLE), (second, S.INELIGIBLE), (already, S.ELIGIBLE)):
        dossier.refresh_from_db()
        assert dossier.state == state
    # the refusals undid nothing of the others
    assert first.decisions.get().reason == "Le porteur n'est pas un agent public."
    assert first.decisions.get().checklist == {}


def test_screen_many_without_reason_fails_each_ineligible_and_changes_nothing(call, staff):
    dossiers = [_dossier(call), _dossier(call)]
    result = screen_many(applications=dossiers, outcome=S.INELIGIBLE, reason="", actor=staff)
    assert not result.succeeded
    assert len(result.failed) == 2
    assert all("motif" in f.message for f in result.failed)


def test_screen_many_refuses_wrong_outcome_before_touching_anything(call, staff):
    dossier = _dossier(call)
    with pytest.raises(DecisionError):
        screen_many(applications=[dossier], outcome=S.LAUREATE, reason="", actor=staff)
    dossier.refresh_from_db()
    assert dossier.state == S.SUBMITTED


def test_screening_counts_per_filter(call, staff):
    _dossier(call)
    eligible = _dossier(call)
    screen_application(application=eligible, outcome=S.ELIGIBLE, actor=staff)
    ApplicationFactory(call=call)  # a draft is never counted
    # declared recevable, then moved on: still counted among the recevables
    ApplicationFactory(call=call, complete=True, state=S.SHORTLISTED)
    ApplicationFactory(call=call, complete=True, state=S.LAUREATE)
    ApplicationFactory(call=call, complete=True, state=S.WITHDRAWN)  # where it stopped is unknown
    assert screening_counts(call) == {
        "a-examiner": 1,
        "recevables": 3,
        "non-recevables": 0,
        "tous": 5,
    }


def test_team_decisions_hide_internal_note_and_jury(call, staff):
    call.stages.filter(kind="first_selection").delete()
    dossier = _dossier(call)
    screen_application(application=dossier, outcome=S.ELIGIBLE, actor=staff, internal_note="secret")
    record_decision(
        application=dossier,
        kind=DecisionKind.JURY,
        outcome=S.NOT_SELECTED,
        actor=staff,
        reason="Projet moins mûr que les autres.",
    )
    decisions = team_decisions(dossier)
    assert [d.kind for d in decisions] == [DecisionKind.ELIGIBILITY]
    assert not hasattr(decisions[0], "internal_note")


def test_team_decisions_show_the_jury_once_results_are_published(call, staff):
    call.stages.filter(kind="first_selection").delete()
    dossier = _dossier(call)
    screen_application(application=dossier, outcome=S.ELIGIBLE, actor=staff)
    record_decision(
        application=dossier,
        kind=DecisionKind.JURY,
        outcome=S.NOT_SELECTED,
        actor=staff,
        reason="Projet moins mûr que les autres.",
    )
    call.results_published_at = timezone.now()
    call.save(update_fields=["results_published_at"])
    dossier = type(dossier).objects.select_related("call").get(pk=dossier.pk)
    decisions = team_decisions(dossier)
    assert [d.kind for d in decisions] == [DecisionKind.ELIGIBILITY, DecisionKind.JURY]
    assert decisions[1].reason == "Projet moins mûr que les autres."


def test_team_reads_comments_for_it_once_the_stage_is_decided(call, staff):
    stage = ReviewStageFactory(call=call, allows_comment_for_applicant=True)
    dossier = _dossier(call)
    screen_application(application=dossier, outcome=S.ELIGIBLE, actor=staff)
    kept = scored(AssignmentFactory(stage=stage, application=dossier), [3, 2])
    kept.comment_for_applicant = "Précisez le calendrier."
    kept.comment = "Interne : équipe solide."
    kept.save()
    draft = scored(AssignmentFactory(stage=stage, application=dossier), [1, 1], submit=False)
    draft.comment_for_applicant = "Brouillon jamais rendu."
    draft.save()

    assert team_feedback(dossier, team_decisions(dossier)) == []  # nothing decided yet
    record_decision(
        application=dossier, kind=DecisionKind.SHORTLIST, outcome=S.SHORTLISTED, actor=staff
    )
    feedback = team_feedback(dossier, team_decisions(dossier))
    assert [item.text for item in feedback] == ["Précisez le calendrier."]
    assert feedback[0].stage_name == stage.display_title
