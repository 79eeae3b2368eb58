"""Timeline services: phases in order, one in progress at a time, actual dates; milestones
with an owner of the workspace, statuses set by people, evidence; an audit row each."""

import datetime as dt

import pytest
from django.utils import timezone

from essaim.accompaniment.enums import MilestoneStatus, PhaseStatus
from essaim.accompaniment.services import timeline
from essaim.accompaniment.services.workspace import WorkspaceError
from essaim.core.models import AuditEvent

from ..coaching.conftest import MINIMAL_PDF, make_accompaniment
from ..factories import MilestoneFactory, UserFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


@pytest.fixture
def coach(db):
    return UserFactory(full_name="Camille Accompagnante")


@pytest.fixture
def accompaniment(call, applicant, coach):
    return make_accompaniment(call=call, team_owner=applicant, coach=coach)


@pytest.fixture
def phases(accompaniment):
    return list(accompaniment.phases.order_by("position"))


def test_start_then_complete_moves_to_the_next_phase(accompaniment, phases, coach):
    day = TODAY() - dt.timedelta(days=10)
    timeline.start_phase(phase=phases[0], actor=coach, on=day)
    started = timeline.complete_phase(phase=phases[0], actor=coach, on=TODAY())
    assert started.pk == phases[1].pk
    for phase in phases:
        phase.refresh_from_db()
    assert (phases[0].status, phases[0].actual_start, phases[0].actual_end) == (
        PhaseStatus.DONE,
        day,
        TODAY(),
    )
    assert (phases[1].status, phases[1].actual_start) == (PhaseStatus.IN_PROGRESS, TODAY())
    accompaniment.refresh_from_db()
    assert accompaniment.started_on == day
    actions = list(
        AuditEvent.objects.filter(action__startswith="accompaniment.phase_").values_list(
            "action", "object_id"
        )
    )
    assert ("accompaniment.phase_completed", str(phases[0].pk)) in actions
    assert ("accompaniment.phase_started", str(phases[1].pk)) in actions


def test_completing_the_last_phase_starts_nothing(accompaniment, phases, coach):
    timeline.start_phase(phase=phases[0], actor=coach)
    for phase in phases:
        timeline.complete_phase(phase=phase, actor=coach)
    assert {p.status for p in accompaniment.phases.all()} == {PhaseStatus.DONE}


def test_phases_start_in_order(phases, coach):
    with pytest.raises(WorkspaceError, match="Terminez d'abord"):
        timeline.start_phase(phase=phases[1], actor=coach)


def test_a_started_phase_cannot_start_again(phases, coach):
    timeline.start_phase(phase=phases[0], actor=coach)
    with pytest.raises(WorkspaceError, match="déjà commencé"):
        timeline.start_phase(phase=phases[0], actor=coach)


def test_complete_needs_a_phase_in_progress(phases, coach):
    with pytest.raises(WorkspaceError, match="n'est pas en cours"):
        timeline.complete_phase(phase=phases[0], actor=coach)


def test_dates_never_in_the_future_nor_before_the_start(phases, coach):
    with pytest.raises(WorkspaceError, match="futur"):
        timeline.start_phase(phase=phases[0], actor=coach, on=TODAY() + dt.timedelta(days=1))
    timeline.start_phase(phase=phases[0], actor=coach)
    with pytest.raises(WorkspaceError, match="précéder le début"):
        timeline.complete_phase(phase=phases[0], actor=coach, on=TODAY() - dt.timedelta(days=1))


def test_add_milestone_with_owner_of_the_workspace(accompaniment, phases, coach, applicant, staff):
    for owner in (applicant, coach, staff, None):
        milestone = timeline.add_milestone(
            accompaniment=accompaniment,
            actor=coach,
            title="  Entretiens   menés ",
            due_on=TODAY() + dt.timedelta(days=5),
            owner=owner,
            phase=phases[0],
        )
        assert milestone.title == "Entretiens menés"
        assert milestone.status == MilestoneStatus.UPCOMING
    assert AuditEvent.objects.filter(action="accompaniment.milestone_added").count() == 4


def test_milestone_owner_must_belong_to_the_workspace(accompaniment, coach, outsider):
    with pytest.raises(WorkspaceError, match="Le responsable"):
        timeline.add_milestone(
            accompaniment=accompaniment, actor=coach, title="X", due_on=TODAY(), owner=outsider
        )


def test_milestone_phase_must_belong_to_the_accompaniment(accompaniment, coach, call):
    other = make_accompaniment(call=call, team_owner=UserFactory())
    with pytest.raises(WorkspaceError, match="phase"):
        timeline.add_milestone(
            accompaniment=accompaniment,
            actor=coach,
            title="X",
            due_on=TODAY(),
            phase=other.phases.first(),
        )


def test_a_milestone_added_in_the_past_is_late(accompaniment, coach):
    milestone = timeline.add_milestone(
        accompaniment=accompaniment, actor=coach, title="X", due_on=TODAY() - dt.timedelta(days=1)
    )
    assert milestone.status == MilestoneStatus.LATE


def test_moving_a_late_milestone_ahead_makes_it_upcoming(accompaniment, coach):
    milestone = MilestoneFactory(
        accompaniment=accompaniment, due_on=TODAY() - dt.timedelta(days=3), status="late"
    )
    edited = timeline.edit_milestone(
        milestone=milestone, actor=coach, title="Reporté", due_on=TODAY() + dt.timedelta(days=7)
    )
    assert edited.status == MilestoneStatus.UPCOMING
    event = AuditEvent.objects.get(action="accompaniment.milestone_edited")
    assert set(event.data["changed"]) == {"title", "due_on"}


def test_set_status_achieved_abandoned_in_progress(accompaniment, applicant):
    milestone = MilestoneFactory(accompaniment=accompaniment)
    done = timeline.set_milestone_status(milestone=milestone, actor=applicant, status="achieved")
    assert (done.status, done.achieved_on) == (MilestoneStatus.ACHIEVED, TODAY())
    again = timeline.set_milestone_status(
        milestone=milestone, actor=applicant, status="in_progress"
    )
    assert (again.status, again.achieved_on) == (MilestoneStatus.IN_PROGRESS, None)
    with pytest.raises(WorkspaceError, match="pourquoi"):
        timeline.set_milestone_status(milestone=milestone, actor=applicant, status="abandoned")
    dropped = timeline.set_milestone_status(
        milestone=milestone, actor=applicant, status="abandoned", reason="Plus utile."
    )
    assert dropped.status == MilestoneStatus.ABANDONED
    event = AuditEvent.objects.filter(action="accompaniment.milestone_status").first()
    assert (event.to_value, event.reason) == ("abandoned", "Plus utile.")


def test_people_cannot_set_upcoming_or_late_nor_achieve_in_the_future(accompaniment, applicant):
    milestone = MilestoneFactory(accompaniment=accompaniment)
    for status in ("upcoming", "late", "nonsense"):
        with pytest.raises(WorkspaceError):
            timeline.set_milestone_status(milestone=milestone, actor=applicant, status=status)
    with pytest.raises(WorkspaceError, match="futur"):
        timeline.set_milestone_status(
            milestone=milestone,
            actor=applicant,
            status="achieved",
            achieved_on=TODAY() + dt.timedelta(days=1),
        )


def test_attach_evidence_files_it_under_the_milestone_and_its_phase(accompaniment, phases, coach):
    from django.core.files.uploadedfile import SimpleUploadedFile

    milestone = MilestoneFactory(accompaniment=accompaniment, phase=phases[1])
    document = timeline.attach_evidence(
        milestone=milestone,
        actor=coach,
        title="Compte rendu",
        upload=SimpleUploadedFile("cr.pdf", MINIMAL_PDF),
    )
    assert (document.milestone, document.phase) == (milestone, phases[1])
    assert document.content_type == "application/pdf"
