"""Staff screening pages: who may see them, the list with its filters and bulk decision
(confirmed on a second page), one dossier against the checklist, the decisions panel of
the staff dossier page, and the query counts."""

import html

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from essaim.applications.enums import ApplicationState as S
from essaim.review.enums import DecisionKind
from essaim.review.models import Decision
from essaim.review.services.decisions import record_decision
from essaim.review.services.screening import screen_application

from ..factories import ApplicationFactory, CallFactory, UserFactory

pytestmark = pytest.mark.django_db

RULES = "Porté par un agent public\nSoutien hiérarchique confirmé"


@pytest.fixture
def rules_call(call):
    call.eligibility_rules = RULES
    call.save(update_fields=["eligibility_rules"])
    return call


@pytest.fixture
def dossier(rules_call, make_submitted):
    return make_submitted(rules_call, title="Accueil téléphonique")


def list_url(call, query=""):
    return reverse("backoffice:call_screening", args=[call.pk]) + query


def form_url(application):
    return reverse("backoffice:application_screening", args=[application.pk])


def text(response) -> str:
    return html.unescape(response.content.decode())


# --- who may see ---------------------------------------------------------------------------


@pytest.fixture
def urls(dossier):
    return [list_url(dossier.call), form_url(dossier)]


def test_screening_pages_send_anonymous_to_login(client, urls):
    for url in urls:
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.parametrize("actor", ["outsider", "applicant", "reviewer"])
def test_screening_pages_refuse_people_without_backoffice_access(client, urls, actor, request):
    client.force_login(request.getfixturevalue(actor))
    for url in urls:
        assert client.get(url).status_code == 403
        assert client.post(url, {"outcome": S.ELIGIBLE}).status_code == 403


def test_screening_pages_hide_from_another_funds_staff(client, urls, dossier, other_fund_staff):
    client.force_login(other_fund_staff)
    for url in urls:
        assert client.get(url).status_code == 404
    response = client.post(form_url(dossier), {"outcome": S.ELIGIBLE})
    assert response.status_code == 404
    dossier.refresh_from_db()
    assert dossier.state == S.SUBMITTED


def test_screening_list_shows_dossiers_to_screen_to_staff(client, staff, dossier):
    client.force_login(staff)
    page = text(client.get(list_url(dossier.call)))
    assert "Accueil téléphonique" in page
    assert f'value="{dossier.pk}"' in page
    assert "Porté par un agent public" in page  # the call's checklist is recalled


def test_call_page_links_to_screening_and_support(client, staff, call):
    client.force_login(staff)
    page = text(client.get(reverse("backoffice:call_detail", args=[call.pk])))
    assert list_url(call) in page
    assert reverse("backoffice:support_rounds", args=[call.pk]) in page


def test_call_page_hides_support_link_without_support_stage(client, staff, fund):
    call = CallFactory(fund=fund, stages=["application", "eligibility", "jury"])
    client.force_login(staff)
    page = text(client.get(reverse("backoffice:call_detail", args=[call.pk])))
    assert list_url(call) in page
    assert reverse("backoffice:support_rounds", args=[call.pk]) not in page


# --- the list and its filters --------------------------------------------------------------


def test_screening_list_filters_by_state(client, staff, rules_call, make_submitted):
    waiting = make_submitted(rules_call, title="Dossier en attente")
    make_submitted(rules_call, title="Dossier recevable", to=[S.ELIGIBLE], actor=staff)
    ApplicationFactory(call=rules_call, title="Brouillon caché")
    client.force_login(staff)

    default = text(client.get(list_url(rules_call)))
    assert "Dossier en attente" in default and "Dossier recevable" not in default
    eligible = text(client.get(list_url(rules_call, "?etat=recevables")))
    assert "Dossier recevable" in eligible and "Dossier en attente" not in eligible
    # only dossiers still to screen can be ticked
    assert 'type="checkbox"' not in eligible
    everything = text(client.get(list_url(rules_call, "?etat=tous")))
    assert "Dossier en attente" in everything and "Dossier recevable" in everything
    assert "Brouillon caché" not in everything
    assert f'value="{waiting.pk}"' in everything


def test_screening_list_shows_latest_decision_and_reason(client, staff, dossier):
    screen_application(
        application=dossier, outcome=S.INELIGIBLE, actor=staff, reason="Porteur privé."
    )
    client.force_login(staff)
    page = text(client.get(list_url(dossier.call, "?etat=non-recevables")))
    assert "Porteur privé." in page


# --- bulk ----------------------------------------------------------------------------------


def test_bulk_decision_asks_for_confirmation_first(client, staff, rules_call, make_submitted):
    a = make_submitted(rules_call, title="Premier")
    b = make_submitted(rules_call, title="Second")
    client.force_login(staff)
    response = client.post(
        list_url(rules_call),
        {"applications": [a.pk, b.pk], "outcome": S.INELIGIBLE, "reason": "Hors champ."},
    )
    page = text(response)
    assert response.status_code == 200
    assert "Confirmer la décision de recevabilité" in page
    assert "Décision pour les 2 dossiers ci-dessous : non recevable." in page
    assert f"{a.reference} — Premier" in page
    assert 'name="confirm"' in page
    assert not Decision.objects.exists()


def test_bulk_decision_confirmed_screens_each_and_reports_failures(
    client, staff, rules_call, make_submitted
):
    a = make_submitted(rules_call)
    b = make_submitted(rules_call)
    screened = make_submitted(rules_call, to=[S.ELIGIBLE], actor=staff)
    client.force_login(staff)
    response = client.post(
        list_url(rules_call),
        {
            "applications": [a.pk, screened.pk, b.pk],
            "outcome": S.INELIGIBLE,
            "reason": "Le porteur n'est pas un agent public.",
            "internal_note": "Vu au téléphone.",
            "confirm": "1",
        },
        follow=True,
    )
    page = text(response)
    assert "2 dossiers déclarés non recevables." in page
    assert f"{screened.reference} n'a pas été modifié" in page
    for application, state in ((a, S.INELIGIBLE), (b, S.INELIGIBLE), (screened, S.ELIGIBLE)):
        application.refresh_from_db()
        assert application.state == state
    decision = Decision.objects.get(application=a)
    assert decision.decided_by == staff
    assert decision.internal_note == "Vu au téléphone."


def test_bulk_ineligible_without_reason_shows_error_and_keeps_selection(
    client, staff, rules_call, make_submitted
):
    a = make_submitted(rules_call)
    b = make_submitted(rules_call)
    client.force_login(staff)
    response = client.post(
        list_url(rules_call),
        {"applications": [a.pk], "outcome": S.INELIGIBLE, "reason": "  ", "confirm": "1"},
    )
    page = text(response)
    assert response.status_code == 200
    assert "<title>Erreur :" in page
    assert "Il y a un problème" in page
    assert 'id="id_reason_error"' in page
    assert "Indiquez le motif : il sera communiqué à l'équipe du projet." in page
    assert f'value="{a.pk}" id="choose-{a.pk}" checked' in page
    assert f'value="{b.pk}" id="choose-{b.pk}">' in page
    assert 'value="ineligible" id="id_outcome_1" required checked' in page
    assert not Decision.objects.exists()


def test_bulk_without_any_dossier_ticked_says_so(client, staff, dossier):
    client.force_login(staff)
    page = text(client.post(list_url(dossier.call), {"outcome": S.ELIGIBLE}))
    assert "Cochez au moins un dossier dans la liste." in page
    assert '<a href="#id_applications">' in page


def test_bulk_refuses_a_dossier_of_another_call(client, staff, dossier, make_submitted):
    stranger = make_submitted(CallFactory(fund=dossier.call.fund))
    client.force_login(staff)
    page = text(
        client.post(
            list_url(dossier.call),
            {"applications": [dossier.pk, stranger.pk], "outcome": S.ELIGIBLE, "confirm": "1"},
        )
    )
    assert "n'est pas un dossier de cet appel" in page
    stranger.refresh_from_db()
    assert stranger.state == S.SUBMITTED


def test_bulk_edit_goes_back_to_the_list_with_everything_kept(client, staff, dossier):
    client.force_login(staff)
    page = text(
        client.post(
            list_url(dossier.call),
            {
                "applications": [dossier.pk],
                "outcome": S.INELIGIBLE,
                "reason": "Motif déjà écrit",
                "edit": "1",
            },
        )
    )
    assert "Motif déjà écrit</textarea>" in page
    assert f'id="choose-{dossier.pk}" checked' in page
    assert "Il y a un problème" not in page


# --- one dossier ---------------------------------------------------------------------------


def test_screening_form_shows_checklist_and_records_it(client, staff, dossier):
    client.force_login(staff)
    page = text(client.get(form_url(dossier)))
    assert 'name="checklist" value="0"' in page
    assert "Soutien hiérarchique confirmé" in page
    assert "Motif communiqué à l'équipe" in page
    assert "Note interne" in page

    response = client.post(
        form_url(dossier),
        {"checklist": ["0", "1"], "outcome": S.ELIGIBLE, "internal_note": "RAS"},
    )
    assert response.status_code == 302
    assert response["Location"] == list_url(dossier.call)
    dossier.refresh_from_db()
    assert dossier.state == S.ELIGIBLE
    decision = dossier.decisions.get()
    assert decision.checklist == {
        "Porté par un agent public": True,
        "Soutien hiérarchique confirmé": True,
    }
    assert decision.internal_note == "RAS"


def test_screening_form_ineligible_without_reason_keeps_what_was_typed(client, staff, dossier):
    client.force_login(staff)
    response = client.post(
        form_url(dossier),
        {"checklist": ["1"], "outcome": S.INELIGIBLE, "internal_note": "Note gardée"},
    )
    page = text(response)
    assert "<title>Erreur :" in page
    assert 'id="id_reason_error"' in page
    assert "Note gardée</textarea>" in page
    assert 'value="1" id="id_checklist_1" checked' in page
    dossier.refresh_from_db()
    assert dossier.state == S.SUBMITTED


def test_screening_form_without_outcome_says_so(client, staff, dossier):
    client.force_login(staff)
    page = text(client.post(form_url(dossier), {}))
    assert "Choisissez « Recevable » ou « Non recevable »." in page


def test_screening_form_for_screened_dossier_has_no_form(client, staff, dossier):
    screen_application(application=dossier, outcome=S.ELIGIBLE, actor=staff)
    client.force_login(staff)
    page = text(client.get(form_url(dossier)))
    assert "n'est plus à décider" in page
    assert 'name="outcome"' not in page
    response = client.post(form_url(dossier), {"outcome": S.INELIGIBLE, "reason": "x"})
    assert response.status_code == 302
    assert dossier.decisions.count() == 1


# --- the decisions panel of the staff dossier page -----------------------------------------


def test_dossier_page_lists_every_decision_with_internal_note(client, staff, dossier):
    detail = reverse("backoffice:application_detail", args=[dossier.pk])
    client.force_login(staff)
    page = text(client.get(detail))
    assert form_url(dossier) in page  # still to screen: the way to the form
    assert "Aucune décision n'a encore été prise" in page

    screen_application(
        application=dossier,
        outcome=S.ELIGIBLE,
        actor=staff,
        internal_note="Appel au DGS fait.",
        checklist={"Porté par un agent public": True},
    )
    record_decision(
        application=dossier,
        kind=DecisionKind.SHORTLIST,
        outcome=S.SHORTLISTED,
        actor=staff,
        reason="Très collectif.",
    )
    page = text(client.get(detail))
    assert form_url(dossier) not in page
    assert "Appel au DGS fait." in page
    assert "Très collectif." in page
    assert "Porté par un agent public — <strong>rempli</strong>" in page
    assert "Soutien hiérarchique confirmé — <strong>non rempli</strong>" in page
    assert page.index("Première sélection") < page.index("Appel au DGS fait.")


# --- query counts --------------------------------------------------------------------------


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_screening_list_constant_queries(
    client, staff, rules_call, make_submitted, django_assert_num_queries
):
    first = make_submitted(rules_call)
    screen_application(application=first, outcome=S.ELIGIBLE, actor=staff)
    client.force_login(staff)
    url = list_url(rules_call, "?etat=tous")
    one = _count(client, url)
    for _ in range(2):
        other = make_submitted(rules_call)
        screen_application(application=other, outcome=S.INELIGIBLE, actor=staff, reason="Non")
    with django_assert_num_queries(one):
        client.get(url)


def test_dossier_decisions_panel_constant_queries(
    client, staff, dossier, django_assert_num_queries
):
    detail = reverse("backoffice:application_detail", args=[dossier.pk])
    screen_application(application=dossier, outcome=S.ELIGIBLE, actor=staff)
    client.force_login(staff)
    one = _count(client, detail)
    # rows as a long history would leave them (the state stays, so other panels do not move)
    for n in range(2):
        Decision.objects.create(
            application=dossier,
            kind=DecisionKind.ELIGIBILITY,
            outcome=S.ELIGIBLE,
            reason=f"Décision {n}",
            decided_by=UserFactory(),
        )
    with django_assert_num_queries(one):
        client.get(detail)


def test_a_reason_too_long_is_not_also_said_missing(client, staff, dossier):
    client.force_login(staff)
    page = text(client.post(form_url(dossier), {"outcome": S.INELIGIBLE, "reason": "x" * 5400}))
    assert "retirez-en" in page or "au plus" in page
    assert "Indiquez le motif" not in page


def test_recevable_asks_every_criterion_of_the_checklist(client, staff, dossier):
    client.force_login(staff)
    response = client.post(
        form_url(dossier),
        {"checklist": ["0"], "outcome": S.ELIGIBLE, "internal_note": "Presque"},
    )
    page = text(response)
    assert 'id="id_checklist_error"' in page
    assert "cochez-les tous" in page
    assert "Presque</textarea>" in page
    dossier.refresh_from_db()
    assert dossier.state == S.SUBMITTED
