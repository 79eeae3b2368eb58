"""The jury's rules: who sits, which dossiers, abstentions, the cap on laureates, decisions
through `record_decision`, and a closed session staying closed."""

import datetime as dt

import pytest
from django.utils import timezone

from essaim.applications.enums import ApplicationState
from essaim.core.models import AuditEvent
from essaim.funds.enums import FundRole, StageKind
from essaim.review.enums import ConflictStatus, DecisionKind, JurySessionStatus
from essaim.review.models import Decision, JuryItem, JuryMember
from essaim.review.selectors.jury import deliberation, minutes_content
from essaim.review.services.jury import (
    JuryError,
    Seat,
    jury_abstentions_set,
    jury_attendance_record,
    jury_items_set,
    jury_members_set,
    jury_session_create,
    jury_session_mark_held,
    jury_session_update,
    record_jury_decision,
)

from ..factories import (
    ApplicationFactory,
    AssignmentFactory,
    CallFactory,
    CallMembershipFactory,
    ConflictFactory,
    FundMembershipFactory,
    JuryItemFactory,
    JuryMemberFactory,
    JurySessionFactory,
    ReviewStageFactory,
    UserFactory,
    scored,
    submitted,
)

pytestmark = pytest.mark.django_db

SHORTLISTED = ApplicationState.SHORTLISTED


def shortlisted(call, n: int = 1, state=SHORTLISTED):
    return [submitted(ApplicationFactory(call=call, complete=True), state=state) for _ in range(n)]


@pytest.fixture
def session(call, staff):
    return jury_session_create(
        call=call,
        actor=staff,
        title="Jury final",
        starts_at=timezone.now() + dt.timedelta(days=7),
        place="Paris",
    )


# --- the session and what comes before it ------------------------------------------------


def test_session_create_puts_shortlisted_dossiers_before_it(call, staff):
    waiting = shortlisted(call, 2)
    submitted(ApplicationFactory(call=call, complete=True), state=ApplicationState.ELIGIBLE)
    session = jury_session_create(
        call=call, actor=staff, title="  Jury  ", starts_at=timezone.now(), place=" Lyon "
    )
    assert session.title == "Jury" and session.place == "Lyon"
    assert [i.application_id for i in session.items.order_by("position")] == [a.pk for a in waiting]
    assert AuditEvent.objects.for_object(session).filter(action="jury.session_created").exists()


def test_session_create_includes_dossiers_in_support_without_deciding_them(call, staff):
    in_support = shortlisted(call, 1, state=ApplicationState.IN_SUPPORT)[0]
    session = jury_session_create(call=call, actor=staff, title="Jury", starts_at=timezone.now())
    assert session.items.get().application == in_support
    assert deliberation(session).rows[0].outcomes == []
    with pytest.raises(JuryError, match="ne peut pas passer"):
        record_jury_decision(
            session=session, application=in_support, outcome="laureate", actor=staff
        )


def test_session_create_without_first_selection_takes_eligible_dossiers(fund, staff):
    call = CallFactory(
        fund=fund, stages=[StageKind.APPLICATION, StageKind.ELIGIBILITY, StageKind.JURY]
    )
    eligible = shortlisted(call, 1, state=ApplicationState.ELIGIBLE)[0]
    shortlisted(call, 1, state=ApplicationState.SUBMITTED)
    session = jury_session_create(call=call, actor=staff, title="Jury", starts_at=timezone.now())
    assert list(session.items.values_list("application_id", flat=True)) == [eligible.pk]


def test_session_update_refused_once_held(session, staff):
    session.status = JurySessionStatus.HELD
    session.held_at = timezone.now()
    session.save()
    with pytest.raises(JuryError, match="close"):
        jury_session_update(session=session, actor=staff, title="Autre", starts_at=timezone.now())


# --- members ------------------------------------------------------------------------------


def test_members_set_accepts_jurors_and_fund_staff(session, staff, juror):
    members = jury_members_set(
        session=session,
        actor=staff,
        seats=[Seat(user_id=juror.pk, function="Maire", is_chair=True), Seat(user_id=staff.pk)],
    )
    assert {m.user_id for m in members} == {juror.pk, staff.pk}
    chair = JuryMember.objects.get(session=session, is_chair=True)
    assert chair.user == juror and chair.function == "Maire"


@pytest.mark.parametrize("who", ["outsider", "reviewer", "other_call_juror", "other_fund_staff"])
def test_members_set_refuses_people_outside_the_calls_jury(request, session, staff, fund, who):
    if who == "other_call_juror":
        person = UserFactory()
        CallMembershipFactory(call=CallFactory(fund=fund), user=person, role=FundRole.JUROR)
    else:
        person = request.getfixturevalue(who)
    with pytest.raises(JuryError, match="Seuls les membres du jury"):
        jury_members_set(session=session, actor=staff, seats=[Seat(user_id=person.pk)])
    assert not session.members.exists()


def test_members_set_refuses_two_chairs(session, staff, juror):
    with pytest.raises(JuryError, match="Une seule personne"):
        jury_members_set(
            session=session,
            actor=staff,
            seats=[Seat(user_id=juror.pk, is_chair=True), Seat(user_id=staff.pk, is_chair=True)],
        )


def test_members_set_keeps_attendance_and_drops_removed_abstentions(session, staff, juror):
    dossier = shortlisted(session.call)[0]
    jury_items_set(session=session, actor=staff, application_ids=[dossier.pk])
    jury_members_set(
        session=session, actor=staff, seats=[Seat(user_id=juror.pk), Seat(user_id=staff.pk)]
    )
    jury_attendance_record(session=session, actor=staff, present={juror.pk: True})
    jury_abstentions_set(session=session, application=dossier, actor=staff, user_ids={staff.pk})

    jury_members_set(session=session, actor=staff, seats=[Seat(user_id=juror.pk, function="X")])
    member = JuryMember.objects.get(session=session)
    assert member.user == juror and member.was_present is True and member.function == "X"
    assert not JuryItem.objects.get(session=session).abstentions.exists()


# --- dossiers -----------------------------------------------------------------------------


def test_items_set_orders_and_refuses_dossiers_not_waiting(session, staff, call):
    first, second = shortlisted(call, 2)
    jury_items_set(session=session, actor=staff, application_ids=[second.pk, first.pk])
    assert list(session.items.values_list("application_id", "position")) == [
        (second.pk, 1),
        (first.pk, 2),
    ]
    draft = ApplicationFactory(call=call)
    other_call = shortlisted(CallFactory(fund=call.fund))[0]
    for intruder in (draft, other_call):
        with pytest.raises(JuryError, match="en attente du jury"):
            jury_items_set(session=session, actor=staff, application_ids=[intruder.pk])
    assert session.items.count() == 2


def test_items_set_keeps_dossier_decided_in_session(session, staff, call):
    decided = shortlisted(call)[0]
    jury_items_set(session=session, actor=staff, application_ids=[decided.pk])
    record_jury_decision(
        session=session,
        application=decided,
        outcome=ApplicationState.WAITLISTED,
        actor=staff,
    )
    with pytest.raises(JuryError, match="a déjà décidé"):
        jury_items_set(session=session, actor=staff, application_ids=[])
    assert session.items.filter(application=decided).exists()


# --- abstentions and attendance -----------------------------------------------------------


def test_abstention_recorded_for_member(session, staff, juror, call):
    dossier = shortlisted(call)[0]
    jury_items_set(session=session, actor=staff, application_ids=[dossier.pk])
    jury_members_set(session=session, actor=staff, seats=[Seat(user_id=juror.pk)])
    item = jury_abstentions_set(
        session=session, application=dossier, actor=staff, user_ids={juror.pk}
    )
    assert list(item.abstentions.all()) == [juror]
    assert AuditEvent.objects.for_object(session).filter(action="jury.abstentions").exists()


def test_abstention_refused_for_non_member_or_dossier_not_before_session(
    session, staff, juror, outsider, call
):
    dossier, elsewhere = shortlisted(call, 2)
    jury_items_set(session=session, actor=staff, application_ids=[dossier.pk])
    jury_members_set(session=session, actor=staff, seats=[Seat(user_id=juror.pk)])
    with pytest.raises(JuryError, match="membres de la séance"):
        jury_abstentions_set(
            session=session, application=dossier, actor=staff, user_ids={outsider.pk}
        )
    with pytest.raises(JuryError, match="pas à l'ordre du jour"):
        jury_abstentions_set(
            session=session, application=elsewhere, actor=staff, user_ids={juror.pk}
        )


def test_attendance_refused_for_non_member(session, staff, outsider):
    with pytest.raises(JuryError):
        jury_attendance_record(session=session, actor=staff, present={outsider.pk: True})


# --- decisions ----------------------------------------------------------------------------


@pytest.fixture
def capped(call):
    call.max_laureates = 2
    call.save(update_fields=["max_laureates"])
    return call


def _before(session, staff, applications):
    jury_items_set(session=session, actor=staff, application_ids=[a.pk for a in applications])


def test_decisions_move_state_and_keep_rows_with_session(session, staff, call):
    laureate, waiting, refused = shortlisted(call, 3)
    _before(session, staff, [laureate, waiting, refused])
    record_jury_decision(
        session=session, application=laureate, outcome=ApplicationState.LAUREATE, actor=staff
    )
    record_jury_decision(
        session=session, application=waiting, outcome=ApplicationState.WAITLISTED, actor=staff
    )
    record_jury_decision(
        session=session,
        application=refused,
        outcome=ApplicationState.NOT_SELECTED,
        reason="Projet trop proche d'un lauréat précédent.",
        internal_note="Unanimité.",
        actor=staff,
    )
    states = {a.pk: a.state for a in call.applications.all()}
    assert states == {
        laureate.pk: ApplicationState.LAUREATE,
        waiting.pk: ApplicationState.WAITLISTED,
        refused.pk: ApplicationState.NOT_SELECTED,
    }
    rows = Decision.objects.filter(jury_session=session, kind=DecisionKind.JURY)
    assert rows.count() == 3
    refusal = rows.get(application=refused)
    assert refusal.reason.startswith("Projet trop proche") and refusal.internal_note == "Unanimité."
    assert refusal.decided_by == staff


def test_not_selected_requires_reason(session, staff, call):
    dossier = shortlisted(call)[0]
    _before(session, staff, [dossier])
    with pytest.raises(JuryError, match="motif"):
        record_jury_decision(
            session=session,
            application=dossier,
            outcome=ApplicationState.NOT_SELECTED,
            reason="   ",
            actor=staff,
        )
    dossier.refresh_from_db()
    assert dossier.state == SHORTLISTED and not dossier.decisions.exists()


def test_decision_on_dossier_not_before_session_refused(session, staff, call):
    dossier = shortlisted(call)[0]
    _before(session, staff, [])
    with pytest.raises(JuryError, match="pas à l'ordre du jour"):
        record_jury_decision(
            session=session, application=dossier, outcome=ApplicationState.LAUREATE, actor=staff
        )
    dossier.refresh_from_db()
    assert dossier.state == SHORTLISTED


def test_max_laureates_reached_exactly_is_allowed(session, staff, capped):
    dossiers = shortlisted(capped, 2)
    _before(session, staff, dossiers)
    for dossier in dossiers:
        record_jury_decision(
            session=session, application=dossier, outcome=ApplicationState.LAUREATE, actor=staff
        )
    assert capped.applications.filter(state=ApplicationState.LAUREATE).count() == 2


def test_max_laureates_plus_one_refused_with_names(session, staff, capped):
    first, second, third = shortlisted(capped, 3)
    _before(session, staff, [first, second, third])
    for dossier in (first, second):
        record_jury_decision(
            session=session, application=dossier, outcome=ApplicationState.LAUREATE, actor=staff
        )
    with pytest.raises(JuryError) as refused:
        record_jury_decision(
            session=session, application=third, outcome=ApplicationState.LAUREATE, actor=staff
        )
    message = str(refused.value)
    assert message.startswith("Cet appel prévoit au plus 2 lauréats ; 2 sont déjà désignés : ")
    assert first.reference in message and second.reference in message
    third.refresh_from_db()
    assert third.state == SHORTLISTED and not third.decisions.exists()
    # waitlisting it is still possible
    record_jury_decision(
        session=session, application=third, outcome=ApplicationState.WAITLISTED, actor=staff
    )


def test_laureates_already_in_accompaniment_count_towards_the_maximum(session, staff, capped):
    submitted(ApplicationFactory(call=capped, complete=True), state="in_accompaniment")
    submitted(ApplicationFactory(call=capped, complete=True), state="laureate")
    dossier = shortlisted(capped)[0]
    _before(session, staff, [dossier])
    with pytest.raises(JuryError, match="au plus 2 lauréats"):
        record_jury_decision(
            session=session, application=dossier, outcome=ApplicationState.LAUREATE, actor=staff
        )


def test_waitlisted_dossier_may_become_laureate_in_later_session(call, staff):
    dossier = shortlisted(call)[0]
    first = jury_session_create(call=call, actor=staff, title="1", starts_at=timezone.now())
    record_jury_decision(
        session=first, application=dossier, outcome=ApplicationState.WAITLISTED, actor=staff
    )
    second = jury_session_create(call=call, actor=staff, title="2", starts_at=timezone.now())
    assert not second.items.exists()  # only dossiers waiting for the jury go by default
    jury_items_set(session=second, actor=staff, application_ids=[dossier.pk])
    record_jury_decision(
        session=second, application=dossier, outcome=ApplicationState.LAUREATE, actor=staff
    )
    assert list(
        dossier.decisions.order_by("decided_at", "id").values_list("jury_session", "outcome")
    ) == [(first.pk, "waitlisted"), (second.pk, "laureate")]


# --- closing ------------------------------------------------------------------------------


def test_mark_held_needs_attendance_then_freezes_session(session, staff, juror, call):
    with pytest.raises(JuryError, match="Désignez les membres"):
        jury_session_mark_held(session=session, actor=staff)
    jury_members_set(
        session=session, actor=staff, seats=[Seat(user_id=juror.pk), Seat(user_id=staff.pk)]
    )
    with pytest.raises(JuryError, match="présent"):
        jury_session_mark_held(session=session, actor=staff)
    jury_attendance_record(session=session, actor=staff, present={juror.pk: False, staff.pk: False})
    with pytest.raises(JuryError, match="Aucun membre"):
        jury_session_mark_held(session=session, actor=staff)
    jury_attendance_record(session=session, actor=staff, present={juror.pk: True})

    held = jury_session_mark_held(session=session, actor=staff)
    assert held.status == JurySessionStatus.HELD and held.held_at is not None
    late = shortlisted(call)[0]
    with pytest.raises(JuryError, match="close"):
        jury_items_set(session=held, actor=staff, application_ids=[late.pk])
    with pytest.raises(JuryError, match="close"):
        jury_members_set(session=held, actor=staff, seats=[])
    assert not session.items.exists()


def test_decision_refused_once_session_held(staff, juror, call):
    dossier = shortlisted(call)[0]
    session = JurySessionFactory(call=call, status=JurySessionStatus.HELD, held_at=timezone.now())
    JuryItemFactory(session=session, application=dossier)
    with pytest.raises(JuryError, match="close"):
        record_jury_decision(
            session=session, application=dossier, outcome=ApplicationState.LAUREATE, actor=staff
        )


# --- reads --------------------------------------------------------------------------------


def test_deliberation_orders_by_ranking_and_shows_member_conflicts(call, staff, juror):
    stage = ReviewStageFactory(call=call, kind="jury")
    weak, strong, unscored = shortlisted(call, 3)
    session = JurySessionFactory(call=call)
    for position, application in enumerate((weak, strong, unscored), start=1):
        JuryItemFactory(session=session, application=application, position=position)
    JuryMemberFactory(session=session, user=juror)
    expert = UserFactory()
    scored(AssignmentFactory(stage=stage, application=weak, reviewer=expert), [1, 1])
    scored(AssignmentFactory(stage=stage, application=strong, reviewer=expert), [4, 3])
    ConflictFactory(application=weak, person=juror, status=ConflictStatus.CONFIRMED)
    ConflictFactory(application=strong, person=UserFactory())  # not a member: not listed

    data = deliberation(session)
    assert [r.application.pk for r in data.rows] == [strong.pk, weak.pk, unscored.pk]
    assert data.rows[0].ranked.rank == 1 and data.rows[2].ranked is None
    assert [c.person for c in data.row_for(weak.pk).conflicts] == [juror]
    assert data.row_for(strong.pk).conflicts == []
    assert [s.value for s in data.row_for(strong.pk).reviews[0].scores] == [4, 3]
    assert data.rows[0].outcomes == [
        ApplicationState.LAUREATE,
        ApplicationState.WAITLISTED,
        ApplicationState.NOT_SELECTED,
    ]


def test_minutes_content_lists_members_conflicts_abstentions_decisions(call, staff, juror):
    dossier = shortlisted(call)[0]
    session = jury_session_create(call=call, actor=staff, title="Jury", starts_at=timezone.now())
    jury_members_set(
        session=session,
        actor=staff,
        seats=[Seat(user_id=juror.pk, function="Maire", is_chair=True), Seat(user_id=staff.pk)],
    )
    jury_attendance_record(session=session, actor=staff, present={juror.pk: True, staff.pk: False})
    ConflictFactory(application=dossier, person=juror)
    jury_abstentions_set(session=session, application=dossier, actor=staff, user_ids={juror.pk})
    record_jury_decision(
        session=session,
        application=dossier,
        outcome=ApplicationState.NOT_SELECTED,
        reason="Pas assez collectif.",
        actor=staff,
    )
    content = minutes_content(session)
    assert content["present"] == [{"name": "Jules Juré", "function": "Maire", "is_chair": True}]
    assert [p["name"] for p in content["absent"]] == [staff.full_name]
    (line,) = content["dossiers"]
    assert line["abstentions"] == ["Jules Juré"]
    assert line["conflicts"][0]["person"] == "Jules Juré"
    assert line["decision"]["outcome"] == "not_selected"
    assert line["decision"]["reason"] == "Pas assez collectif."


def test_fund_staff_of_the_call_may_sit(fund, session, staff):
    colleague = FundMembershipFactory(fund=fund).user
    jury_members_set(session=session, actor=staff, seats=[Seat(user_id=colleague.pk)])
    assert session.members.get().user == colleague
