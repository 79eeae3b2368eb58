"""Support rounds: opening one for shortlisted dossiers, the team's new versions (same
reference, version n+1, deadline), closing it, and the readable diff between versions."""

import datetime as dt

import pytest
from django.utils import timezone

from essaim.applications.enums import ApplicationState as S
from essaim.applications.enums import TeamAccess
from essaim.applications.errors import ApplicationError
from essaim.applications.models import TeamMember
from essaim.applications.services.drafts import application_save_fields
from essaim.core.models import AuditEvent
from essaim.funds.enums import StageKind
from essaim.review.enums import SupportRoundStatus
from essaim.review.models import SupportFeedback, SupportRound
from essaim.review.services.support_rounds import (
    SupportRoundError,
    close_round,
    open_round,
    submit_revision,
)
from essaim.review.version_diff import diff_versions, list_diff, word_diff

from ..factories import ApplicationFactory, shortlisted, submitted_for_real

pytestmark = pytest.mark.django_db

IN_A_WEEK = dt.timedelta(days=7)


@pytest.fixture
def dossier(complete_application, staff, co_applicant):
    TeamMember.objects.create(
        application=complete_application,
        user=co_applicant,
        full_name=co_applicant.full_name,
        email=co_applicant.email,
        job_title="Agent d'accueil",
        access=TeamAccess.EDITOR,
    )
    # listed, and invited without an account yet: neither gets the round's e-mail
    TeamMember.objects.create(
        application=complete_application,
        full_name="Denise Listée",
        email="denise@pessac.fr",
        job_title="Agente",
        access=TeamAccess.LISTED,
    )
    TeamMember.objects.create(
        application=complete_application,
        full_name="Eve Invitée",
        email="eve@pessac.fr",
        job_title="Agente",
        access=TeamAccess.EDITOR,
    )
    return shortlisted(complete_application, actor=staff)


def _open(call, staff, feedbacks, **kwargs):
    defaults = {
        "title": "Appui de printemps",
        "message": "Précisez votre calendrier.",
        "deadline": timezone.now() + IN_A_WEEK,
    }
    defaults.update(kwargs)
    return open_round(call=call, feedbacks=feedbacks, actor=staff, **defaults)


@pytest.fixture
def in_support(call, staff, dossier):
    support_round = _open(call, staff, {dossier: "Détaillez le budget du prototype."})
    dossier.refresh_from_db()
    return support_round


# --- opening ------------------------------------------------------------------------------


def test_open_round_moves_dossier_and_writes_to_editing_team(
    call, staff, dossier, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        support_round = _open(call, staff, {dossier: "  Détaillez le budget.  "})

    dossier.refresh_from_db()
    assert dossier.state == S.IN_SUPPORT
    feedback = SupportFeedback.objects.get(round=support_round)
    assert feedback.feedback == "Détaillez le budget."
    assert feedback.base_version == dossier.versions.get(number=1)
    assert feedback.revised_version is None
    assert support_round.status == SupportRoundStatus.OPEN
    assert support_round.opened_by == staff
    assert AuditEvent.objects.for_object(support_round).filter(action="support_round.opened")
    assert AuditEvent.objects.for_object(dossier).filter(to_value=S.IN_SUPPORT).exists()

    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert sorted(message.to) == ["alice@pessac.fr", "bob@pessac.fr"]
    assert "Appui de printemps" in message.subject
    assert "Détaillez le budget." in message.body
    assert "Précisez votre calendrier." in message.body
    assert f"/dossiers/{dossier.pk}/" in message.body


def test_open_round_is_all_or_nothing_when_a_dossier_is_not_shortlisted(
    call, staff, dossier, complete_application
):
    eligible_only = submitted_for_real(ApplicationFactory(call=call, complete=True, ready=True))
    with pytest.raises(SupportRoundError, match="n'est plus présélectionné"):
        _open(call, staff, {dossier: "Retour", eligible_only: "Retour"})
    dossier.refresh_from_db()
    assert dossier.state == S.SHORTLISTED
    assert not SupportRound.objects.exists()


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"deadline": timezone.now() - dt.timedelta(hours=1)}, "à venir"),
        ({"title": "  "}, "intitulé"),
    ],
)
def test_open_round_refuses_bad_round(call, staff, dossier, kwargs, message):
    with pytest.raises(SupportRoundError, match=message):
        _open(call, staff, {dossier: "Retour"}, **kwargs)
    assert not SupportRound.objects.exists()


def test_open_round_requires_feedback_for_each_dossier(call, staff, dossier):
    with pytest.raises(SupportRoundError, match="retours"):
        _open(call, staff, {dossier: "   "})
    dossier.refresh_from_db()
    assert dossier.state == S.SHORTLISTED


def test_open_round_refuses_call_without_support_stage(call, staff, dossier):
    call.stages.filter(kind=StageKind.SUPPORT).delete()
    with pytest.raises(SupportRoundError, match="appui"):
        _open(call, staff, {dossier: "Retour"})


def test_open_round_refuses_dossier_of_another_call(call, staff, dossier):
    other_call_dossier = shortlisted(ApplicationFactory(complete=True, ready=True), actor=staff)
    with pytest.raises(SupportRoundError, match="pas de cet appel"):
        _open(call, staff, {other_call_dossier: "Retour"})


# --- new versions -------------------------------------------------------------------------


def _edit(dossier, user, **data):
    application_save_fields(application=dossier, user=user, data=data)


def test_submit_revision_keeps_reference_and_makes_version_two(
    in_support, dossier, applicant, mailoutbox, django_capture_on_commit_callbacks
):
    reference, first_sha = dossier.reference, dossier.content_sha256
    _edit(dossier, applicant, idea="Un accueil téléphonique repensé avec les agents et les élus.")

    with django_capture_on_commit_callbacks(execute=True):
        version = submit_revision(application=dossier, user=applicant)

    dossier.refresh_from_db()
    assert dossier.reference == reference
    assert dossier.state == S.IN_SUPPORT  # only closing the round changes it
    assert version.number == 2
    assert version.sha256 != first_sha
    assert dossier.content_sha256 == version.sha256
    assert version.content["idea"].endswith("les agents et les élus.")
    assert dossier.versions.get(number=1).content["idea"].endswith("avec les agents.")
    feedback = SupportFeedback.objects.get(round=in_support)
    assert feedback.revised_version == version
    assert AuditEvent.objects.for_object(dossier).filter(
        action="application.version_submitted", to_value="2"
    )
    assert len(mailoutbox) == 1
    assert "version 2" in mailoutbox[0].subject
    assert reference in mailoutbox[0].subject


def test_submit_revision_twice_makes_version_three(in_support, dossier, applicant):
    _edit(dossier, applicant, idea="Deuxième idée.")
    submit_revision(application=dossier, user=applicant)
    _edit(dossier, applicant, idea="Troisième idée.")
    third = submit_revision(application=dossier, user=applicant)
    assert third.number == 3
    assert SupportFeedback.objects.get(round=in_support).revised_version == third


def test_submit_revision_same_content_again_returns_same_version(in_support, dossier, applicant):
    _edit(dossier, applicant, idea="Une idée précisée.")
    first = submit_revision(application=dossier, user=applicant)
    again = submit_revision(application=dossier, user=applicant)  # a double click
    assert again == first
    assert dossier.versions.count() == 2


def test_submit_revision_refuses_unchanged_dossier(in_support, dossier, applicant):
    with pytest.raises(ApplicationError, match="n'a pas changé depuis la version 1"):
        submit_revision(application=dossier, user=applicant)
    assert dossier.versions.count() == 1


def test_submit_revision_refuses_after_deadline(in_support, dossier, applicant):
    _edit(dossier, applicant, idea="Trop tard.")
    late = in_support.deadline + dt.timedelta(seconds=1)
    with pytest.raises(ApplicationError, match="date limite des nouvelles versions était le"):
        submit_revision(application=dossier, user=applicant, now=late)
    assert dossier.versions.count() == 1
    assert SupportFeedback.objects.get(round=in_support).revised_version is None


def test_submit_revision_refuses_incomplete_dossier(in_support, dossier, applicant):
    _edit(dossier, applicant, idea="")
    with pytest.raises(ApplicationError) as error:
        submit_revision(application=dossier, user=applicant)
    assert any("l'idée" in item.message for item in error.value.messages)


def test_submit_revision_refuses_without_open_round(in_support, dossier, applicant, staff):
    close_round(round=in_support, actor=staff)
    dossier.refresh_from_db()
    with pytest.raises(ApplicationError):
        submit_revision(application=dossier, user=applicant)


# --- closing ------------------------------------------------------------------------------


def test_close_round_sends_dossiers_back_to_shortlisted(in_support, dossier, staff):
    close_round(round=in_support, actor=staff)
    dossier.refresh_from_db()
    in_support.refresh_from_db()
    assert dossier.state == S.SHORTLISTED
    assert in_support.status == SupportRoundStatus.CLOSED
    assert in_support.closed_at is not None
    assert AuditEvent.objects.for_object(in_support).filter(
        action="support_round.closed", actor=staff
    )
    assert AuditEvent.objects.for_object(dossier).filter(
        from_value=S.IN_SUPPORT, to_value=S.SHORTLISTED
    )


def test_close_round_twice_is_refused(in_support, staff):
    close_round(round=in_support, actor=staff)
    with pytest.raises(SupportRoundError, match="déjà close"):
        close_round(round=in_support, actor=staff)


def test_close_round_leaves_withdrawn_dossier_alone(in_support, dossier, applicant, staff):
    from essaim.applications.services.submission import application_withdraw

    application_withdraw(application=dossier, user=applicant, reason="Le projet s'arrête.")
    close_round(round=in_support, actor=staff)
    dossier.refresh_from_db()
    assert dossier.state == S.WITHDRAWN


# --- the diff -----------------------------------------------------------------------------


def test_word_diff_marks_insertions_and_deletions():
    html = word_diff("Les usagers attendent au téléphone.", "Les usagers attendent au guichet.")
    assert "Les usagers attendent au " in html
    assert '<del><span class="visually-hidden">supprimé : </span>téléphone</del>' in html
    assert '<ins><span class="visually-hidden">ajouté : </span>guichet</ins>' in html


def test_word_diff_escapes_what_the_team_typed():
    html = word_diff("<b>avant</b>", "<script>alert(1)</script> après")
    assert "<script" not in html
    assert "<b>" not in html
    assert html.count("&lt;") == 2 and "&lt;/" in html
    added = word_diff("", '<img src=x onerror="alert(1)">')
    assert "<img" not in added
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;</ins>" in added


def test_list_diff_pairs_changed_items_and_marks_new_and_removed_ones():
    html = list_diff(["Alice — porteuse", "Bob — agent"], ["Alice — porteuse", "Bob — chef"])
    assert "<li>Alice — porteuse</li>" in html
    assert "<del><span" in html and ">agent</del>" in html
    assert ">chef</ins>" in html
    assert "<ins" in list_diff([], ["Nouvelle personne"])
    assert "<del" in list_diff(["Partie"], [])


def test_diff_versions_collapses_unchanged_and_compares_lists(in_support, dossier, applicant):
    from essaim.applications.services.team import team_member_add

    _edit(dossier, applicant, problem="Les usagers attendent <longtemps> au guichet.")
    team_member_add(
        application=dossier, actor=applicant, full_name="Farid Nouveau", job_title="Designer"
    )
    submit_revision(application=dossier, user=applicant)
    v1, v2 = dossier.versions.order_by("number")

    sections = {s.title: s for s in diff_versions(v1.content, v2.content)}

    problem = sections["Le problème"]
    assert [row.label for row in problem.changed] == ["Problème constaté"]
    assert "<longtemps" not in problem.changed[0].html
    assert "&lt;</ins>longtemps<ins>" in problem.changed[0].html
    assert ">guichet</ins>" in problem.changed[0].html
    assert ">téléphone</del>" in problem.changed[0].html
    assert len(problem.unchanged) == 2
    assert not sections["Impact"].changed
    team = sections["Équipe"].changed[0]
    assert "Farid Nouveau" in team.html and "<ins>" in team.html


def test_diff_versions_shows_keys_it_does_not_know_yet():
    sections = diff_versions({"title": "A", "siren": "123"}, {"title": "A", "siren": "456"})
    other = sections[-1]
    assert other.title == "Autres informations"
    assert other.changed[0].label == "siren"
    assert ">456</ins>" in other.changed[0].html
