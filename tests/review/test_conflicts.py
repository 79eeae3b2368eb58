"""Conflicts of interest: each detection rule, no duplicates, declarations, staff decisions."""

import pytest
from django.core.exceptions import ValidationError

from essaim.applications.enums import ApplicationState, TeamAccess
from essaim.applications.models import TeamMember
from essaim.core.models import AuditEvent
from essaim.review.enums import ConflictReason, ConflictSource, ConflictStatus
from essaim.review.models import Assignment, Conflict
from essaim.review.services import conflicts as services
from essaim.review.services.assignment import AssignmentError, assign

from ..factories import (
    ApplicationFactory,
    AssignmentFactory,
    CallMembershipFactory,
    ConflictFactory,
    ReviewStageFactory,
    UserFactory,
    scored,
    submitted,
)

pytestmark = pytest.mark.django_db


def dossier(call, state=ApplicationState.ELIGIBLE, **fields):
    owner_email = fields.pop("owner_email", None)
    owner = UserFactory(email=owner_email) if owner_email else UserFactory()
    application = ApplicationFactory(call=call, complete=True, created_by=owner, **fields)
    return submitted(application, state=state)


def member(call, email, *, role="reviewer", organisation="", departement=""):
    user = UserFactory(email=email)
    CallMembershipFactory(
        call=call,
        user=user,
        role=role,
        organisation_name=organisation,
        organisation_departement=departement,
    )
    return user


def only_conflict(application, person) -> Conflict:
    return Conflict.objects.get(application=application, person=person)


# --- normalisation --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("left", "right"),
    [
        ("Commune de Pessac", "COMMUNE DE PESSAC"),
        ("Saint-Amand-en-Puisaye", "saint amand en puisaye"),
        ("Département de l'Allier", "DEPARTEMENT DE L ALLIER"),
        ("  SDIS du Calvados. ", "sdis du calvados"),
    ],
)
def test_normalise_name_ignores_case_accents_and_punctuation(left, right):
    assert services.normalise_name(left) == services.normalise_name(right)


def test_mail_domain_ignores_public_webmails():
    assert services.mail_domain("Claire@Pessac.fr") == "pessac.fr"
    assert services.mail_domain("claire@gmail.com") == ""
    assert services.mail_domain("claire@orange.fr") == ""


def test_mail_domain_ignores_the_shared_domains_of_the_settings(settings):
    settings.ESSAIM_SHARED_MAIL_DOMAINS = ["agents.example.fr"]
    assert services.mail_domain("claire@agents.example.fr") == ""
    assert services.mail_domain("claire@demo.essaim.fr") == "demo.essaim.fr"


# --- detection rules ------------------------------------------------------------------------


def test_detect_flags_a_team_member_by_account(call):
    application = dossier(call)
    person = member(call, "bob@conseil.fr")
    TeamMember.objects.create(
        application=application, user=person, full_name="Bob", job_title="Agent"
    )
    [conflict] = services.detect_conflicts(call=call)
    assert (conflict.application, conflict.person) == (application, person)
    assert conflict.reason == ConflictReason.TEAM_MEMBER
    assert conflict.source == ConflictSource.DETECTED
    assert conflict.status == ConflictStatus.SUSPECTED
    event = AuditEvent.objects.get(action="conflict.detected")
    assert event.object_id == str(application.pk)


def test_detect_flags_a_team_member_by_address(call):
    application = dossier(call)
    person = member(call, "bob@conseil.fr")
    TeamMember.objects.create(
        application=application,
        full_name="Bob",
        job_title="Agent",
        email="BOB@conseil.fr",
        access=TeamAccess.LISTED,
    )
    [conflict] = services.detect_conflicts(call=call)
    assert conflict.person == person
    assert conflict.reason == ConflictReason.TEAM_MEMBER


def test_detect_flags_the_same_organisation_whatever_the_spelling(call):
    application = dossier(call, organisation_name="Commune de Saint-Amand-en-Puisaye")
    person = member(call, "eve@conseil.fr", organisation="commune de saint amand en puisaye")
    [conflict] = services.detect_conflicts(call=call)
    assert (conflict.application, conflict.person) == (application, person)
    assert conflict.reason == ConflictReason.SAME_ORGANISATION
    assert "saint amand" in conflict.details


def test_detect_flags_the_same_work_mail_domain(call):
    application = dossier(call, owner_email="alice@pessac.fr")
    person = member(call, "directeur@pessac.fr", organisation="Autre chose")
    [conflict] = services.detect_conflicts(call=call)
    assert conflict.person == person
    assert conflict.application == application
    assert conflict.reason == ConflictReason.SAME_ORGANISATION
    assert "pessac.fr" in conflict.details


def test_detect_ignores_a_shared_public_webmail(call):
    dossier(call, owner_email="alice@gmail.com")
    member(call, "expert@gmail.com")
    assert services.detect_conflicts(call=call) == []


def test_detect_flags_the_same_departement_only_when_a_stage_asks(call):
    application = dossier(call, organisation_departement="33")
    person = member(call, "eve@conseil.fr", organisation="Région", departement="33")
    ReviewStageFactory(call=call, flags_same_departement=False)
    assert services.detect_conflicts(call=call) == []
    ReviewStageFactory(call=call, kind="jury", flags_same_departement=True)
    [conflict] = services.detect_conflicts(call=call)
    assert (conflict.application, conflict.person) == (application, person)
    assert conflict.reason == ConflictReason.SAME_DEPARTEMENT


def test_detect_keeps_the_strongest_reason(call):
    application = dossier(call, organisation_name="Commune de Pessac")
    person = member(call, "bob@conseil.fr", organisation="Commune de Pessac")
    TeamMember.objects.create(
        application=application, user=person, full_name="Bob", job_title="Agent"
    )
    [conflict] = services.detect_conflicts(call=call)
    assert conflict.reason == ConflictReason.TEAM_MEMBER


def test_detect_never_duplicates_nor_raises_a_cleared_conflict_again(call, staff):
    application = dossier(call, organisation_name="Commune de Pessac")
    person = member(call, "eve@conseil.fr", organisation="Commune de Pessac")
    [conflict] = services.detect_conflicts(call=call)
    assert services.detect_conflicts(call=call) == []
    services.clear_conflict(conflict=conflict, actor=staff)
    assert services.detect_conflicts(call=call) == []
    assert Conflict.objects.filter(application=application, person=person).count() == 1


def test_detect_leaves_drafts_withdrawn_dossiers_and_other_calls_alone(call):
    draft = ApplicationFactory(call=call, complete=True, organisation_name="Commune de Pessac")
    dossier(call, state=ApplicationState.WITHDRAWN, organisation_name="Commune de Pessac")
    dossier(ApplicationFactory().call, organisation_name="Commune de Pessac")
    member(call, "eve@conseil.fr", organisation="Commune de Pessac")
    assert services.detect_conflicts(call=call) == []
    assert draft.conflicts.count() == 0


def test_detect_skips_unrelated_people(call):
    dossier(call, organisation_name="Commune de Pessac", organisation_departement="33")
    member(call, "eve@conseil.fr", organisation="Ville de Bordeaux", departement="33")
    assert services.detect_conflicts(call=call) == []


# --- declarations ---------------------------------------------------------------------------


def test_declare_removes_the_open_assignment_and_is_recorded(call):
    application = dossier(call)
    person = member(call, "eve@conseil.fr")
    first = ReviewStageFactory(call=call)
    jury = ReviewStageFactory(call=call, kind="jury")
    open_one = AssignmentFactory(stage=first, application=application, reviewer=person)
    done = AssignmentFactory(stage=jury, application=application, reviewer=person)
    scored(done, [3, 3])

    conflict = services.declare_conflict(
        application=application, person=person, details="Je connais le porteur."
    )

    assert conflict.status == ConflictStatus.CONFIRMED
    assert conflict.source == ConflictSource.DECLARED
    assert conflict.details == "Je connais le porteur."
    assert not Assignment.objects.filter(pk=open_one.pk).exists()
    assert Assignment.objects.filter(pk=done.pk).exists()  # submitted: kept, left out of ranking
    event = AuditEvent.objects.get(action="conflict.declared")
    assert event.actor == person
    assert event.data["assignments_removed"] == 1


def test_declare_twice_or_over_a_suspected_conflict_keeps_one_row(call):
    application = dossier(call)
    person = member(call, "eve@conseil.fr")
    ConflictFactory(
        application=application,
        person=person,
        source=ConflictSource.DETECTED,
        reason=ConflictReason.SAME_DEPARTEMENT,
        status=ConflictStatus.SUSPECTED,
    )
    services.declare_conflict(application=application, person=person)
    services.declare_conflict(application=application, person=person, details="Voisin")
    conflict = only_conflict(application, person)
    assert conflict.status == ConflictStatus.CONFIRMED
    assert conflict.source == ConflictSource.DECLARED
    assert conflict.details == "Voisin"


# --- staff decisions ------------------------------------------------------------------------


def test_confirm_removes_open_assignments(call, staff):
    application = dossier(call)
    person = member(call, "eve@conseil.fr")
    assignment = AssignmentFactory(
        stage=ReviewStageFactory(call=call), application=application, reviewer=person
    )
    conflict = ConflictFactory(
        application=application,
        person=person,
        source=ConflictSource.DETECTED,
        reason=ConflictReason.SAME_ORGANISATION,
        status=ConflictStatus.SUSPECTED,
    )
    services.confirm_conflict(conflict=conflict, actor=staff)
    conflict.refresh_from_db()
    assert conflict.status == ConflictStatus.CONFIRMED
    assert conflict.decided_by == staff
    assert not Assignment.objects.filter(pk=assignment.pk).exists()
    assert AuditEvent.objects.filter(action="conflict.confirmed", actor=staff).exists()


def test_clear_allows_the_assignment_again(call, staff):
    application = dossier(call, organisation_name="Commune de Pessac")
    person = member(call, "eve@conseil.fr", organisation="Commune de Pessac")
    stage = ReviewStageFactory(call=call)
    with pytest.raises(AssignmentError):
        assign(stage=stage, application=application, reviewer=person, actor=staff)
    conflict = only_conflict(application, person)
    services.clear_conflict(conflict=conflict, actor=staff, reason="Service différent")
    assignment = assign(stage=stage, application=application, reviewer=person, actor=staff)
    assert assignment.reviewer == person
    event = AuditEvent.objects.get(action="conflict.cleared")
    assert event.reason == "Service différent"


def test_a_declared_conflict_cannot_be_cleared_by_staff(call, staff):
    application = dossier(call)
    person = member(call, "eve@conseil.fr")
    conflict = services.declare_conflict(application=application, person=person)
    with pytest.raises(ValidationError):
        services.clear_conflict(conflict=conflict, actor=staff)
    assert only_conflict(application, person).status == ConflictStatus.CONFIRMED
