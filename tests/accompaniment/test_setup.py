"""The staff set-up services of the accompaniment: template of phases, cohorts, starting,
changing and finishing a laureate's accompaniment, coach and evaluator invitations."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from essaim.accompaniment.enums import PhaseStatus
from essaim.accompaniment.models import Accompaniment, Phase, PhaseTemplate
from essaim.accompaniment.services import setup as services
from essaim.applications.enums import ApplicationState
from essaim.core.models import AuditEvent
from essaim.funds.enums import FundRole
from essaim.funds.models import CallMembership
from essaim.review.services import invitations

from ..factories import CallMembershipFactory, CohortFactory, UserFactory

pytestmark = pytest.mark.django_db


def audit(action):
    return AuditEvent.objects.filter(action=action)


# --- the template -------------------------------------------------------------------------


def test_default_template_gives_the_four_phases_of_the_seeds(call, staff):
    phases = services.apply_default_template(call=call, actor=staff)
    assert [p.name for p in phases] == [
        "Entretiens usagers",
        "Analyse, conception et prototypage",
        "Test du prototype",
        "Consolidation",
    ]
    assert [p.default_weeks for p in phases] == [4, 6, 5, 5]
    assert phases[0].deliverable_list == [
        "Guide d'entretien",
        "Synthèse des entretiens usagers et agents",
    ]
    assert audit("accompaniment.template_default").count() == 1


def test_default_template_refused_when_the_call_has_phases(call, staff, default_template):
    with pytest.raises(ValidationError):
        services.apply_default_template(call=call, actor=staff)
    assert PhaseTemplate.objects.filter(call=call).count() == 4


def test_phase_add_edit_move_remove(call, staff, default_template):
    extra = services.phase_template_add(
        call=call, actor=staff, name=" Déploiement ", default_weeks=3, deliverables="a\n\n b "
    )
    assert (extra.name, extra.position, extra.deliverables) == ("Déploiement", 4, "a\nb")
    services.phase_template_update(
        phase=extra, actor=staff, name="Déploiement local", default_weeks=2, deliverables=""
    )
    services.phase_template_move(phase=extra, actor=staff, direction="up")
    names = list(PhaseTemplate.objects.filter(call=call).values_list("name", flat=True))
    assert names[3:] == ["Déploiement local", "Consolidation"]
    services.phase_template_delete(phase=default_template[0], actor=staff)
    rows = list(PhaseTemplate.objects.filter(call=call).values_list("position", "name"))
    assert rows[0] == (0, "Analyse, conception et prototypage")
    assert [position for position, _ in rows] == [0, 1, 2, 3]
    assert audit("accompaniment.phase_template_removed").count() == 1


@pytest.mark.parametrize(
    "name, weeks, field",
    [("", 4, "name"), ("Test", 0, "default_weeks"), ("Test", 99, "default_weeks")],
)
def test_phase_checks(call, staff, name, weeks, field):
    with pytest.raises(ValidationError) as exc:
        services.phase_template_add(call=call, actor=staff, name=name, default_weeks=weeks)
    assert field in exc.value.message_dict


# --- cohorts ------------------------------------------------------------------------------


def test_cohorts_created_and_changed(call, staff):
    spring = services.cohort_create(
        call=call,
        actor=staff,
        name="Printemps",
        starts_on=dt.date(2026, 3, 2),
        ends_on=dt.date(2026, 5, 29),
    )
    summer = services.cohort_create(
        call=call,
        actor=staff,
        name="Été",
        starts_on=dt.date(2026, 7, 1),
        ends_on=dt.date(2026, 9, 30),
    )
    services.cohort_update(
        cohort=summer,
        actor=staff,
        name="Été",
        starts_on=dt.date(2026, 7, 6),
        ends_on=dt.date(2026, 9, 25),
    )
    summer.refresh_from_db()
    assert summer.starts_on == dt.date(2026, 7, 6)
    assert list(call.cohorts.values_list("name", flat=True)) == ["Printemps", "Été"]
    assert spring.pk
    assert audit("accompaniment.cohort_changed").get().reason == ""


def test_cohort_must_end_after_it_starts(call, staff):
    with pytest.raises(ValidationError) as exc:
        services.cohort_create(
            call=call,
            actor=staff,
            name="X",
            starts_on=dt.date(2026, 5, 1),
            ends_on=dt.date(2026, 4, 1),
        )
    assert "ends_on" in exc.value.message_dict


# --- starting -----------------------------------------------------------------------------


def test_start_lays_the_phases_end_to_end_and_moves_the_dossier(
    call, staff, coach, laureate_application, default_template, spring, mailoutbox, committed
):
    with committed():
        accompaniment = services.start_accompaniment(
            application=laureate_application,
            cohort=spring,
            coach=coach,
            evaluator=None,
            actor=staff,
        )
    laureate_application.refresh_from_db()
    assert laureate_application.state == ApplicationState.IN_ACCOMPANIMENT
    assert accompaniment.started_on == dt.date(2026, 3, 2)
    phases = list(accompaniment.phases.order_by("position"))
    assert [(p.planned_start, p.planned_end) for p in phases] == [
        (dt.date(2026, 3, 2), dt.date(2026, 3, 29)),  # 4 weeks
        (dt.date(2026, 3, 30), dt.date(2026, 5, 10)),  # 6 weeks
        (dt.date(2026, 5, 11), dt.date(2026, 6, 14)),  # 5 weeks
        (dt.date(2026, 6, 15), dt.date(2026, 7, 19)),  # 5 weeks
    ]
    assert {p.status for p in phases} == {PhaseStatus.PLANNED}
    assert phases[1].deliverables == default_template[1].deliverables
    state_row = AuditEvent.objects.get(action="application.state", to_value="in_accompaniment")
    assert state_row.actor == staff
    assert audit("accompaniment.started").get().data["coach"] == coach.pk
    assert [m.to for m in mailoutbox] == [[coach.email]]
    assert laureate_application.title in mailoutbox[0].subject
    assert "Printemps" in mailoutbox[0].body


def test_start_with_an_evaluator_when_the_call_wants_one(
    call,
    staff,
    coach,
    evaluator,
    laureate_application,
    default_template,
    spring,
    mailoutbox,
    committed,
):
    call.has_independent_evaluation = True
    call.save(update_fields=["has_independent_evaluation"])
    with pytest.raises(ValidationError) as exc:
        services.start_accompaniment(
            application=laureate_application,
            cohort=spring,
            coach=coach,
            evaluator=None,
            actor=staff,
        )
    assert "evaluator" in exc.value.message_dict
    with committed():
        services.start_accompaniment(
            application=laureate_application,
            cohort=spring,
            coach=coach,
            evaluator=evaluator,
            actor=staff,
        )
    assert sorted(m.to[0] for m in mailoutbox) == sorted([coach.email, evaluator.email])
    assert (
        "évaluation indépendante" in next(m for m in mailoutbox if m.to == [evaluator.email]).body
    )


def test_start_refuses_an_evaluator_the_call_does_not_want(
    staff, coach, evaluator, laureate_application, default_template, spring
):
    with pytest.raises(ValidationError) as exc:
        services.start_accompaniment(
            application=laureate_application,
            cohort=spring,
            coach=coach,
            evaluator=evaluator,
            actor=staff,
        )
    assert "evaluator" in exc.value.message_dict


def test_start_refuses_someone_who_is_not_a_coach_of_the_call(
    call, staff, juror, laureate_application, default_template, spring
):
    with pytest.raises(ValidationError) as exc:
        services.start_accompaniment(
            application=laureate_application,
            cohort=spring,
            coach=juror,
            evaluator=None,
            actor=staff,
        )
    assert "coach" in exc.value.message_dict


def test_start_refuses_a_cohort_of_another_call(
    staff, coach, laureate_application, default_template
):
    other = CohortFactory()
    with pytest.raises(ValidationError) as exc:
        services.start_accompaniment(
            application=laureate_application, cohort=other, coach=coach, evaluator=None, actor=staff
        )
    assert "cohort" in exc.value.message_dict


def test_accompaniment_call_needs_a_coach_funding_call_does_not(
    call, staff, laureate_application, default_template, spring
):
    with pytest.raises(ValidationError) as exc:
        services.start_accompaniment(
            application=laureate_application, cohort=spring, coach=None, evaluator=None, actor=staff
        )
    assert "coach" in exc.value.message_dict
    call.support_kind = "funding"
    call.save(update_fields=["support_kind"])
    accompaniment = services.start_accompaniment(
        application=laureate_application, cohort=None, coach=None, evaluator=None, actor=staff
    )
    assert accompaniment.coach is None


def test_start_needs_a_template(staff, coach, laureate_application, spring):
    with pytest.raises(ValidationError):
        services.start_accompaniment(
            application=laureate_application,
            cohort=spring,
            coach=coach,
            evaluator=None,
            actor=staff,
        )
    assert not Accompaniment.objects.exists()


def test_start_twice_or_before_the_jury_is_refused(
    call,
    staff,
    coach,
    laureate_application,
    default_template,
    spring,
    application,
    mailoutbox,
    committed,
):
    with committed():
        services.start_accompaniment(
            application=laureate_application,
            cohort=spring,
            coach=coach,
            evaluator=None,
            actor=staff,
        )
    with pytest.raises(ValidationError):
        services.start_accompaniment(
            application=laureate_application,
            cohort=spring,
            coach=coach,
            evaluator=None,
            actor=staff,
        )
    with pytest.raises(ValidationError):  # a draft
        services.start_accompaniment(
            application=application, cohort=spring, coach=coach, evaluator=None, actor=staff
        )
    assert Accompaniment.objects.count() == 1
    assert len(mailoutbox) == 1


def test_start_without_cohort_begins_today(
    call, staff, coach, laureate_application, default_template, time_machine
):
    time_machine.move_to(dt.datetime(2026, 9, 7, 10, 0, tzinfo=dt.UTC))
    accompaniment = services.start_accompaniment(
        application=laureate_application, cohort=None, coach=coach, evaluator=None, actor=staff
    )
    assert accompaniment.started_on == dt.date(2026, 9, 7)
    assert accompaniment.phases.order_by("position").first().planned_start == dt.date(2026, 9, 7)


# --- changing -----------------------------------------------------------------------------


@pytest.fixture
def started(staff, coach, laureate_application, default_template, spring):
    return services.start_accompaniment(
        application=laureate_application, cohort=spring, coach=coach, evaluator=None, actor=staff
    )


def test_change_cohort_replans_the_phases_not_begun(
    call, staff, coach, started, mailoutbox, committed
):
    first = started.phases.order_by("position").first()
    Phase.objects.filter(pk=first.pk).update(
        status=PhaseStatus.DONE, actual_start=dt.date(2026, 3, 2), actual_end=dt.date(2026, 3, 27)
    )
    summer = CohortFactory(
        call=call, name="Été", starts_on=dt.date(2026, 7, 6), ends_on=dt.date(2026, 9, 25)
    )
    mailoutbox.clear()
    with committed():
        services.change_accompaniment(
            accompaniment=started, cohort=summer, coach=coach, evaluator=None, actor=staff
        )
    phases = list(started.phases.order_by("position"))
    assert phases[0].planned_start == dt.date(2026, 3, 2)  # done: kept
    assert phases[1].planned_start == dt.date(2026, 7, 6)
    assert phases[3].planned_end == dt.date(2026, 10, 25)
    started.refresh_from_db()
    assert started.cohort == summer
    event = audit("accompaniment.changed").get()
    assert event.data["before"]["cohort"] != event.data["after"]["cohort"]
    assert mailoutbox == []  # same coach: nobody new to tell


def test_change_coach_tells_the_new_one(call, staff, started, mailoutbox, committed):
    new_coach = UserFactory(email="nouveau@agence.fr")
    CallMembershipFactory(call=call, user=new_coach, role=FundRole.COACH)
    mailoutbox.clear()
    with committed():
        services.change_accompaniment(
            accompaniment=started,
            cohort=started.cohort,
            coach=new_coach,
            evaluator=None,
            actor=staff,
        )
    assert [m.to for m in mailoutbox] == [[new_coach.email]]


def test_nothing_changed_writes_nothing(staff, coach, started):
    services.change_accompaniment(
        accompaniment=started, cohort=started.cohort, coach=coach, evaluator=None, actor=staff
    )
    assert not audit("accompaniment.changed").exists()


# --- finishing ----------------------------------------------------------------------------


def test_finish_when_every_phase_is_done(staff, started, time_machine):
    time_machine.move_to(dt.datetime(2026, 7, 20, 10, 0, tzinfo=dt.UTC))
    started.phases.update(status=PhaseStatus.DONE)
    services.finish_accompaniment(accompaniment=started, actor=staff)
    started.refresh_from_db()
    started.application.refresh_from_db()
    assert started.application.state == ApplicationState.ACCOMPANIED
    assert started.ended_on == dt.date(2026, 7, 20)
    assert audit("accompaniment.finished").get().data == {"forced": False}


def test_finish_early_needs_a_reason(staff, started):
    with pytest.raises(ValidationError) as exc:
        services.finish_accompaniment(accompaniment=started, actor=staff)
    assert "reason" in exc.value.message_dict
    services.finish_accompaniment(
        accompaniment=started, actor=staff, reason="L'équipe a changé de priorité."
    )
    event = audit("accompaniment.finished").get()
    assert event.data == {"forced": True}
    assert event.reason == "L'équipe a changé de priorité."
    with pytest.raises(ValidationError):  # finished: nothing more
        services.finish_accompaniment(accompaniment=started, actor=staff, reason="encore")
    with pytest.raises(ValidationError):
        services.change_accompaniment(
            accompaniment=started, cohort=None, coach=started.coach, evaluator=None, actor=staff
        )


# --- invitations of coaches and evaluators ------------------------------------------------


@pytest.mark.parametrize("role", [FundRole.COACH, FundRole.EVALUATOR])
def test_coach_and_evaluator_invitations_are_accepted(call, staff, role, mailoutbox, committed):
    with committed():
        invitation = invitations.invite(
            call=call, actor=staff, email="Paul@Agence.fr", full_name="Paul", role=role
        )
    assert "lauréats" in mailoutbox[0].subject
    assert f"/expertise/invitations/{invitation.token}/" in mailoutbox[0].body
    user = UserFactory(email="paul@agence.fr")
    invitations.invitation_accept(
        token=invitation.token, user=user, organisation_name="Agence", organisation_departement=""
    )
    assert CallMembership.objects.filter(call=call, user=user, role=role).exists()
