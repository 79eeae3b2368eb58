"""The jury pages of the back-office: who may open them, the deliberation (its queries, its
forms and their errors), the decisions with their confirmation, closing a session, and the
minutes PDF read back with pdftotext."""

import datetime as dt
import html
import re
import shutil
import subprocess

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from essaim.applications.enums import ApplicationState
from essaim.funds.enums import FundRole
from essaim.review.enums import ConflictStatus, JurySessionStatus
from essaim.review.models import Decision, JuryMember, JurySession
from essaim.review.services.jury import (
    Seat,
    jury_attendance_record,
    jury_members_set,
    record_jury_decision,
)

from ..factories import (
    ApplicationFactory,
    AssignmentFactory,
    CallMembershipFactory,
    ConflictFactory,
    JuryItemFactory,
    JuryMemberFactory,
    JurySessionFactory,
    ReviewStageFactory,
    UserFactory,
    scored,
    submitted,
)

pytestmark = pytest.mark.django_db


def shortlisted(call, title=None):
    fields = {"title": title} if title else {}
    return submitted(
        ApplicationFactory(call=call, complete=True, **fields),
        state=ApplicationState.SHORTLISTED,
    )


@pytest.fixture
def session(call):
    return JurySessionFactory(call=call, title="Jury final 2024")


@pytest.fixture
def dossier(session):
    application = shortlisted(session.call, "Un accueil qui répond")
    JuryItemFactory(session=session, application=application, position=1)
    return application


def deliberation_url(session):
    return reverse("backoffice:jury_deliberation", args=[session.pk])


def decision_url(session, application):
    return reverse("backoffice:jury_decision", args=[session.pk, application.pk])


def page_text(response) -> str:
    """The page's HTML with entities decoded and white space collapsed."""
    return re.sub(r"\s+", " ", html.unescape(response.content.decode()))


# --- who may open the pages ---------------------------------------------------------------


@pytest.fixture
def urls(session, dossier):
    call = session.call
    return {
        "jury_sessions": ("get", reverse("backoffice:jury_sessions", args=[call.pk])),
        "jury_session_create": (
            "get",
            reverse("backoffice:jury_session_create", args=[call.pk]),
        ),
        "jury_deliberation": ("get", deliberation_url(session)),
        "jury_session_edit": ("get", reverse("backoffice:jury_session_edit", args=[session.pk])),
        "jury_members": ("get", reverse("backoffice:jury_members", args=[session.pk])),
        "jury_items": ("get", reverse("backoffice:jury_items", args=[session.pk])),
        "jury_hold": ("get", reverse("backoffice:jury_hold", args=[session.pk])),
        "jury_minutes": ("get", reverse("backoffice:jury_minutes", args=[session.pk])),
        "jury_attendance": ("post", reverse("backoffice:jury_attendance", args=[session.pk])),
        "jury_decision": ("post", decision_url(session, dossier)),
        "jury_abstentions": (
            "post",
            reverse("backoffice:jury_abstentions", args=[session.pk, dossier.pk]),
        ),
    }


VIEWS = [
    "jury_sessions",
    "jury_session_create",
    "jury_deliberation",
    "jury_session_edit",
    "jury_members",
    "jury_items",
    "jury_hold",
    "jury_minutes",
    "jury_attendance",
    "jury_decision",
    "jury_abstentions",
]


def _ask(client, urls, view, data=None):
    method, url = urls[view]
    return getattr(client, method)(url, data or {})


@pytest.mark.parametrize("view", VIEWS)
def test_jury_view_anonymous_sent_to_login(client, urls, view):
    response = _ask(client, urls, view)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.parametrize("view", VIEWS)
@pytest.mark.parametrize("actor", ["outsider", "juror", "reviewer"])
def test_jury_view_refused_without_backoffice_access(client, urls, view, actor, request):
    client.force_login(request.getfixturevalue(actor))
    assert _ask(client, urls, view, {"d0-outcome": "laureate"}).status_code == 403
    assert not Decision.objects.exists()


@pytest.mark.parametrize("view", VIEWS)
def test_jury_view_other_fund_staff_get_404(client, urls, view, other_fund_staff):
    client.force_login(other_fund_staff)
    assert _ask(client, urls, view).status_code == 404


@pytest.mark.parametrize(
    "view",
    [v for v in VIEWS if v not in ("jury_attendance", "jury_decision", "jury_abstentions")],
)
def test_jury_view_staff_get_the_page(client, urls, view, staff, session):
    client.force_login(staff)
    response = _ask(client, urls, view)
    assert response.status_code == 200
    if view == "jury_minutes":
        assert response["Content-Type"] == "application/pdf"
    elif view != "jury_session_create":
        assert session.title in response.content.decode()


def test_juror_seated_on_session_still_refused(client, session, juror):
    JuryMemberFactory(session=session, user=juror)
    client.force_login(juror)
    assert client.get(deliberation_url(session)).status_code == 403


def test_jury_decision_on_dossier_of_another_session_is_404(client, staff, session, dossier):
    other = JurySessionFactory(call=session.call)
    client.force_login(staff)
    response = client.post(decision_url(other, dossier), {f"d{dossier.pk}-outcome": "laureate"})
    assert response.status_code == 404


def test_jury_views_refuse_get_on_writes(client, staff, session, dossier):
    client.force_login(staff)
    assert client.get(decision_url(session, dossier)).status_code == 405


# --- sessions -----------------------------------------------------------------------------


def test_call_page_links_to_jury(client, staff, call):
    client.force_login(staff)
    response = client.get(reverse("backoffice:call_detail", args=[call.pk]))
    assert reverse("backoffice:jury_sessions", args=[call.pk]) in response.content.decode()


def test_session_list_shows_sessions_and_laureate_count(client, staff, session, call):
    call.max_laureates = 4
    call.save(update_fields=["max_laureates"])
    client.force_login(staff)
    response = client.get(reverse("backoffice:jury_sessions", args=[call.pk]))
    text = page_text(response)
    assert "Jury final 2024" in text and "Paris, salle du conseil" in text
    assert "Lauréats désignés : 0 sur 4 au plus." in text


def test_session_create_saves_and_redirects(client, staff, call):
    waiting = shortlisted(call)
    client.force_login(staff)
    response = client.post(
        reverse("backoffice:jury_session_create", args=[call.pk]),
        {"title": "Jury de juin", "starts_at": "2024-06-12T14:30", "place": "Lyon", "agenda": ""},
    )
    session = JurySession.objects.get(title="Jury de juin")
    assert response.status_code == 302
    assert response["Location"] == deliberation_url(session)
    assert timezone.localtime(session.starts_at).strftime("%d/%m %H:%M") == "12/06 14:30"
    assert list(session.items.values_list("application_id", flat=True)) == [waiting.pk]


def test_session_create_bad_date_keeps_input(client, staff, call):
    client.force_login(staff)
    response = client.post(
        reverse("backoffice:jury_session_create", args=[call.pk]),
        {"title": "Jury de juin", "starts_at": "demain", "place": "Salle 4"},
    )
    text = page_text(response)
    assert response.status_code == 200
    assert "<title>Erreur :" in text and "Saisissez une date et une heure" in text
    assert 'value="Salle 4"' in text
    assert not JurySession.objects.filter(title="Jury de juin").exists()


def test_session_edit_once_held_redirects(client, staff, session):
    session.status = JurySessionStatus.HELD
    session.held_at = timezone.now()
    session.save()
    client.force_login(staff)
    response = client.get(reverse("backoffice:jury_session_edit", args=[session.pk]))
    assert response.status_code == 302 and response["Location"] == deliberation_url(session)


# --- members and dossiers -----------------------------------------------------------------


def test_members_page_lists_jurors_and_staff_only(client, staff, session, juror, reviewer):
    client.force_login(staff)
    response = client.get(reverse("backoffice:jury_members", args=[session.pk]))
    text = page_text(response)
    assert "Jules Juré" in text and staff.full_name in text
    assert "Estelle Expert" not in text


def test_members_post_saves_seats_and_chair(client, staff, session, juror):
    client.force_login(staff)
    response = client.post(
        reverse("backoffice:jury_members", args=[session.pk]),
        {
            f"seat_{juror.pk}": "on",
            f"function_{juror.pk}": "Maire de Pessac",
            f"seat_{staff.pk}": "on",
            f"function_{staff.pk}": "",
            "chair": str(juror.pk),
        },
    )
    assert response.status_code == 302
    chair = JuryMember.objects.get(session=session, is_chair=True)
    assert chair.user == juror and chair.function == "Maire de Pessac"
    assert session.members.count() == 2


def test_members_post_chair_not_seated_shows_error(client, staff, session, juror):
    client.force_login(staff)
    response = client.post(
        reverse("backoffice:jury_members", args=[session.pk]),
        {f"seat_{staff.pk}": "on", f"function_{juror.pk}": "Maire", "chair": str(juror.pk)},
    )
    text = page_text(response)
    assert "Cochez « Siège à cette séance » pour la personne qui préside." in text
    assert 'value="Maire"' in text
    assert not session.members.exists()


def test_items_post_sets_order(client, staff, session, dossier):
    other = shortlisted(session.call)
    client.force_login(staff)
    response = client.post(
        reverse("backoffice:jury_items", args=[session.pk]),
        {
            f"include_{dossier.pk}": "on",
            f"position_{dossier.pk}": "2",
            f"include_{other.pk}": "on",
            f"position_{other.pk}": "1",
        },
    )
    assert response.status_code == 302
    assert list(session.items.values_list("application_id", flat=True)) == [other.pk, dossier.pk]


# --- the deliberation ---------------------------------------------------------------------


def _fill(session, n: int):
    """n dossiers before the session, each reviewed twice at the jury stage, with a member
    in conflict and one abstaining."""
    call = session.call
    stage = call.review_stages.filter(kind="jury").first() or ReviewStageFactory(
        call=call, kind="jury"
    )
    member = (session.members.first() or JuryMemberFactory(session=session)).user
    for _ in range(n):
        application = shortlisted(call)
        item = JuryItemFactory(session=session, application=application)
        item.abstentions.add(member)
        ConflictFactory(application=application, person=member)
        for value in (2, 4):
            scored(
                AssignmentFactory(stage=stage, application=application, reviewer=UserFactory()),
                [value, value - 1],
                comment="Un projet porté par les agents.",
            )
        Decision.objects.create(
            application=application, kind="jury", outcome="waitlisted", jury_session=session
        )


def test_deliberation_runs_constant_queries(client, staff, session, django_assert_num_queries):
    client.force_login(staff)
    _fill(session, 1)
    with CaptureQueriesContext(connection) as one:
        assert client.get(deliberation_url(session)).status_code == 200
    _fill(session, 2)
    with django_assert_num_queries(len(one.captured_queries)):
        response = client.get(deliberation_url(session))
    assert page_text(response).count("Un projet porté par les agents.") == 6


def test_deliberation_shows_ranking_reviews_conflicts_and_forms(
    client, staff, session, dossier, juror
):
    stage = ReviewStageFactory(call=session.call, kind="jury")
    expert = UserFactory(full_name="Eve Évaluatrice")
    scored(
        AssignmentFactory(stage=stage, application=dossier, reviewer=expert),
        [4, 3],
        comment="Très collectif.",
    )
    JuryMemberFactory(session=session, user=juror)
    ConflictFactory(application=dossier, person=juror, status=ConflictStatus.CONFIRMED)
    client.force_login(staff)
    text = page_text(client.get(deliberation_url(session)))
    assert f'href="#dossier-{dossier.pk}"' in text and f'id="dossier-{dossier.pk}"' in text
    assert "Rang 1" in text and "Eve Évaluatrice" in text and "Très collectif." in text
    assert "Jules Juré — Déclaration de l'évaluateur" in text
    assert f'name="d{dossier.pk}-outcome" value="laureate"' in text
    assert f'name="a{dossier.pk}-abstentions" value="{juror.pk}"' in text


def test_deliberation_without_review_stage_lists_dossiers_without_scores(
    client, staff, session, dossier
):
    client.force_login(staff)
    text = page_text(client.get(deliberation_url(session)))
    assert "sans notes" in text and dossier.title in text and "Rang" not in text


def test_deliberation_warns_when_maximum_reached(client, staff, session, dossier):
    call = session.call
    call.max_laureates = 1
    call.save(update_fields=["max_laureates"])
    record_jury_decision(session=session, application=dossier, outcome="laureate", actor=staff)
    client.force_login(staff)
    text = page_text(client.get(deliberation_url(session)))
    assert "Le nombre maximum de lauréats est atteint" in text
    assert dossier.reference in text


def test_deliberation_warns_when_one_place_left(client, staff, session, dossier):
    call = session.call
    call.max_laureates = 2
    call.save(update_fields=["max_laureates"])
    record_jury_decision(session=session, application=dossier, outcome="laureate", actor=staff)
    client.force_login(staff)
    text = page_text(client.get(deliberation_url(session)))
    assert "Il ne reste qu'une place de lauréat." in text


# --- decisions ----------------------------------------------------------------------------


def test_decision_asks_confirmation_then_records(client, staff, session, dossier):
    client.force_login(staff)
    data = {f"d{dossier.pk}-outcome": "laureate", f"d{dossier.pk}-internal_note": "Unanime"}
    response = client.post(decision_url(session, dossier), data)
    text = page_text(response)
    assert "Confirmer la décision du jury" in text and "« Lauréat »" in text
    assert not Decision.objects.exists()

    response = client.post(decision_url(session, dossier), {**data, "confirm": "1"})
    assert response.status_code == 302
    assert response["Location"] == f"{deliberation_url(session)}#dossier-{dossier.pk}"
    decision = Decision.objects.get()
    assert decision.outcome == "laureate" and decision.jury_session == session
    assert decision.internal_note == "Unanime"
    dossier.refresh_from_db()
    assert dossier.state == ApplicationState.LAUREATE


def test_decision_not_selected_without_reason_shows_error_and_keeps_note(
    client, staff, session, dossier
):
    client.force_login(staff)
    response = client.post(
        decision_url(session, dossier),
        {
            f"d{dossier.pk}-outcome": "not_selected",
            f"d{dossier.pk}-internal_note": "À revoir l'an prochain",
        },
    )
    text = page_text(response)
    assert response.status_code == 200
    assert "<title>Erreur :" in text and "Il y a un problème" in text
    assert f'href="#id_d{dossier.pk}-reason"' in text
    assert "Indiquez le motif : il sera communiqué à l'équipe du projet." in text
    assert "À revoir l'an prochain" in text
    assert not Decision.objects.exists()


def test_decision_beyond_maximum_refused_before_confirmation(client, staff, session, dossier):
    call = session.call
    call.max_laureates = 1
    call.save(update_fields=["max_laureates"])
    first = shortlisted(call, "Premier lauréat")
    JuryItemFactory(session=session, application=first)
    record_jury_decision(session=session, application=first, outcome="laureate", actor=staff)
    client.force_login(staff)
    response = client.post(
        decision_url(session, dossier), {f"d{dossier.pk}-outcome": "laureate", "confirm": "1"}
    )
    text = page_text(response)
    assert "Cet appel prévoit au plus 1 lauréat ; 1 est déjà désigné : " in text
    assert f"{first.reference} « Premier lauréat »" in text
    dossier.refresh_from_db()
    assert dossier.state == ApplicationState.SHORTLISTED


def test_decision_edit_returns_to_form_with_values(client, staff, session, dossier):
    client.force_login(staff)
    response = client.post(
        decision_url(session, dossier),
        {f"d{dossier.pk}-outcome": "waitlisted", f"d{dossier.pk}-reason": "Liste", "edit": "1"},
    )
    text = page_text(response)
    assert re.search(r'value="waitlisted"[^>]*checked', text)
    assert "Liste</textarea>" in text
    assert not Decision.objects.exists()


def test_abstentions_post_records(client, staff, session, dossier, juror):
    JuryMemberFactory(session=session, user=juror)
    client.force_login(staff)
    response = client.post(
        reverse("backoffice:jury_abstentions", args=[session.pk, dossier.pk]),
        {f"a{dossier.pk}-abstentions": [str(juror.pk)]},
    )
    assert response.status_code == 302
    assert list(session.items.get().abstentions.all()) == [juror]


def test_attendance_post_records_and_requires_every_member(client, staff, session, juror):
    JuryMemberFactory(session=session, user=juror)
    JuryMemberFactory(session=session, user=staff)
    client.force_login(staff)
    url = reverse("backoffice:jury_attendance", args=[session.pk])
    response = client.post(url, {f"member_{juror.pk}": "present"})
    assert "Indiquez si cette personne était présente." in page_text(response)
    response = client.post(url, {f"member_{juror.pk}": "present", f"member_{staff.pk}": "absent"})
    assert response.status_code == 302
    assert dict(session.members.values_list("user_id", "was_present")) == {
        juror.pk: True,
        staff.pk: False,
    }


# --- closing ------------------------------------------------------------------------------


def test_hold_confirms_then_closes(client, staff, session, dossier, juror):
    jury_members_set(session=session, actor=staff, seats=[Seat(user_id=juror.pk)])
    client.force_login(staff)
    url = reverse("backoffice:jury_hold", args=[session.pk])
    text = page_text(client.post(url))
    assert "Indiquez pour chaque membre s'il était présent" in text
    jury_attendance_record(session=session, actor=staff, present={juror.pk: True})
    text = page_text(client.get(url))
    assert "ne peut plus changer" in text and dossier.reference in text  # undecided listed
    response = client.post(url)
    assert response.status_code == 302
    session.refresh_from_db()
    assert session.status == JurySessionStatus.HELD
    text = page_text(client.get(deliberation_url(session)))
    assert "Télécharger le procès-verbal (PDF)" in text
    assert f'name="d{dossier.pk}-outcome"' not in text


# --- the dossier page's panel -------------------------------------------------------------


def test_dossier_page_shows_jury_sessions_and_decision(client, staff, session, dossier):
    record_jury_decision(
        session=session,
        application=dossier,
        outcome="not_selected",
        reason="Trop proche d'un projet lauréat.",
        actor=staff,
    )
    client.force_login(staff)
    text = page_text(client.get(reverse("backoffice:application_detail", args=[dossier.pk])))
    assert "Décision du jury" in text and "Non retenu" in text
    assert "Trop proche d'un projet lauréat." in text
    assert f"{deliberation_url(session)}#dossier-{dossier.pk}" in text


# --- the minutes --------------------------------------------------------------------------


def pdf_text(content: bytes, tmp_path) -> str:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext absent (apt install poppler-utils)")
    path = tmp_path / "minutes.pdf"
    path.write_bytes(content)
    result = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True
    )
    return result.stdout.decode("utf-8")


def test_minutes_pdf_lists_members_conflicts_abstentions_decisions(
    client, staff, session, dossier, juror, tmp_path
):
    call = session.call
    call.max_laureates = 4
    call.save(update_fields=["max_laureates"])
    absent = JuryMemberFactory(
        session=session, user=UserFactory(full_name="Anne Absente"), function="Élue"
    )
    JuryMemberFactory(session=session, user=juror, function="Maire de Pessac", is_chair=True)
    jury_attendance_record(
        session=session, actor=staff, present={juror.pk: True, absent.user_id: False}
    )
    laureate = shortlisted(call, "Le guichet unique")
    JuryItemFactory(session=session, application=laureate, position=2)
    ConflictFactory(application=dossier, person=juror)
    session.items.get(application=dossier).abstentions.add(juror)
    record_jury_decision(
        session=session,
        application=dossier,
        outcome="not_selected",
        reason="Dimension collective insuffisante.",
        actor=staff,
    )
    record_jury_decision(session=session, application=laureate, outcome="laureate", actor=staff)

    client.force_login(staff)
    response = client.get(reverse("backoffice:jury_minutes", args=[session.pk]))
    assert response["Content-Type"] == "application/pdf"
    day = timezone.localtime(session.starts_at).date().isoformat()
    assert response["Content-Disposition"] == (
        f'attachment; filename="proces-verbal-jury-mnt-2024-6-{day}.pdf"'
    )
    text = pdf_text(response.content, tmp_path)
    flat = " ".join(text.split())
    assert "Procès-verbal de la séance du jury" in flat
    assert "Fonds MNT" in flat and call.title in flat and "Jury final 2024" in flat
    assert "Paris, salle du conseil" in flat
    assert "Membres présents Nom Qualité Jules Juré — président(e) de séance Maire de Pessac" in (
        flat
    )
    assert "Membres absents Nom Qualité Anne Absente Élue" in flat
    assert f"{dossier.reference} Jules Juré Déclaration de l'évaluateur" in flat
    assert "Abstentions Jules Juré" in flat
    assert "Non retenu" in flat and "Dimension collective insuffisante." in flat
    assert "Lauréat" in flat and "Le guichet unique" in flat
    assert "1 désigné lors de cette séance ; 1 pour l'appel, sur 4 au plus" in flat
    assert re.search(r"[0-9a-f]{64}", "".join(text.split()))


def test_minutes_fingerprint_stable_and_changes_with_content(staff, session, dossier):
    from essaim.review.minutes import minutes_context

    later = timezone.now() + dt.timedelta(hours=3)
    first = minutes_context(session)["sha256"]
    assert minutes_context(session, generated_at=later)["sha256"] == first
    record_jury_decision(session=session, application=dossier, outcome="waitlisted", actor=staff)
    assert minutes_context(session)["sha256"] != first


def test_minutes_without_weasyprint_says_what_to_install(client, staff, session, monkeypatch):
    from essaim.applications import receipts

    def missing():
        raise receipts.PdfUnavailable("installez WeasyPrint")

    monkeypatch.setattr("essaim.review.minutes._weasyprint", missing)
    client.force_login(staff)
    response = client.get(reverse("backoffice:jury_minutes", args=[session.pk]))
    assert response.status_code == 503
    assert "installez WeasyPrint" in page_text(response)


# --- the other lists: constant queries ------------------------------------------------------


def _queries_for(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


def test_session_list_runs_constant_queries(client, staff, call, django_assert_num_queries):
    client.force_login(staff)
    url = reverse("backoffice:jury_sessions", args=[call.pk])
    JuryItemFactory(session=JurySessionFactory(call=call))
    one = _queries_for(client, url)
    for _ in range(2):
        session = JurySessionFactory(call=call)
        JuryMemberFactory(session=session)
        JuryItemFactory(session=session)
    with django_assert_num_queries(one):
        response = client.get(url)
    assert page_text(response).count("Jury final") == 3


def test_members_and_items_pages_run_constant_queries(
    client, staff, session, call, django_assert_num_queries
):
    client.force_login(staff)
    members_url = reverse("backoffice:jury_members", args=[session.pk])
    items_url = reverse("backoffice:jury_items", args=[session.pk])
    JuryItemFactory(session=session, application=shortlisted(call))
    CallMembershipFactory(call=call, role=FundRole.JUROR)
    counts = (_queries_for(client, members_url), _queries_for(client, items_url))
    for _ in range(2):
        JuryItemFactory(session=session, application=shortlisted(call))
        shortlisted(call)
        member = CallMembershipFactory(call=call, role=FundRole.JUROR).user
        JuryMemberFactory(session=session, user=member)
    with django_assert_num_queries(counts[0]):
        client.get(members_url)
    with django_assert_num_queries(counts[1]):
        response = client.get(items_url)
    assert page_text(response).count("Présenté au jury") == 5
