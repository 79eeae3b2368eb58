"""Staff support-round pages: who may see them, opening a round (confirmed on a second
page), following and closing it, the versions panel of the dossier page, the version diff,
and the query counts."""

import datetime as dt
import html

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from essaim.applications.enums import ApplicationState as S
from essaim.applications.services.drafts import application_save_fields
from essaim.review.enums import SupportRoundStatus
from essaim.review.models import SupportFeedback, SupportRound
from essaim.review.services.support_rounds import open_round, submit_revision

from ..factories import ApplicationFactory, CallFactory, shortlisted

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return html.unescape(response.content.decode())


def _deadline_field(days=7) -> str:
    moment = timezone.localtime(timezone.now() + dt.timedelta(days=days))
    return moment.strftime("%Y-%m-%dT%H:%M")


@pytest.fixture
def dossier(call, staff):
    return shortlisted(
        ApplicationFactory(call=call, complete=True, ready=True, title="Accueil téléphonique"),
        actor=staff,
    )


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


@pytest.fixture
def revised(support_round, dossier):
    """The team answered: version 2 with a changed problem."""
    owner = dossier.created_by
    application_save_fields(
        application=dossier,
        user=owner,
        data={"problem": "Les usagers attendent <b>trop</b> longtemps au guichet."},
    )
    return submit_revision(application=dossier, user=owner)


def rounds_url(call):
    return reverse("backoffice:support_rounds", args=[call.pk])


def open_url(call):
    return reverse("backoffice:support_round_open", args=[call.pk])


def detail_url(support_round):
    return reverse(
        "backoffice:support_round_detail", args=[support_round.call_id, support_round.pk]
    )


def close_url(support_round):
    return reverse("backoffice:support_round_close", args=[support_round.call_id, support_round.pk])


def diff_url(application, query=""):
    return reverse("backoffice:version_diff", args=[application.pk]) + query


# --- who may see ---------------------------------------------------------------------------


@pytest.fixture
def urls(support_round, dossier):
    call = support_round.call
    return [
        rounds_url(call),
        open_url(call),
        detail_url(support_round),
        close_url(support_round),
        diff_url(dossier),
    ]


def test_support_pages_send_anonymous_to_login(client, urls):
    for url in urls:
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.parametrize("actor", ["outsider", "applicant", "reviewer"])
def test_support_pages_refuse_people_without_backoffice_access(client, urls, actor, request):
    client.force_login(request.getfixturevalue(actor))
    for url in urls:
        assert client.get(url).status_code == 403


def test_support_pages_hide_from_another_funds_staff(client, urls, support_round, other_fund_staff):
    client.force_login(other_fund_staff)
    for url in urls:
        assert client.get(url).status_code == 404
    assert client.post(close_url(support_round)).status_code == 404
    support_round.refresh_from_db()
    assert support_round.status == SupportRoundStatus.OPEN


def test_support_pages_answer_staff(client, urls, staff):
    client.force_login(staff)
    for url in urls:
        assert client.get(url).status_code == 200


def test_round_of_another_call_is_not_found(client, staff, support_round, fund):
    other_call = CallFactory(fund=fund)
    client.force_login(staff)
    url = reverse("backoffice:support_round_detail", args=[other_call.pk, support_round.pk])
    assert client.get(url).status_code == 404


def test_support_pages_not_found_without_support_stage(client, staff, fund):
    call = CallFactory(fund=fund, stages=["application", "eligibility", "jury"])
    client.force_login(staff)
    assert client.get(rounds_url(call)).status_code == 404
    assert client.get(open_url(call)).status_code == 404


# --- opening -------------------------------------------------------------------------------


def test_open_form_lists_shortlisted_dossiers_with_their_feedback_field(client, staff, dossier):
    ApplicationFactory(call=dossier.call, title="Brouillon à ignorer")
    client.force_login(staff)
    page = text(client.get(open_url(dossier.call)))
    assert f"{dossier.reference} — Accueil téléphonique" in page
    assert f'name="feedback_{dossier.pk}"' in page
    assert f'name="include_{dossier.pk}"' in page
    assert "Brouillon à ignorer" not in page


def test_open_round_confirms_then_opens_and_mails(
    client, staff, dossier, mailoutbox, django_capture_on_commit_callbacks
):
    data = {
        "title": "Appui de printemps",
        "message": "Précisez votre calendrier.",
        "deadline": _deadline_field(),
        f"include_{dossier.pk}": "on",
        f"feedback_{dossier.pk}": "Détaillez le budget.",
    }
    client.force_login(staff)
    confirm = text(client.post(open_url(dossier.call), data))
    assert "Confirmer l'ouverture de la session d'appui" in confirm
    assert "Détaillez le budget." in confirm
    assert not SupportRound.objects.exists()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(open_url(dossier.call), {**data, "confirm": "1"})
    support_round = SupportRound.objects.get()
    assert response.status_code == 302
    assert response["Location"] == detail_url(support_round)
    dossier.refresh_from_db()
    assert dossier.state == S.IN_SUPPORT
    assert SupportFeedback.objects.get().feedback == "Détaillez le budget."
    assert len(mailoutbox) == 1
    page = text(client.get(response["Location"]))
    assert "La session d'appui est ouverte : 1 équipe est prévenue par e-mail." in page


def test_open_round_confirmation_page_round_trips_every_field(client, staff, dossier):
    """The hidden fields of the confirmation page post back exactly what was typed."""
    data = {
        "title": "Appui",
        "message": "",
        "deadline": _deadline_field(),
        f"include_{dossier.pk}": "on",
        f"feedback_{dossier.pk}": "Retour « précis » & <complet>",
    }
    client.force_login(staff)
    page = client.post(open_url(dossier.call), data).content.decode()
    assert "&lt;complet&gt;" in page
    client.post(open_url(dossier.call), {**data, "confirm": "1"})
    assert SupportFeedback.objects.get().feedback == "Retour « précis » & <complet>"


def test_open_round_feedback_required_for_each_chosen_dossier(client, staff, dossier):
    client.force_login(staff)
    response = client.post(
        open_url(dossier.call),
        {
            "title": "Appui",
            "deadline": _deadline_field(),
            f"include_{dossier.pk}": "on",
            f"feedback_{dossier.pk}": "  ",
            "message": "Message gardé",
        },
    )
    page = text(response)
    assert "<title>Erreur :" in page
    assert f'id="id_feedback_{dossier.pk}_error"' in page
    assert "Écrivez vos retours à l'équipe de ce dossier." in page
    assert "Message gardé</textarea>" in page
    assert not SupportRound.objects.exists()


def test_open_round_without_dossier_or_with_past_deadline(client, staff, dossier):
    client.force_login(staff)
    page = text(
        client.post(
            open_url(dossier.call),
            {"title": "Appui", "deadline": _deadline_field(days=-1), f"feedback_{dossier.pk}": "x"},
        )
    )
    assert "Choisissez au moins un dossier présélectionné." in page
    assert "La date limite doit être à venir" in page
    assert not SupportRound.objects.exists()


# --- following and closing -----------------------------------------------------------------


def test_round_detail_shows_feedback_and_new_versions(client, staff, support_round, dossier):
    client.force_login(staff)
    page = text(client.get(detail_url(support_round)))
    assert "Détaillez le budget du prototype." in page
    assert "Pas encore de nouvelle version" in page
    assert close_url(support_round) in page

    application_save_fields(
        application=dossier, user=dossier.created_by, data={"idea": "Une idée revue."}
    )
    submit_revision(application=dossier, user=dossier.created_by)
    page = text(client.get(detail_url(support_round)))
    assert "Version 2, déposée le" in page
    assert diff_url(dossier, "?de=1&a=2") in page


def test_close_round_confirms_then_closes(client, staff, support_round, dossier):
    client.force_login(staff)
    confirm = text(client.get(close_url(support_round)))
    assert "1 équipe n'a pas déposé de nouvelle version" in confirm
    assert f"{dossier.reference} — Accueil téléphonique" in confirm
    support_round.refresh_from_db()
    assert support_round.status == SupportRoundStatus.OPEN

    response = client.post(close_url(support_round), follow=True)
    page = text(response)
    assert "est close : les dossiers sont de nouveau présélectionnés" in page
    support_round.refresh_from_db()
    dossier.refresh_from_db()
    assert support_round.status == SupportRoundStatus.CLOSED
    assert dossier.state == S.SHORTLISTED
    assert close_url(support_round) not in page


def test_close_page_of_closed_round_goes_back_to_detail(client, staff, support_round):
    client.force_login(staff)
    client.post(close_url(support_round))
    response = client.get(close_url(support_round))
    assert response.status_code == 302
    assert response["Location"] == detail_url(support_round)


# --- the versions panel and the diff -------------------------------------------------------


def test_dossier_page_shows_versions_and_feedback(client, staff, support_round, dossier, revised):
    client.force_login(staff)
    page = text(client.get(reverse("backoffice:application_detail", args=[dossier.pk])))
    assert "Appui et versions déposées" in page
    assert "Détaillez le budget du prototype." in page
    assert "Version 2" in page
    assert revised.sha256 in page
    assert diff_url(dossier, "?de=1&a=2") in page


def test_diff_page_defaults_to_previous_against_latest(client, staff, dossier, revised):
    client.force_login(staff)
    response = client.get(diff_url(dossier))
    raw = response.content.decode()
    assert "La version 2" in text(response)
    assert "1 champ modifié" in text(response)
    assert '<ins><span class="visually-hidden">ajouté : </span>guichet</ins>' in raw
    assert '<del><span class="visually-hidden">supprimé : </span>téléphone</del>' in raw
    # what the team typed is escaped, never markup
    assert "<b>" not in raw.split('class="version-diff"', 1)[1]
    assert "&lt;b&gt;" in raw
    # unchanged fields are folded away
    assert "<details>" in raw
    assert "3 champs inchangés" in text(response)


def test_diff_page_compares_chosen_versions_and_refuses_same_one(client, staff, dossier, revised):
    application_save_fields(
        application=dossier, user=dossier.created_by, data={"idea": "Troisième idée."}
    )
    submit_revision(application=dossier, user=dossier.created_by)
    client.force_login(staff)
    page = text(client.get(diff_url(dossier, "?de=1&a=3")))
    assert "La version 3 (déposée le" in page and "comparée à la version 1" in page
    assert "2 champs modifiés" in page
    same = text(client.get(diff_url(dossier, "?de=2&a=2")))
    assert "Choisissez deux versions différentes." in same
    bad = client.get(diff_url(dossier, "?de=9&a=abc"))
    assert bad.status_code == 200
    assert "Il y a un problème" in text(bad)


def test_diff_page_with_a_single_version(client, staff, dossier):
    client.force_login(staff)
    page = text(client.get(diff_url(dossier)))
    assert "n'a qu'une version déposée" in page


# --- query counts --------------------------------------------------------------------------


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def _round(call, staff, n):
    dossier = shortlisted(ApplicationFactory(call=call, complete=True, ready=True), actor=staff)
    return open_round(
        call=call,
        title=f"Session {n}",
        message="",
        deadline=timezone.now() + dt.timedelta(days=7),
        feedbacks={dossier: f"Retour {n}"},
        actor=staff,
    )


def test_round_list_constant_queries(client, staff, call, django_assert_num_queries):
    _round(call, staff, 1)
    client.force_login(staff)
    one = _count(client, rounds_url(call))
    _round(call, staff, 2)
    _round(call, staff, 3)
    with django_assert_num_queries(one):
        client.get(rounds_url(call))


def test_round_detail_constant_queries(client, staff, call, django_assert_num_queries):
    dossiers = [
        shortlisted(ApplicationFactory(call=call, complete=True, ready=True), actor=staff)
        for _ in range(3)
    ]
    one_round = open_round(
        call=call,
        title="Une",
        message="",
        deadline=timezone.now() + dt.timedelta(days=7),
        feedbacks={dossiers[0]: "Retour"},
        actor=staff,
    )
    three_rounds = open_round(
        call=call,
        title="Trois",
        message="",
        deadline=timezone.now() + dt.timedelta(days=7),
        feedbacks={d: "Retour" for d in dossiers[1:]},
        actor=staff,
    )
    extra = shortlisted(ApplicationFactory(call=call, complete=True, ready=True), actor=staff)
    SupportFeedback.objects.create(round=three_rounds, application=extra, feedback="Retour")
    client.force_login(staff)
    one = _count(client, detail_url(one_round))
    with django_assert_num_queries(one):
        client.get(detail_url(three_rounds))


def test_open_form_constant_queries(client, staff, call, django_assert_num_queries):
    shortlisted(ApplicationFactory(call=call, complete=True, ready=True), actor=staff)
    client.force_login(staff)
    one = _count(client, open_url(call))
    for _ in range(2):
        shortlisted(ApplicationFactory(call=call, complete=True, ready=True), actor=staff)
    with django_assert_num_queries(one):
        client.get(open_url(call))
