"""The team's side of a support round and of decisions: the dossier page in support (the
fund's feedback, the task list, the button), editing again, submitting a new version (same
reference, version 2, deadline), and what the team reads of decisions."""

import datetime as dt
import html

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from essaim.applications.enums import ApplicationState as S
from essaim.applications.enums import TeamAccess
from essaim.applications.models import TeamMember
from essaim.applications.services.drafts import application_save_fields
from essaim.review.enums import DecisionKind
from essaim.review.models import SupportFeedback, SupportRound
from essaim.review.services.decisions import record_decision
from essaim.review.services.screening import screen_application
from essaim.review.services.support_rounds import close_round, open_round, submit_revision

from ..factories import ApplicationFactory, shortlisted, submitted

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return html.unescape(response.content.decode())


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
    return shortlisted(complete_application, actor=staff)


@pytest.fixture
def support_round(call, staff, dossier):
    made = open_round(
        call=call,
        title="Appui de printemps",
        message="Précisez votre calendrier.",
        deadline=timezone.now() + dt.timedelta(days=7),
        feedbacks={dossier: "Détaillez le budget du prototype."},
        actor=staff,
    )
    dossier.refresh_from_db()
    return made


def detail_url(application):
    return reverse("portal:application_detail", args=[application.pk])


def new_version_url(application):
    return reverse("portal:new_version", args=[application.pk])


# --- the dossier page ----------------------------------------------------------------------


def test_dossier_page_in_support_shows_feedback_task_list_and_button(
    client, applicant, support_round, dossier
):
    client.force_login(applicant)
    page = text(client.get(detail_url(dossier)))
    assert "Appui de l'équipe du fonds" in page
    assert "Détaillez le budget du prototype." in page
    assert "Précisez votre calendrier." in page
    assert 'class="task-list"' in page
    assert reverse("portal:section_edit", args=[dossier.pk, "idea"]) in page
    assert new_version_url(dossier) in page
    assert "Déposer la nouvelle version" in page


def test_dossier_page_after_deadline_hides_editing(client, applicant, support_round, dossier):
    SupportRound.objects.filter(pk=support_round.pk).update(
        deadline=timezone.now() - dt.timedelta(minutes=1)
    )
    client.force_login(applicant)
    page = text(client.get(detail_url(dossier)))
    assert "vous ne pouvez plus déposer de nouvelle version" in page
    assert new_version_url(dossier) not in page


def test_dossier_page_after_round_closed_keeps_feedback_without_editing(
    client, applicant, staff, support_round, dossier
):
    close_round(round=support_round, actor=staff)
    client.force_login(applicant)
    page = text(client.get(detail_url(dossier)))
    assert "Détaillez le budget du prototype." in page
    assert 'class="task-list"' not in page
    assert new_version_url(dossier) not in page


def test_shortlisted_dossier_page_has_no_support_panel(client, applicant, dossier):
    client.force_login(applicant)
    page = text(client.get(detail_url(dossier)))
    assert "Appui de l'équipe du fonds" not in page
    assert 'class="task-list"' not in page


def test_team_edits_section_while_in_support(client, co_applicant, support_round, dossier):
    client.force_login(co_applicant)
    url = reverse("portal:section_edit", args=[dossier.pk, "idea"])
    assert client.get(url).status_code == 200
    response = client.post(url, {"idea": "Une idée précisée avec l'appui.", "maturity": "idea"})
    assert response.status_code == 302
    dossier.refresh_from_db()
    assert dossier.idea == "Une idée précisée avec l'appui."


def test_team_cannot_edit_shortlisted_dossier(client, applicant, dossier):
    client.force_login(applicant)
    url = reverse("portal:section_edit", args=[dossier.pk, "idea"])
    assert client.get(url).status_code == 403


def test_team_adds_member_and_attachment_page_is_editable_in_support(
    client, applicant, support_round, dossier
):
    client.force_login(applicant)
    response = client.post(
        reverse("portal:team", args=[dossier.pk]),
        {"full_name": "Farid Nouveau", "job_title": "Designer", "project_role": ""},
    )
    assert response.status_code == 302
    assert dossier.team.filter(full_name="Farid Nouveau").exists()
    page = text(client.get(reverse("portal:attachments", args=[dossier.pk])))
    assert 'type="file"' in page


# --- the new version -----------------------------------------------------------------------


def test_new_version_page_recalls_feedback_and_answers(client, applicant, support_round, dossier):
    client.force_login(applicant)
    page = text(client.get(new_version_url(dossier)))
    assert "Détaillez le budget du prototype." in page
    assert dossier.problem in page
    assert 'name="declaration"' in page


def test_new_version_submitted_keeps_reference_and_makes_version_two(
    client, co_applicant, support_round, dossier, mailoutbox, django_capture_on_commit_callbacks
):
    reference, first_sha = dossier.reference, dossier.content_sha256
    application_save_fields(
        application=dossier, user=co_applicant, data={"idea": "Une idée revue avec l'appui."}
    )
    client.force_login(co_applicant)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(new_version_url(dossier), {"declaration": "on"})
    assert response.status_code == 302
    assert response["Location"] == detail_url(dossier)
    dossier.refresh_from_db()
    assert dossier.reference == reference
    assert dossier.state == S.IN_SUPPORT
    latest = dossier.versions.order_by("-number").first()
    assert latest.number == 2
    assert latest.sha256 != first_sha == dossier.versions.get(number=1).sha256
    assert latest.submitted_by == co_applicant
    assert SupportFeedback.objects.get().revised_version == latest
    assert "Version 2" in mailoutbox[-1].subject or "version 2" in mailoutbox[-1].subject
    page = text(client.get(response["Location"]))
    assert "La version 2 de votre dossier est déposée." in page
    assert "Version 2, déposée le" in page


def test_new_version_requires_declaration(client, applicant, support_round, dossier):
    application_save_fields(application=dossier, user=applicant, data={"idea": "Revue."})
    client.force_login(applicant)
    response = client.post(new_version_url(dossier), {})
    assert response.status_code == 422
    assert "Cochez la déclaration" in text(response)
    assert dossier.versions.count() == 1


def test_new_version_unchanged_dossier_is_refused(client, applicant, support_round, dossier):
    client.force_login(applicant)
    response = client.post(new_version_url(dossier), {"declaration": "on"})
    assert response.status_code == 422
    assert "n'a pas changé depuis la version 1" in text(response)
    assert dossier.versions.count() == 1


def test_new_version_incomplete_dossier_lists_what_is_missing(
    client, applicant, support_round, dossier
):
    application_save_fields(application=dossier, user=applicant, data={"idea": ""})
    client.force_login(applicant)
    page = text(client.post(new_version_url(dossier), {"declaration": "on"}))
    assert "Il manque 1 élément avant de pouvoir déposer" in page
    assert "Renseignez l'idée." in page
    assert dossier.versions.count() == 1


def test_new_version_after_deadline_is_refused(client, applicant, support_round, dossier):
    application_save_fields(application=dossier, user=applicant, data={"idea": "En retard."})
    SupportRound.objects.filter(pk=support_round.pk).update(
        deadline=timezone.now() - dt.timedelta(minutes=1)
    )
    client.force_login(applicant)
    page = text(client.get(new_version_url(dossier)))
    assert "la nouvelle version ne peut plus être déposée" in page
    assert 'name="declaration"' not in page
    response = client.post(new_version_url(dossier), {"declaration": "on"})
    assert "La date limite des nouvelles versions était le" in text(response)
    assert dossier.versions.count() == 1


def test_new_version_of_dossier_not_in_support_goes_back_to_dossier(client, applicant, dossier):
    client.force_login(applicant)
    response = client.post(new_version_url(dossier), {"declaration": "on"})
    assert response.status_code == 302
    assert response["Location"] == detail_url(dossier)
    assert dossier.versions.count() == 1


@pytest.mark.parametrize("actor", ["outsider", "reviewer", "other_fund_staff"])
def test_new_version_hidden_from_people_outside_the_team(
    client, support_round, dossier, actor, request
):
    client.force_login(request.getfixturevalue(actor))
    assert client.get(new_version_url(dossier)).status_code == 404
    assert client.post(new_version_url(dossier), {"declaration": "on"}).status_code == 404


def test_new_version_sends_anonymous_to_login(client, support_round, dossier):
    response = client.get(new_version_url(dossier))
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_dossier_page_in_support_constant_queries(
    client, applicant, support_round, dossier, django_assert_num_queries
):
    client.force_login(applicant)
    with CaptureQueriesContext(connection) as ctx:
        client.get(detail_url(dossier))
    one = len(ctx.captured_queries)
    for n in range(2):
        application_save_fields(application=dossier, user=applicant, data={"idea": f"Idée {n}"})
        submit_revision(application=dossier, user=applicant)
    with django_assert_num_queries(one):
        client.get(detail_url(dossier))


# --- decisions as the team reads them ------------------------------------------------------


def test_decision_panel_tells_reason_never_internal_note(client, applicant, staff, call):
    dossier = submitted(ApplicationFactory(call=call, created_by=applicant, complete=True))
    screen_application(
        application=dossier,
        outcome=S.INELIGIBLE,
        actor=staff,
        reason="Le porteur n'est pas un agent public.",
        internal_note="Note réservée à l'équipe du fonds.",
    )
    client.force_login(applicant)
    page = text(client.get(detail_url(dossier)))
    assert "Recevabilité" in page
    assert "Non recevable" in page
    assert "Le porteur n'est pas un agent public." in page
    assert "Note réservée" not in page


def test_decision_panel_shows_shortlist_but_never_jury(client, applicant, staff, dossier):
    record_decision(
        application=dossier,
        kind=DecisionKind.JURY,
        outcome=S.NOT_SELECTED,
        actor=staff,
        reason="Motif du jury encore confidentiel.",
    )
    client.force_login(applicant)
    page = text(client.get(detail_url(dossier)))
    assert "Première sélection" in page
    assert "Présélectionné" in page
    assert "Motif du jury encore confidentiel." not in page
