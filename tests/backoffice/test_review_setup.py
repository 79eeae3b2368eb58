"""The review set-up pages for staff: stages and criteria, the pool and invitations,
the assignment board, automatic assignment, the load view, conflicts, the dossier panel.
Each page refuses outsiders (403), other funds' staff (404) and reviewers (403), and the
list pages run a constant number of queries."""

import html
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from essaim.applications.enums import ApplicationState
from essaim.core.models import AuditEvent
from essaim.funds.enums import InvitationState
from essaim.review.enums import ConflictReason, ConflictSource, ConflictStatus
from essaim.review.models import Assignment, Conflict, Criterion, ReviewStage

from ..factories import (
    ApplicationFactory,
    AssignmentFactory,
    CallMembershipFactory,
    ConflictFactory,
    InvitationFactory,
    ReviewStageFactory,
    UserFactory,
    scored,
    submitted,
)

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return html.unescape(response.content.decode())


def eligible(call, **fields):
    return submitted(ApplicationFactory(call=call, **fields), state=ApplicationState.ELIGIBLE)


def expert(call, n, *, role="reviewer"):
    user = UserFactory(email=f"expert{n}@cabinet{n}.fr", full_name=f"Expert Numéro {n}")
    CallMembershipFactory(
        call=call,
        user=user,
        role=role,
        organisation_name=f"Cabinet {n}",
        organisation_departement="75",
    )
    return user


@pytest.fixture
def stage(call):
    return ReviewStageFactory(call=call, reviews_per_application=2)


def page_urls(call, stage):
    criterion = stage.criteria.first()
    invitation = InvitationFactory(call=call)
    return [
        reverse("backoffice:review_stages", args=[call.pk]),
        reverse("backoffice:review_stage_create", args=[call.pk]),
        reverse("backoffice:review_stage_detail", args=[stage.pk]),
        reverse("backoffice:review_stage_edit", args=[stage.pk]),
        reverse("backoffice:review_stage_delete", args=[stage.pk]),
        reverse("backoffice:criterion_edit", args=[criterion.pk]),
        reverse("backoffice:criterion_delete", args=[criterion.pk]),
        reverse("backoffice:review_pool", args=[call.pk]),
        reverse("backoffice:assignment_board", args=[stage.pk]),
        reverse("backoffice:auto_assign", args=[stage.pk]),
        reverse("backoffice:reviewer_load", args=[stage.pk]),
        reverse("backoffice:conflict_list", args=[call.pk]),
    ], invitation


def post_urls(call, stage, invitation):
    criterion = stage.criteria.first()
    assignment = AssignmentFactory(stage=stage)
    conflict = ConflictFactory(application=assignment.application)
    return [
        reverse("backoffice:criterion_move", args=[criterion.pk]),
        reverse("backoffice:criterion_create", args=[stage.pk]),
        reverse("backoffice:invitation_resend", args=[invitation.pk]),
        reverse("backoffice:invitation_revoke", args=[invitation.pk]),
        reverse("backoffice:assignment_add", args=[stage.pk]),
        reverse("backoffice:assignment_remove", args=[assignment.pk]),
        reverse("backoffice:conflict_detect", args=[call.pk]),
        reverse("backoffice:conflict_confirm", args=[conflict.pk]),
        reverse("backoffice:conflict_clear", args=[conflict.pk]),
        reverse("backoffice:auto_assign", args=[stage.pk]),
    ]


# --- permissions ----------------------------------------------------------------------------


def test_every_page_refuses_the_outsider_and_a_reviewer(client, call, stage, outsider, reviewer):
    urls, invitation = page_urls(call, stage)
    for person in (outsider, reviewer):
        client.force_login(person)
        for url in urls:
            assert client.get(url).status_code == 403, url
        for url in post_urls(call, stage, invitation):
            assert client.post(url, {"direction": "up"}).status_code == 403, url
    invitation.refresh_from_db()
    assert invitation.status == InvitationState.PENDING
    assert Conflict.objects.filter(status=ConflictStatus.CONFIRMED).count() == 2


def test_every_page_is_hidden_from_another_funds_staff(client, call, stage, other_fund_staff):
    urls, invitation = page_urls(call, stage)
    client.force_login(other_fund_staff)
    for url in urls:
        assert client.get(url).status_code == 404, url
    for url in post_urls(call, stage, invitation):
        assert client.post(url, {"direction": "up"}).status_code == 404, url
    assert Conflict.objects.filter(status=ConflictStatus.CONFIRMED).count() == 1
    assert Assignment.objects.count() == 1


def test_anonymous_people_are_sent_to_sign_in(client, call, stage):
    response = client.get(reverse("backoffice:review_stages", args=[call.pk]))
    assert response.status_code == 302
    assert "/compte/login/" in response["Location"]


def test_every_page_opens_for_the_funds_staff(client, call, stage, staff):
    urls, _invitation = page_urls(call, stage)
    client.force_login(staff)
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert call.title in text(response), url
        assert "<h1" in text(response)


def test_the_call_page_links_to_the_three_entry_points(client, call, staff):
    client.force_login(staff)
    body = text(client.get(reverse("backoffice:call_detail", args=[call.pk])))
    assert "Étapes d'évaluation et critères" in body
    assert "Évaluateurs et jurés" in body
    assert "Conflits d'intérêts" in body


def test_writes_need_post(client, call, stage, staff):
    client.force_login(staff)
    criterion = stage.criteria.first()
    assert client.get(reverse("backoffice:criterion_move", args=[criterion.pk])).status_code == 405
    assert client.get(reverse("backoffice:conflict_detect", args=[call.pk])).status_code == 405


# --- stages and criteria ----------------------------------------------------------------------


def test_stage_create_with_default_criteria(client, call, staff):
    client.force_login(staff)
    url = reverse("backoffice:review_stage_create", args=[call.pk])
    form = text(client.get(url))
    assert "Fonds MNT : des projets collectifs et inspirants" in form
    response = client.post(
        url,
        {
            "kind": "first_selection",
            "title": "",
            "instructions": "Lisez d'abord l'idée.",
            "opens_on": "2024-06-03",
            "closes_on": "14/06/2024",
            "reviews_per_application": "3",
            "other_reviews_visibility": "never",
            "allows_comment_for_applicant": "on",
            "criteria_set": "mnt",
        },
    )
    stage = ReviewStage.objects.get(call=call)
    assert response.status_code == 302
    assert response["Location"] == reverse("backoffice:review_stage_detail", args=[stage.pk])
    assert stage.shows_applicant_names is False
    assert stage.closes_on.isoformat() == "2024-06-14"
    assert stage.criteria.count() == 4
    page = text(client.get(response["Location"]))
    assert "L'étape « Première sélection » est créée." in page
    assert "Dimension collective" in page


def test_stage_create_with_bad_input_keeps_what_was_typed(client, call, staff, stage):
    client.force_login(staff)
    response = client.post(
        reverse("backoffice:review_stage_create", args=[call.pk]),
        {
            "kind": "first_selection",  # already used: not offered
            "instructions": "Mes consignes détaillées",
            "opens_on": "2024-06-20",
            "closes_on": "2024-06-10",
            "reviews_per_application": "0",
            "other_reviews_visibility": "after_own",
        },
    )
    body = text(response)
    assert response.status_code == 200
    assert "<title>Erreur :" in body
    assert "Il y a un problème" in body
    assert "Choisissez une étape de la liste." in body
    assert "La fin des évaluations doit suivre leur début." in body
    assert "Indiquez au moins 1 évaluation par dossier." in body
    assert "Mes consignes détaillées" in body
    assert ReviewStage.objects.filter(call=call).count() == 1


def test_criterion_add_edit_move_and_delete(client, call, staff, stage):
    client.force_login(staff)
    response = client.post(
        reverse("backoffice:criterion_create", args=[stage.pk]),
        {
            "label": "Reproductible",
            "help_text": "",
            "weight": "1,5",
            "scale_min": "0",
            "scale_max": "4",
        },
    )
    assert response.status_code == 302
    criterion = stage.criteria.get(label="Reproductible")
    assert str(criterion.weight) == "1.50"

    response = client.post(
        reverse("backoffice:criterion_edit", args=[criterion.pk]),
        {
            "label": "Reproductible ailleurs",
            "help_text": "Ailleurs ?",
            "weight": "2",
            "scale_min": "1",
            "scale_max": "5",
        },
    )
    assert response.status_code == 302
    criterion.refresh_from_db()
    assert (criterion.label, criterion.scale_min, criterion.scale_max) == (
        "Reproductible ailleurs",
        1,
        5,
    )

    client.post(reverse("backoffice:criterion_move", args=[criterion.pk]), {"direction": "up"})
    assert list(stage.criteria.values_list("label", flat=True))[1] == "Reproductible ailleurs"

    confirm = text(client.get(reverse("backoffice:criterion_delete", args=[criterion.pk])))
    assert "Supprimer le critère « Reproductible ailleurs » ?" in confirm
    client.post(reverse("backoffice:criterion_delete", args=[criterion.pk]))
    assert not Criterion.objects.filter(pk=criterion.pk).exists()


def test_criterion_with_bad_scale_is_explained_beside_the_field(client, call, staff, stage):
    client.force_login(staff)
    response = client.post(
        reverse("backoffice:criterion_create", args=[stage.pk]),
        {"label": "Impact", "weight": "abc", "scale_min": "4", "scale_max": "2"},
    )
    body = text(response)
    assert response.status_code == 200
    assert "Saisissez un nombre, par exemple 1 ou 1,5." in body
    assert "La note maximale doit dépasser la note minimale." in body
    assert 'value="Impact"' in body
    assert stage.criteria.count() == 2


def test_stage_with_reviews_cannot_be_deleted(client, call, staff, stage):
    scored(AssignmentFactory(stage=stage), [1, 2])
    client.force_login(staff)
    url = reverse("backoffice:review_stage_delete", args=[stage.pk])
    assert "ne peut plus être supprimée" in text(client.get(url))
    response = client.post(url, follow=True)
    assert ReviewStage.objects.filter(pk=stage.pk).exists()
    assert "ne peut plus être supprimée" in text(response)


def test_stage_delete_after_confirmation(client, call, staff, stage):
    client.force_login(staff)
    response = client.post(reverse("backoffice:review_stage_delete", args=[stage.pk]))
    assert response["Location"] == reverse("backoffice:review_stages", args=[call.pk])
    assert not ReviewStage.objects.filter(pk=stage.pk).exists()


# --- the pool -------------------------------------------------------------------------------


def test_invite_from_the_pool_page(
    client, call, staff, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(staff)
    url = reverse("backoffice:review_pool", args=[call.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url, {"full_name": "Inès Experte", "email": "ines@cabinet.fr", "role": "reviewer"}
        )
    assert response["Location"] == url
    assert mailoutbox[0].to == ["ines@cabinet.fr"]
    body = text(client.get(url))
    assert "ines@cabinet.fr" in body
    assert "En attente" in body


def test_invite_with_a_bad_address_says_so(client, call, staff):
    client.force_login(staff)
    response = client.post(
        reverse("backoffice:review_pool", args=[call.pk]),
        {"full_name": "Inès", "email": "pas-une-adresse", "role": "reviewer"},
    )
    body = text(response)
    assert "Saisissez une adresse e-mail" in body
    assert 'value="Inès"' in body


def test_pool_page_lists_members_with_organisation_and_load(client, call, staff, stage):
    person = expert(call, 1)
    AssignmentFactory(stage=stage, reviewer=person)
    client.force_login(staff)
    body = text(client.get(reverse("backoffice:review_pool", args=[call.pk])))
    assert "Expert Numéro 1" in body
    assert "Cabinet 1" in body
    assert "75 — Paris" in body


def test_revoke_an_invitation(client, call, staff):
    invitation = InvitationFactory(call=call)
    client.force_login(staff)
    client.post(reverse("backoffice:invitation_revoke", args=[invitation.pk]))
    invitation.refresh_from_db()
    assert invitation.status == InvitationState.REVOKED
    response = client.post(
        reverse("backoffice:invitation_revoke", args=[invitation.pk]), follow=True
    )
    assert "n'attend plus de réponse" in text(response)


# --- assignments ----------------------------------------------------------------------------


def test_board_add_and_remove_a_reviewer(client, call, staff, stage):
    application = eligible(call)
    person = expert(call, 1)
    client.force_login(staff)
    board = reverse("backoffice:assignment_board", args=[stage.pk])
    assert "Expert Numéro 1" in text(client.get(board))
    response = client.post(
        reverse("backoffice:assignment_add", args=[stage.pk]),
        {"application": application.pk, "reviewer": person.pk, "page": "1"},
    )
    assert response["Location"] == f"{board}?page=1#dossier-{application.pk}"
    assignment = Assignment.objects.get(stage=stage, application=application, reviewer=person)
    client.post(reverse("backoffice:assignment_remove", args=[assignment.pk]))
    assert not Assignment.objects.exists()


def test_board_refusal_is_a_message_not_an_error(client, call, staff, stage):
    application = eligible(call)
    person = expert(call, 1)
    ConflictFactory(application=application, person=person)
    client.force_login(staff)
    response = client.post(
        reverse("backoffice:assignment_add", args=[stage.pk]),
        {"application": application.pk, "reviewer": person.pk},
        follow=True,
    )
    assert "conflit d'intérêts avec ce dossier" in text(response)
    response = client.post(
        reverse("backoffice:assignment_add", args=[stage.pk]),
        {"application": application.pk, "reviewer": staff.pk},
        follow=True,
    )
    assert "Choisissez une personne du vivier de l'étape." in text(response)
    assert not Assignment.objects.exists()


def test_auto_assign_confirms_then_reports(
    client, call, staff, stage, mailoutbox, django_capture_on_commit_callbacks
):
    for n in range(3):
        eligible(call)
        expert(call, n)
    client.force_login(staff)
    url = reverse("backoffice:auto_assign", args=[stage.pk])
    confirm = text(client.get(url))
    assert "Ce qui va se passer" in confirm
    assert "Affectations à créer au plus" in confirm
    assert not Assignment.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, follow=True)
    assert Assignment.objects.filter(stage=stage).count() == 6
    assert "6 affectations créées — 3 évaluateurs prévenus par e-mail." in text(response)
    assert len(mailoutbox) == 3


def test_auto_assign_lists_the_dossiers_left_short(client, call, staff, stage):
    application = eligible(call, title="Dossier orphelin")
    expert(call, 1)
    client.force_login(staff)
    response = client.post(reverse("backoffice:auto_assign", args=[stage.pk]), follow=True)
    body = text(response)
    assert "1 dossier n'a pas pu recevoir 2 évaluateurs" in body
    assert f"{application.reference} (1 sur 2)" in body


def board_queries(client, stage) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("backoffice:assignment_board", args=[stage.pk]))
    assert response.status_code == 200
    return len(captured.captured_queries)


def _add_board_item(call, stage, n):
    application = eligible(call)
    person = expert(call, n)
    AssignmentFactory(stage=stage, application=application, reviewer=person)
    ConflictFactory(application=application, person=UserFactory())


def test_board_runs_constant_queries(client, call, staff, stage, django_assert_num_queries):
    client.force_login(staff)
    _add_board_item(call, stage, 0)
    one = board_queries(client, stage)
    _add_board_item(call, stage, 1)
    _add_board_item(call, stage, 2)
    with django_assert_num_queries(one):
        response = client.get(reverse("backoffice:assignment_board", args=[stage.pk]))
    assert text(response).count("Expert Numéro") >= 3


def test_load_page_counts_and_runs_constant_queries(
    client, call, staff, stage, django_assert_num_queries
):
    client.force_login(staff)
    url = reverse("backoffice:reviewer_load", args=[stage.pk])
    person = expert(call, 0)
    scored(AssignmentFactory(stage=stage, reviewer=person, application=eligible(call)), [1, 1])
    scored(
        AssignmentFactory(stage=stage, reviewer=person, application=eligible(call)),
        [1, None],
        submit=False,
    )
    AssignmentFactory(stage=stage, reviewer=person, application=eligible(call))
    ConflictFactory(application=eligible(call), person=person)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    row = re.search(r"Expert Numéro 0</th>(.*?)</tr>", text(response), re.S).group(1)
    assert re.findall(r'numeric">(\d+)<', row) == ["3", "1", "1", "1", "1"]
    for n in (1, 2):
        other = expert(call, n)
        AssignmentFactory(stage=stage, reviewer=other, application=eligible(call))
    with django_assert_num_queries(len(captured.captured_queries)):
        response = client.get(url)
    assert text(response).count("Expert Numéro") == 3


# --- conflicts ------------------------------------------------------------------------------


def test_conflicts_page_detects_then_confirms_and_clears(client, call, staff, stage):
    application = eligible(call, organisation_name="Commune de Pessac")
    person = expert(call, 1)
    person.call_memberships.update(organisation_name="COMMUNE DE PESSAC")
    client.force_login(staff)
    response = client.post(reverse("backoffice:conflict_detect", args=[call.pk]), follow=True)
    body = text(response)
    assert "1 conflit possible a été trouvé" in body
    assert "Même organisme" in body
    conflict = Conflict.objects.get(application=application, person=person)
    client.post(reverse("backoffice:conflict_confirm", args=[conflict.pk]))
    conflict.refresh_from_db()
    assert conflict.status == ConflictStatus.CONFIRMED
    client.post(reverse("backoffice:conflict_clear", args=[conflict.pk]), {"note": "Autre service"})
    conflict.refresh_from_db()
    assert conflict.status == ConflictStatus.CLEARED
    assert AuditEvent.objects.get(action="conflict.cleared").reason == "Autre service"


def test_conflicts_page_lists_suspected_first_with_constant_queries(
    client, call, staff, django_assert_num_queries
):
    client.force_login(staff)
    url = reverse("backoffice:conflict_list", args=[call.pk])

    def add(status, n):
        ConflictFactory(
            application=eligible(call, title=f"Dossier {status} {n}"),
            person=UserFactory(),
            source=ConflictSource.DETECTED,
            reason=ConflictReason.SAME_ORGANISATION,
            status=status,
        )

    add(ConflictStatus.CONFIRMED, 0)
    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    add(ConflictStatus.SUSPECTED, 1)
    add(ConflictStatus.CLEARED, 2)
    with django_assert_num_queries(len(captured.captured_queries)):
        body = text(client.get(url))
    titles = re.findall(r"Dossier (\w+) \d", body)
    assert titles == ["suspected", "confirmed", "cleared"]


def test_dossier_page_shows_its_assignments_and_conflicts(client, call, staff, stage):
    application = eligible(call)
    person = expert(call, 1)
    AssignmentFactory(stage=stage, application=application, reviewer=person)
    ConflictFactory(application=application, person=UserFactory(full_name="Zoé Voisine"))
    client.force_login(staff)
    body = text(client.get(reverse("backoffice:application_detail", args=[application.pk])))
    assert "Expert Numéro 1 — " in body
    assert "Pas commencée" in body
    assert "Zoé Voisine — Déclaration de l'évaluateur" in body
