"""The staff pages of the accompaniment set-up: the call's page (template, cohorts,
laureates), phases, cohorts, coaches and evaluators, placing and finishing a laureate, the
panels of the call and dossier pages. Anyone but the call's staff gets 404; the call's page
runs a constant number of queries."""

import datetime as dt
import html

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from essaim.accompaniment.enums import PhaseStatus
from essaim.accompaniment.models import Accompaniment, Cohort, PhaseTemplate
from essaim.accompaniment.services.setup import apply_default_template, start_accompaniment
from essaim.applications.enums import ApplicationState
from essaim.funds.models import Invitation

from ..factories import (
    ApplicationFactory,
    CallMembershipFactory,
    CohortFactory,
    InvitationFactory,
    UserFactory,
    laureate,
)

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return html.unescape(response.content.decode())


@pytest.fixture
def coach(call):
    user = UserFactory(email="camille@agence-design.fr", full_name="Camille Accompagnante")
    CallMembershipFactory(call=call, user=user, role="coach")
    return user


@pytest.fixture
def evaluator(call):
    user = UserFactory(email="eve@evaluation.fr", full_name="Ève Évaluatrice")
    CallMembershipFactory(call=call, user=user, role="evaluator")
    return user


@pytest.fixture
def winner(call, applicant):
    return laureate(
        ApplicationFactory(call=call, created_by=applicant, complete=True, title="Accueil repensé")
    )


@pytest.fixture
def spring(call):
    return CohortFactory(
        call=call, name="Printemps", starts_on=dt.date(2026, 3, 2), ends_on=dt.date(2026, 5, 29)
    )


@pytest.fixture
def template(call, staff):
    return apply_default_template(call=call, actor=staff)


@pytest.fixture
def started(staff, coach, winner, template, spring):
    return start_accompaniment(
        application=winner, cohort=spring, coach=coach, evaluator=None, actor=staff
    )


# --- permissions --------------------------------------------------------------------------


def urls(call, started, template, spring):
    invitation = InvitationFactory(call=call, role="coach")
    application = started.application
    get = [
        reverse("backoffice:call_accompaniment", args=[call.pk]),
        reverse("backoffice:accompaniment_phase_create", args=[call.pk]),
        reverse("backoffice:accompaniment_phase_edit", args=[template[0].pk]),
        reverse("backoffice:accompaniment_phase_delete", args=[template[0].pk]),
        reverse("backoffice:accompaniment_cohort_create", args=[call.pk]),
        reverse("backoffice:accompaniment_cohort_edit", args=[spring.pk]),
        reverse("backoffice:accompaniment_people", args=[call.pk]),
        reverse("backoffice:accompaniment_placement", args=[application.pk]),
        reverse("backoffice:accompaniment_finish", args=[application.pk]),
    ]
    post = [
        reverse("backoffice:accompaniment_template_default", args=[call.pk]),
        reverse("backoffice:accompaniment_phase_move", args=[template[0].pk]),
        reverse("backoffice:accompaniment_invitation_resend", args=[invitation.pk]),
        reverse("backoffice:accompaniment_invitation_revoke", args=[invitation.pk]),
    ]
    return get, post


@pytest.mark.parametrize("who", ["other_fund_staff", "coach", "evaluator", "applicant", "outsider"])
def test_everyone_but_the_calls_staff_gets_404(
    client, request, who, call, started, template, spring
):
    get, post = urls(call, started, template, spring)
    client.force_login(request.getfixturevalue(who))
    for url in get:
        assert client.get(url).status_code == 404, url
    for url in get + post:
        assert client.post(url, {"direction": "down", "name": "x"}).status_code == 404, url
    assert PhaseTemplate.objects.get(pk=template[0].pk).position == 0
    assert not Invitation.objects.filter(status="revoked").exists()


def test_anonymous_is_sent_to_log_in(client, call, started, template, spring):
    get, post = urls(call, started, template, spring)
    for url in get + post:
        response = client.get(url)
        assert response.status_code == 302 and "/compte/login/" in response["Location"], url


def test_platform_admin_reaches_the_page(client, platform_admin, call):
    client.force_login(platform_admin)
    assert client.get(reverse("backoffice:call_accompaniment", args=[call.pk])).status_code == 200


# --- the template -------------------------------------------------------------------------


def test_empty_call_offers_the_default_template_in_one_click(client, staff, call):
    client.force_login(staff)
    url = reverse("backoffice:call_accompaniment", args=[call.pk])
    assert "Utiliser le modèle par défaut" in text(client.get(url))
    response = client.post(reverse("backoffice:accompaniment_template_default", args=[call.pk]))
    assert response.status_code == 302
    page = text(client.get(url))
    assert "Utiliser le modèle par défaut" not in page
    for name in ("Entretiens usagers", "Test du prototype", "Consolidation", "20 semaines"):
        assert name in page
    # a second click changes nothing
    client.post(reverse("backoffice:accompaniment_template_default", args=[call.pk]))
    assert PhaseTemplate.objects.filter(call=call).count() == 4


def test_add_a_phase_with_an_error_keeps_what_was_typed(client, staff, call, template):
    client.force_login(staff)
    url = reverse("backoffice:accompaniment_phase_create", args=[call.pk])
    response = client.post(
        url, {"name": "Déploiement", "default_weeks": "trois", "deliverables": "Plan"}
    )
    page = text(response)
    assert response.status_code == 200
    assert page.count("Saisissez un nombre entier de semaines") == 2  # summary and field
    assert 'value="Déploiement"' in page and "Plan</textarea>" in page
    assert "<title>Erreur :" in page
    response = client.post(url, {"name": "Déploiement", "default_weeks": "3", "deliverables": ""})
    assert response.status_code == 302
    assert PhaseTemplate.objects.get(call=call, name="Déploiement").position == 4


def test_edit_move_and_remove_a_phase(client, staff, call, template):
    client.force_login(staff)
    first = template[0]
    client.post(
        reverse("backoffice:accompaniment_phase_edit", args=[first.pk]),
        {"name": "Entretiens", "default_weeks": "3", "deliverables": "Guide"},
    )
    first.refresh_from_db()
    assert (first.name, first.default_weeks, first.deliverables) == ("Entretiens", 3, "Guide")
    client.post(
        reverse("backoffice:accompaniment_phase_move", args=[first.pk]), {"direction": "down"}
    )
    first.refresh_from_db()
    assert first.position == 1
    page = text(client.get(reverse("backoffice:accompaniment_phase_delete", args=[first.pk])))
    assert "Retirer la phase « Entretiens » du modèle ?" in page
    client.post(reverse("backoffice:accompaniment_phase_delete", args=[first.pk]))
    assert not PhaseTemplate.objects.filter(pk=first.pk).exists()


# --- cohorts ------------------------------------------------------------------------------


def test_create_and_edit_cohorts(client, staff, call):
    client.force_login(staff)
    url = reverse("backoffice:accompaniment_cohort_create", args=[call.pk])
    response = client.post(
        url, {"name": "Printemps", "starts_on": "2026-05-29", "ends_on": "2026-03-02"}
    )
    assert "La fin doit venir après le début." in text(response)
    assert 'value="Printemps"' in text(response)
    client.post(url, {"name": "Printemps", "starts_on": "02/03/2026", "ends_on": "29/05/2026"})
    client.post(url, {"name": "Été", "starts_on": "2026-07-01", "ends_on": "2026-09-30"})
    summer = Cohort.objects.get(call=call, name="Été")
    client.post(
        reverse("backoffice:accompaniment_cohort_edit", args=[summer.pk]),
        {"name": "Été", "starts_on": "2026-07-06", "ends_on": "2026-09-25"},
    )
    summer.refresh_from_db()
    assert summer.starts_on == dt.date(2026, 7, 6)
    page = text(client.get(reverse("backoffice:call_accompaniment", args=[call.pk])))
    assert page.index("Printemps") < page.index("Été")
    assert "Du 6\u00a0juillet 2026 au 25\u00a0septembre 2026" in page


# --- coaches and evaluators ---------------------------------------------------------------


def test_invite_a_coach(client, staff, call, mailoutbox, django_capture_on_commit_callbacks):
    client.force_login(staff)
    url = reverse("backoffice:accompaniment_people", args=[call.pk])
    page = text(client.get(url))
    assert 'value="evaluator"' not in page  # the call has no independent evaluation
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url, {"full_name": "Camille", "email": "camille@agence.fr", "role": "coach"}
        )
    assert response.status_code == 302
    invitation = Invitation.objects.get(call=call)
    assert invitation.role == "coach"
    assert mailoutbox[0].to == ["camille@agence.fr"]
    assert "accompagner" in mailoutbox[0].body
    assert "camille@agence.fr" in text(client.get(url))
    response = client.post(url, {"full_name": "X", "email": "x@agence.fr", "role": "evaluator"})
    assert "Choisissez un rôle de la liste." in text(response)


def test_evaluators_offered_when_the_call_wants_them(client, staff, call):
    call.has_independent_evaluation = True
    call.save(update_fields=["has_independent_evaluation"])
    client.force_login(staff)
    page = text(client.get(reverse("backoffice:accompaniment_people", args=[call.pk])))
    assert 'value="evaluator"' in page


# --- placing a laureate -------------------------------------------------------------------


def test_place_a_laureate_from_the_call_page(
    client,
    staff,
    call,
    coach,
    winner,
    template,
    spring,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    client.force_login(staff)
    page = text(client.get(reverse("backoffice:call_accompaniment", args=[call.pk])))
    assert f'id="placer-{winner.pk}"' in page
    assert "Camille Accompagnante" in page
    url = reverse("backoffice:accompaniment_placement", args=[winner.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"cohort": str(spring.pk), "coach": str(coach.pk)})
    assert response.status_code == 302
    winner.refresh_from_db()
    assert winner.state == ApplicationState.IN_ACCOMPANIMENT
    assert winner.accompaniment.coach == coach
    assert mailoutbox[0].to == [coach.email]
    page = text(client.get(reverse("backoffice:call_accompaniment", args=[call.pk])))
    assert f'id="placer-{winner.pk}"' not in page
    assert "0 sur 4" in page


def test_placing_without_a_coach_shows_the_error_and_keeps_the_cohort(
    client, staff, call, coach, winner, template, spring
):
    client.force_login(staff)
    url = reverse("backoffice:accompaniment_placement", args=[winner.pk])
    response = client.post(url, {"cohort": str(spring.pk), "coach": ""})
    page = text(response)
    assert response.status_code == 200
    assert "Choisissez l'accompagnant du lauréat." in page
    assert f'<option value="{spring.pk}" selected>' in page
    assert not Accompaniment.objects.exists()


def test_placing_needs_the_template_first(client, staff, call, coach, winner, spring):
    client.force_login(staff)
    url = reverse("backoffice:accompaniment_placement", args=[winner.pk])
    response = client.post(url, {"cohort": str(spring.pk), "coach": str(coach.pk)})
    assert "Définissez d'abord les phases" in text(response)
    winner.refresh_from_db()
    assert winner.state == ApplicationState.LAUREATE


def test_change_the_coach(
    client, staff, call, started, mailoutbox, django_capture_on_commit_callbacks
):
    other = UserFactory(email="paul@agence.fr", full_name="Paul Accompagnant")
    CallMembershipFactory(call=call, user=other, role="coach")
    client.force_login(staff)
    url = reverse("backoffice:accompaniment_placement", args=[started.application.pk])
    assert "Modifier l'accompagnement" in text(client.get(url))
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"cohort": str(started.cohort_id), "coach": str(other.pk)})
    started.refresh_from_db()
    assert started.coach == other
    assert [m.to for m in mailoutbox] == [[other.email]]


def test_finish_early_needs_a_reason(client, staff, started):
    client.force_login(staff)
    application = started.application
    url = reverse("backoffice:accompaniment_finish", args=[application.pk])
    page = text(client.get(url))
    assert "4 phases ne sont pas terminées" in page
    response = client.post(url, {"reason": ""})
    assert "indiquez pourquoi" in text(response)
    response = client.post(url, {"reason": "L'équipe arrête."})
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.state == ApplicationState.ACCOMPANIED


def test_finish_when_all_phases_are_done(client, staff, started):
    started.phases.update(status=PhaseStatus.DONE)
    client.force_login(staff)
    url = reverse("backoffice:accompaniment_finish", args=[started.application.pk])
    assert "Toutes les phases sont terminées." in text(client.get(url))
    client.post(url, {})
    started.application.refresh_from_db()
    assert started.application.state == ApplicationState.ACCOMPANIED


# --- panels -------------------------------------------------------------------------------


def test_call_page_links_to_the_accompaniment(client, staff, call):
    client.force_login(staff)
    page = text(client.get(reverse("backoffice:call_detail", args=[call.pk])))
    assert reverse("backoffice:call_accompaniment", args=[call.pk]) in page


def test_dossier_panel_summarises_the_accompaniment(client, staff, started):
    client.force_login(staff)
    page = text(client.get(reverse("backoffice:application_detail", args=[started.application.pk])))
    assert "Printemps" in page and "Camille Accompagnante" in page
    assert "Entretiens usagers" in page and "2\u00a0mars 2026 – 29\u00a0mars 2026" in page
    assert "Aucun jalon ouvert" in page
    assert reverse("backoffice:accompaniment_finish", args=[started.application.pk]) in page


def test_dossier_panel_before_the_start(client, staff, winner):
    client.force_login(staff)
    page = text(client.get(reverse("backoffice:application_detail", args=[winner.pk])))
    assert "L'accompagnement de ce lauréat n'a pas commencé." in page


# --- query count --------------------------------------------------------------------------


def _count(client, call) -> int:
    url = reverse("backoffice:call_accompaniment", args=[call.pk])
    client.get(url)  # warm up caches (sessions, content types)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_call_page_query_count_is_constant(client, staff, call, coach, template, spring):
    client.force_login(staff)

    def add(n):
        for _ in range(n):
            application = laureate(ApplicationFactory(call=call, complete=True))
            if _ % 2:
                start_accompaniment(
                    application=application, cohort=spring, coach=coach, evaluator=None, actor=staff
                )

    add(1)
    one = _count(client, call)
    add(3)
    four = _count(client, call)
    # session, user, roles, call, phases, cohorts, laureates, coaches and evaluators, invitations
    assert one == four == 9


def test_a_coach_accepts_the_invitation_and_lands_in_the_coaching_space(client, call):
    invitation = InvitationFactory(call=call, role="coach", email="paul@agence.fr")
    paul = UserFactory(email="paul@agence.fr")
    client.force_login(paul)
    url = reverse("reviewers:accept_invitation", args=[invitation.token])
    response = client.post(
        url, {"organisation_name": "Agence Design", "organisation_departement": ""}
    )
    assert call.memberships.filter(user=paul, role="coach").exists()
    assert response["Location"] == reverse("coaching:home")
    assert client.get(response["Location"]).status_code == 200
