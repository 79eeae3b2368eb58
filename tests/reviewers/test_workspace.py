"""The reviewer's workspace: their list, a dossier with its scoring form, attachments,
other reviews, conflicts — and who may see what."""

import datetime as dt
import re
from html import unescape

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from essaim.applications.enums import ApplicationState
from essaim.applications.models import Attachment, TeamMember
from essaim.core.models import AuditEvent
from essaim.review.enums import ConflictStatus, OtherReviewsVisibility, ReviewStatus
from essaim.review.models import Conflict, Review

from ..factories import (
    ApplicationFactory,
    AssignmentFactory,
    ConflictFactory,
    ReviewStageFactory,
    UserFactory,
    scored,
    submitted,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def stage(call):
    return ReviewStageFactory(call=call)


def make_dossier(call, title="Un accueil téléphonique repensé", **fields):
    application = ApplicationFactory(call=call, complete=True, ready=True, title=title, **fields)
    return submitted(application, state=ApplicationState.ELIGIBLE)


@pytest.fixture
def dossier(call, applicant):
    return make_dossier(call, created_by=applicant)


@pytest.fixture
def assignment(stage, dossier, reviewer):
    return AssignmentFactory(stage=stage, application=dossier, reviewer=reviewer)


def home_url():
    return reverse("reviewers:home")


def page_url(assignment):
    return reverse("reviewers:assignment", args=[assignment.pk])


def criteria_of(stage):
    return list(stage.criteria.all())


def scoring_data(stage, values, action="draft", **extra):
    data = {"action": action, "comment": extra.pop("comment", "")}
    for criterion, value in zip(criteria_of(stage), values, strict=True):
        if value is not None:
            data[f"score_{criterion.pk}"] = str(value)
        data[f"comment_{criterion.pk}"] = extra.pop(f"comment_{criterion.pk}", "")
    data.update(extra)
    return data


# --- the list -----------------------------------------------------------------------------


def test_home_lists_dossiers_with_status_and_progress(client, call, stage, reviewer):
    first = AssignmentFactory(
        stage=stage, application=make_dossier(call, "Projet A"), reviewer=reviewer
    )
    second = AssignmentFactory(
        stage=stage, application=make_dossier(call, "Projet B"), reviewer=reviewer
    )
    AssignmentFactory(stage=stage, application=make_dossier(call, "Projet C"), reviewer=reviewer)
    scored(first, [3, 2])
    scored(second, [1, None], submit=False)
    client.force_login(reviewer)
    response = client.get(home_url())
    html = response.content.decode()
    assert response.status_code == 200
    assert call.title in html and stage.display_title in html
    assert "1 évaluation rendue sur 3" in html
    for title in ("Projet A", "Projet B", "Projet C"):
        assert title in html
    assert html.count(">Rendue<") == 1
    assert html.count(">Brouillon<") == 1
    assert html.count(">À faire<") == 1


def test_home_leaves_out_dossiers_with_a_standing_conflict(client, call, stage, reviewer):
    AssignmentFactory(
        stage=stage, application=make_dossier(call, "Projet gardé"), reviewer=reviewer
    )
    hidden = AssignmentFactory(
        stage=stage, application=make_dossier(call, "Projet en conflit"), reviewer=reviewer
    )
    cleared = AssignmentFactory(
        stage=stage, application=make_dossier(call, "Projet blanchi"), reviewer=reviewer
    )
    ConflictFactory(
        application=hidden.application, person=reviewer, status=ConflictStatus.SUSPECTED
    )
    ConflictFactory(application=cleared.application, person=reviewer, status=ConflictStatus.CLEARED)
    client.force_login(reviewer)
    html = client.get(home_url()).content.decode()
    assert "Projet gardé" in html and "Projet blanchi" in html
    assert "Projet en conflit" not in html
    assert "sur 2" in html  # the conflicted dossier is not counted either


def test_home_shows_anonymous_labels_when_the_stage_hides_names(client, call, reviewer):
    stage = ReviewStageFactory(call=call, shows_applicant_names=False)
    assignment = AssignmentFactory(
        stage=stage,
        application=make_dossier(call, "Accueil de la mairie de Pessac"),
        reviewer=reviewer,
    )
    client.force_login(reviewer)
    html = client.get(home_url()).content.decode()
    assert "Pessac" not in html
    assert f"Dossier {assignment.application.reference}" in html


def test_home_shows_a_call_without_dossiers_yet(client, call, reviewer):
    client.force_login(reviewer)
    html = client.get(home_url()).content.decode()
    assert call.title in html
    assert "Aucun dossier ne vous est encore confié" in html


@pytest.mark.parametrize("who", ["outsider", "applicant", "staff"])
def test_home_refuses_people_without_a_reviewing_role(client, who, request, call):
    client.force_login(request.getfixturevalue(who))
    assert client.get(home_url()).status_code == 403


def test_home_sends_anonymous_visitors_to_login(client):
    response = client.get(home_url())
    assert response.status_code == 302 and "/compte/login/" in response["Location"]


def test_home_query_count_does_not_grow_with_dossiers(
    client, call, stage, reviewer, django_assert_num_queries
):
    scored(
        AssignmentFactory(stage=stage, application=make_dossier(call), reviewer=reviewer), [1, 1]
    )
    client.force_login(reviewer)
    client.get(home_url())  # the session is warm
    with CaptureQueriesContext(connection) as one:
        assert client.get(home_url()).status_code == 200
    other_stage = ReviewStageFactory(call=call, kind="expert_review")
    for _n in range(2):
        AssignmentFactory(stage=stage, application=make_dossier(call), reviewer=reviewer)
        AssignmentFactory(stage=other_stage, application=make_dossier(call), reviewer=reviewer)
    with django_assert_num_queries(len(one.captured_queries)):
        response = client.get(home_url())
    assert "1 évaluation rendue sur 3" in response.content.decode()


# --- the dossier page: who may see it -------------------------------------------------------


def test_assigned_reviewer_sees_the_dossier_and_its_criteria(client, assignment, reviewer, stage):
    client.force_login(reviewer)
    response = client.get(page_url(assignment))
    html = response.content.decode()
    assert response.status_code == 200
    assert assignment.application.problem in html
    for criterion in criteria_of(stage):
        assert criterion.label in html
        assert f'name="score_{criterion.pk}"' in html
    assert "Enregistrer le brouillon" in html and "Rendre l'évaluation" in html
    assert "Je déclare un conflit d'intérêts" in html


@pytest.mark.parametrize("who", ["outsider", "staff", "other_fund_staff", "applicant", "juror"])
def test_dossier_page_is_404_for_anyone_not_assigned(client, assignment, who, request):
    client.force_login(request.getfixturevalue(who))
    assert client.get(page_url(assignment)).status_code == 404
    assert client.post(page_url(assignment), {"action": "draft"}).status_code == 404


def test_dossier_page_is_404_for_another_reviewer_of_the_same_dossier(client, stage, assignment):
    colleague = AssignmentFactory(stage=stage, application=assignment.application)
    client.force_login(colleague.reviewer)
    assert client.get(page_url(assignment)).status_code == 404


@pytest.mark.parametrize("status", [ConflictStatus.SUSPECTED, ConflictStatus.CONFIRMED])
def test_dossier_page_is_404_while_a_conflict_stands(client, assignment, reviewer, status):
    ConflictFactory(application=assignment.application, person=reviewer, status=status)
    client.force_login(reviewer)
    assert client.get(page_url(assignment)).status_code == 404
    response = client.post(page_url(assignment), scoring_data(assignment.stage, [1, 1]))
    assert response.status_code == 404
    assert not Review.objects.exists()


def test_dossier_page_opens_again_once_a_conflict_is_cleared(client, assignment, reviewer):
    ConflictFactory(
        application=assignment.application, person=reviewer, status=ConflictStatus.CLEARED
    )
    client.force_login(reviewer)
    assert client.get(page_url(assignment)).status_code == 200


# --- anonymity ------------------------------------------------------------------------------


@pytest.fixture
def identifiable(dossier):
    """The dossier with names everywhere: a listed member, an attachment."""
    TeamMember.objects.create(
        application=dossier,
        full_name="Gaston Lagaffe",
        email="gaston@pessac.fr",
        job_title="Agent d'accueil",
        project_role="Testeur",
    )
    attachment = Attachment.objects.create(
        application=dossier,
        file=ContentFile(b"%PDF-1.4 contenu", name="note.pdf"),
        original_name="Note de Gaston Lagaffe.pdf",
        content_type="application/pdf",
        size=16,
        description="La note de cadrage",
    )
    return attachment


def test_anonymised_stage_hides_every_name(
    client, call, dossier, applicant, reviewer, identifiable
):
    stage = ReviewStageFactory(call=call, shows_applicant_names=False)
    assignment = AssignmentFactory(stage=stage, application=dossier, reviewer=reviewer)
    client.force_login(reviewer)
    html = client.get(page_url(assignment)).content.decode()
    for name in (
        dossier.organisation_name,  # "Commune de Pessac"
        applicant.full_name,
        applicant.email,
        "Gaston Lagaffe",
        "gaston@pessac.fr",
        "Claire Martin",  # the supervisor
        "dgs@mairie-exemple.fr",
        "Note de Gaston Lagaffe",
    ):
        assert name not in html, name
    assert f"Dossier {dossier.reference}" in html
    assert "Testeur" in html  # functions and roles stay: they are part of the project
    assert "Pièce jointe 1" in html and "La note de cadrage" in html
    assert "Directrice générale des services" in html


def test_named_stage_shows_team_and_file_names(client, assignment, reviewer, identifiable):
    client.force_login(reviewer)
    html = client.get(page_url(assignment)).content.decode()
    assert "Gaston Lagaffe" in html and "gaston@pessac.fr" in html
    assert "Commune de Pessac" in html
    assert "Note de Gaston Lagaffe.pdf" in html


# --- attachments ----------------------------------------------------------------------------


def download_url(assignment, attachment):
    return reverse("reviewers:attachment_download", args=[assignment.pk, attachment.pk])


def test_reviewer_downloads_an_attachment_as_a_file(client, assignment, reviewer, identifiable):
    client.force_login(reviewer)
    response = client.get(download_url(assignment, identifiable))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 contenu"
    assert response["Content-Disposition"].startswith("attachment")
    assert "Note" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]


def test_anonymised_download_carries_a_neutral_file_name(
    client, call, dossier, reviewer, identifiable
):
    stage = ReviewStageFactory(call=call, shows_applicant_names=False)
    assignment = AssignmentFactory(stage=stage, application=dossier, reviewer=reviewer)
    client.force_login(reviewer)
    response = client.get(download_url(assignment, identifiable))
    assert response.status_code == 200
    disposition = response["Content-Disposition"]
    assert "Lagaffe" not in disposition
    assert 'filename="piece-jointe-1.pdf"' in disposition


def test_download_is_404_for_others_and_for_another_dossier(
    client, call, stage, assignment, reviewer, identifiable, outsider
):
    client.force_login(outsider)
    assert client.get(download_url(assignment, identifiable)).status_code == 404
    # the reviewer's own assignment does not open another dossier's file
    other = AssignmentFactory(stage=stage, application=make_dossier(call), reviewer=reviewer)
    client.force_login(reviewer)
    assert client.get(download_url(other, identifiable)).status_code == 404
    # nor does the portal's own download view, which only the team and staff may use
    portal = reverse(
        "portal:attachment_download", args=[assignment.application.pk, identifiable.pk]
    )
    assert client.get(portal).status_code == 404


def test_download_is_404_once_a_conflict_is_declared(client, assignment, reviewer, identifiable):
    ConflictFactory(application=assignment.application, person=reviewer)
    client.force_login(reviewer)
    assert client.get(download_url(assignment, identifiable)).status_code == 404


# --- scoring ---------------------------------------------------------------------------------


def test_draft_saves_whatever_is_given(client, assignment, reviewer, stage):
    client.force_login(reviewer)
    first, second = criteria_of(stage)
    response = client.post(
        page_url(assignment),
        scoring_data(
            stage, [3, None], comment="Bonne dynamique", **{f"comment_{first.pk}": "Trois services"}
        ),
    )
    assert response.status_code == 302 and response["Location"] == page_url(assignment)
    review = Review.objects.get(assignment=assignment)
    assert review.status == ReviewStatus.DRAFT and review.comment == "Bonne dynamique"
    assert {s.criterion_id: (s.value, s.comment) for s in review.scores.all()} == {
        first.pk: (3, "Trois services"),
        second.pk: (None, ""),
    }
    html = client.get(page_url(assignment)).content.decode()
    assert "Votre brouillon est enregistré." in html
    assert re.search(
        rf'value="3"[^>]*name="score_{first.pk}"|name="score_{first.pk}" value="3"[^>]*checked',
        html,
    )
    assert "Trois services" in html


def test_submit_with_a_missing_criterion_keeps_what_was_typed(client, assignment, reviewer, stage):
    client.force_login(reviewer)
    first, second = criteria_of(stage)
    response = client.post(
        page_url(assignment),
        scoring_data(stage, [4, None], action="submit", comment="Très collectif"),
    )
    html = response.content.decode()
    assert response.status_code == 422
    assert "<title>Erreur :" in html
    assert "Il y a un problème" in html
    assert f"Donnez une note pour « {second.label} »." in html
    assert f'href="#id_score_{second.pk}"' in html
    assert f'name="score_{first.pk}" value="4" id="id_score_{first.pk}_4" checked' in html
    assert "Très collectif" in html
    assert not Review.objects.exists()


def test_submit_out_of_scale_value_is_refused_beside_the_criterion(
    client, assignment, reviewer, stage
):
    client.force_login(reviewer)
    response = client.post(page_url(assignment), scoring_data(stage, [9, 1], action="submit"))
    assert response.status_code == 422
    assert "Choisissez une note de 0 à 4." in response.content.decode()
    assert not Review.objects.exists()


def test_submit_asks_for_confirmation_then_makes_the_review_read_only(
    client, assignment, reviewer, stage
):
    client.force_login(reviewer)
    response = client.post(
        page_url(assignment), scoring_data(stage, [4, 2], action="submit", comment="Solide")
    )
    confirm_url = reverse("reviewers:submit", args=[assignment.pk])
    assert response.status_code == 302 and response["Location"] == confirm_url
    review = Review.objects.get(assignment=assignment)
    assert review.status == ReviewStatus.DRAFT  # saved, not yet submitted

    confirm = client.get(confirm_url).content.decode()
    assert "ne pourra plus être modifiée" in confirm and "Solide" in confirm

    response = client.post(confirm_url)
    assert response.status_code == 302
    review.refresh_from_db()
    assert review.status == ReviewStatus.SUBMITTED and review.submitted_at
    event = AuditEvent.objects.get(action="review.submitted")
    assert event.actor == reviewer and event.data["application_id"] == assignment.application_id

    html = client.get(page_url(assignment)).content.decode()
    assert "Votre évaluation est rendue" in html
    assert "Elle ne peut plus être modifiée" in html
    assert 'name="score_' not in html  # no form any more
    assert "Solide" in html

    # a late POST changes nothing
    response = client.post(page_url(assignment), scoring_data(stage, [0, 0], action="draft"))
    assert response.status_code == 302
    assert sorted(s.value for s in review.scores.all()) == [2, 4]
    assert client.post(confirm_url).status_code == 302
    assert AuditEvent.objects.filter(action="review.submitted").count() == 1


def test_comment_for_the_team_only_when_the_stage_allows_it(client, call, dossier, reviewer):
    closed_stage = ReviewStageFactory(call=call)
    open_stage = ReviewStageFactory(
        call=call, kind="expert_review", allows_comment_for_applicant=True
    )
    without = AssignmentFactory(stage=closed_stage, application=dossier, reviewer=reviewer)
    with_ = AssignmentFactory(stage=open_stage, application=dossier, reviewer=reviewer)
    client.force_login(reviewer)
    assert "comment_for_applicant" not in client.get(page_url(without)).content.decode()
    assert "comment_for_applicant" in client.get(page_url(with_)).content.decode()
    client.post(
        page_url(with_),
        scoring_data(open_stage, [1, 1], comment_for_applicant="Précisez le calendrier."),
    )
    assert with_.review.comment_for_applicant == "Précisez le calendrier."


def test_closed_stage_is_read_only_with_a_message(client, call, dossier, reviewer):
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    stage = ReviewStageFactory(call=call, closes_on=yesterday)
    assignment = AssignmentFactory(stage=stage, application=dossier, reviewer=reviewer)
    client.force_login(reviewer)
    html = client.get(page_url(assignment)).content.decode()
    assert "sont closes depuis le" in html
    assert 'name="score_' not in html
    response = client.post(page_url(assignment), scoring_data(stage, [1, 1]), follow=True)
    assert "sont closes depuis le" in response.content.decode()
    assert not Review.objects.exists()


def test_stage_open_until_the_end_of_its_last_day(client, call, dossier, reviewer):
    stage = ReviewStageFactory(call=call, closes_on=timezone.localdate())
    assignment = AssignmentFactory(stage=stage, application=dossier, reviewer=reviewer)
    client.force_login(reviewer)
    client.post(page_url(assignment), scoring_data(stage, [1, 1]))
    assert Review.objects.filter(assignment=assignment).exists()


# --- next dossier ------------------------------------------------------------------------------


def test_next_dossier_skips_submitted_ones_and_wraps_around(client, call, stage, reviewer):
    a, b, c = (
        AssignmentFactory(stage=stage, application=make_dossier(call), reviewer=reviewer)
        for _ in range(3)
    )
    client.force_login(reviewer)

    def next_link(assignment):
        html = client.get(page_url(assignment)).content.decode()
        match = re.search(r'href="(/expertise/evaluations/\d+/)">Dossier suivant', html)
        return match.group(1) if match else None

    assert next_link(a) == page_url(b)
    scored(b, [1, 1])
    assert next_link(a) == page_url(c)
    assert next_link(c) == page_url(a)  # back to the top
    scored(a, [2, 2])
    assert next_link(c) is None


# --- other reviews -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("visibility", "own_submitted", "visible"),
    [
        (OtherReviewsVisibility.NEVER, True, False),
        (OtherReviewsVisibility.AFTER_OWN, False, False),
        (OtherReviewsVisibility.AFTER_OWN, True, True),
        (OtherReviewsVisibility.ALWAYS, False, True),
    ],
)
def test_other_reviews_follow_the_stage_setting(
    client, call, dossier, reviewer, visibility, own_submitted, visible
):
    stage = ReviewStageFactory(call=call, other_reviews_visibility=visibility)
    own = AssignmentFactory(stage=stage, application=dossier, reviewer=reviewer)
    colleague = UserFactory(full_name="Valérie Voisine")
    other = AssignmentFactory(stage=stage, application=dossier, reviewer=colleague)
    scored(other, [4, 0])
    other.review.scores.filter(criterion__position=0).update(
        comment="Remarquable travail collectif"
    )
    if own_submitted:
        scored(own, [2, 2])
    client.force_login(reviewer)
    html = client.get(page_url(own)).content.decode()
    assert ("Évaluateur 1" in html) is visible
    assert ("Remarquable travail collectif" in html) is visible
    assert "Valérie Voisine" not in html  # never by name


def test_other_reviews_leave_out_drafts_and_conflicted_reviewers(client, call, dossier, reviewer):
    stage = ReviewStageFactory(call=call, other_reviews_visibility=OtherReviewsVisibility.ALWAYS)
    own = AssignmentFactory(stage=stage, application=dossier, reviewer=reviewer)
    counted = AssignmentFactory(stage=stage, application=dossier)
    draft = AssignmentFactory(stage=stage, application=dossier)
    conflicted = AssignmentFactory(stage=stage, application=dossier)
    scored(counted, [3, 3], comment="")
    scored(draft, [1, 1], submit=False)
    scored(conflicted, [0, 0])
    ConflictFactory(application=dossier, person=conflicted.reviewer)
    client.force_login(reviewer)
    html = client.get(page_url(own)).content.decode()
    assert "Évaluateur 1" in html and "Évaluateur 2" not in html


# --- conflicts ----------------------------------------------------------------------------------


def test_declaring_a_conflict_removes_the_dossier_from_the_list(client, assignment, reviewer):
    client.force_login(reviewer)
    url = reverse("reviewers:declare_conflict", args=[assignment.pk])
    page = client.get(url)
    assert page.status_code == 200 and "Déclarer le conflit d'intérêts" in page.content.decode()
    response = client.post(url, {"details": "Je connais la cheffe de projet."})
    assert response.status_code == 302 and response["Location"] == home_url()
    conflict = Conflict.objects.get(application=assignment.application, person=reviewer)
    assert conflict.status == ConflictStatus.CONFIRMED
    assert conflict.details == "Je connais la cheffe de projet."
    html = unescape(client.get(home_url()).content.decode())
    assert "Votre conflit d'intérêts est enregistré" in html
    assert assignment.application.title not in html
    assert client.get(page_url(assignment)).status_code == 404


def test_declaring_a_conflict_is_404_for_others(client, assignment, outsider):
    client.force_login(outsider)
    url = reverse("reviewers:declare_conflict", args=[assignment.pk])
    assert client.post(url, {"details": ""}).status_code == 404
    assert not Conflict.objects.exists()


def test_writes_need_the_csrf_token(assignment, reviewer, stage):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(reviewer)
    assert client.post(page_url(assignment), scoring_data(stage, [1, 1])).status_code == 403


def test_juror_membership_also_opens_the_workspace(client, call, juror, stage, dossier):
    AssignmentFactory(stage=stage, application=dossier, reviewer=juror)
    client.force_login(juror)
    assert dossier.title in client.get(home_url()).content.decode()


def test_person_with_assignments_but_no_membership_sees_them(client, stage, dossier):
    person = UserFactory()
    AssignmentFactory(stage=stage, application=dossier, reviewer=person)
    client.force_login(person)
    assert dossier.title in client.get(home_url()).content.decode()


# --- the menu -----------------------------------------------------------------------------


def test_menu_links_reviewers_to_their_workspace_and_no_one_else(client, reviewer, applicant):
    client.force_login(reviewer)
    page = client.get(reverse("public:home")).content.decode()
    assert f'href="{home_url()}"' in page
    client.force_login(applicant)
    page = client.get(reverse("public:home")).content.decode()
    assert f'href="{home_url()}"' not in page
