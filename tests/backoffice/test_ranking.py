"""The staff ranking page, its CSV export, the first-selection page, shortlisting, and the
reviews' panel of the dossier page."""

import csv
import io
import re
from html import unescape

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from essaim.applications.enums import ApplicationState
from essaim.core.models import AuditEvent
from essaim.review.enums import ConflictStatus, ReviewStageKind
from essaim.review.models import Decision

from ..factories import (
    ApplicationFactory,
    AssignmentFactory,
    CallFactory,
    ConflictFactory,
    ReviewStageFactory,
    UserFactory,
    scored,
    submitted,
)

pytestmark = pytest.mark.django_db


def dossier(call, title, state=ApplicationState.ELIGIBLE, theme=None, **fields):
    application = ApplicationFactory(call=call, complete=True, ready=True, title=title, **fields)
    if theme is not None:
        application.theme = theme
        application.save(update_fields=["theme"])
    return submitted(application, state=state)


@pytest.fixture
def stage(call):
    return ReviewStageFactory(call=call)  # first selection, criteria 0–4 weighted 2 and 1


@pytest.fixture
def reviewers(db):
    return UserFactory(full_name="Hélène Sévère"), UserFactory(full_name="Louis Large")


@pytest.fixture
def ranked(call, stage, reviewers):
    """Three reviewed dossiers. Harsh: high 4,4 → 1 ; low 0,2 → 1/6.
    Lenient: high 4,0 → 2/3 ; middle 4,4 → 1.
    Means /20: high (20 + 13.33)/2 = 16.67 (0.33 apart: no disagreement),
    middle 20, low 3.33; normalised: high (1 − 1)/2 = 0, middle +1, low −1."""
    harsh, lenient = reviewers
    themes = list(call.themes.all())
    high = dossier(call, "Projet haut", theme=themes[0], organisation_name="Ville de Lyon")
    middle = dossier(call, "Projet milieu", theme=themes[1])
    low = dossier(call, "Projet bas", theme=themes[1])
    scored(AssignmentFactory(stage=stage, application=high, reviewer=harsh), [4, 4])
    scored(AssignmentFactory(stage=stage, application=low, reviewer=harsh), [0, 2])
    scored(AssignmentFactory(stage=stage, application=high, reviewer=lenient), [4, 0])
    scored(AssignmentFactory(stage=stage, application=middle, reviewer=lenient), [4, 4])
    return {"high": high, "middle": middle, "low": low}


def url(stage, query=""):
    return reverse("backoffice:ranking", args=[stage.pk]) + query


def export_url(stage, query=""):
    return reverse("backoffice:ranking_export", args=[stage.pk]) + query


def first_selection_url(call):
    return reverse("backoffice:first_selection", args=[call.pk])


def titles(response) -> list[str]:
    body = response.content.decode()
    if "<tbody>" not in body:
        return []
    table = body[body.index("<tbody>") : body.index("</tbody>")]
    return re.findall(r'#reviews">([^<]+)</a>', table)


def csv_rows(response) -> list[list[str]]:
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text), delimiter=";"))


# --- who may see it ----------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["ranking", "ranking_export"])
def test_ranking_is_for_the_funds_staff_only(
    client, stage, outsider, other_fund_staff, reviewer, name
):
    target = reverse(f"backoffice:{name}", args=[stage.pk])
    response = client.get(target)
    assert response.status_code == 302 and "/compte/login/" in response["Location"]
    for person, status in ((outsider, 403), (reviewer, 403), (other_fund_staff, 404)):
        client.force_login(person)
        assert client.get(target).status_code == status, person


def test_first_selection_is_for_the_funds_staff_only(client, call, outsider, other_fund_staff):
    client.force_login(outsider)
    assert client.get(first_selection_url(call)).status_code == 403
    client.force_login(other_fund_staff)
    assert client.get(first_selection_url(call)).status_code == 404
    assert client.post(first_selection_url(call), {"decision": "shortlisted"}).status_code == 404


def test_other_fund_staff_cannot_shortlist(client, stage, ranked, other_fund_staff):
    client.force_login(other_fund_staff)
    data = {"dossiers": [ranked["high"].pk], "decision": "shortlisted", "confirm": "1"}
    assert client.post(url(stage), data).status_code == 404
    assert not Decision.objects.exists()


# --- the table ------------------------------------------------------------------------------------


def test_ranking_shows_each_dossier_with_its_figures(client, staff, stage, ranked):
    client.force_login(staff)
    response = client.get(url(stage))
    html = response.content.decode()
    assert response.status_code == 200
    assert titles(response) == ["Projet milieu", "Projet haut", "Projet bas"]
    assert "3 dossiers" in html
    assert "16,67" in html and "20,00" in html and "3,33" in html  # means /20
    assert "1,000" in html and "-1,000" in html  # normalised
    assert "Ville de Lyon" in html
    assert 'aria-sort="ascending"' in html  # the rank column
    assert "Comment lire ce classement" in html


def test_disagreement_shows_as_words_and_icon(client, staff, call, stage):
    split = dossier(call, "Projet clivant")
    scored(AssignmentFactory(stage=stage, application=split), [4, 4])
    scored(AssignmentFactory(stage=stage, application=split), [0, 0])
    client.force_login(staff)
    html = client.get(url(stage)).content.decode()
    assert '<span aria-hidden="true">⚠ </span>Désaccord</strong>' in html


def test_sorting_by_a_column_and_back(client, staff, stage, ranked):
    client.force_login(staff)
    response = client.get(url(stage, "?tri=-moyenne"))
    assert titles(response) == ["Projet milieu", "Projet haut", "Projet bas"]
    html = response.content.decode()
    assert re.search(
        r'aria-sort="descending"[^>]*>\s*<a class="bo-sort" href="\?tri=moyenne"', html
    )
    assert titles(client.get(url(stage, "?tri=moyenne"))) == [
        "Projet bas",
        "Projet haut",
        "Projet milieu",
    ]
    assert titles(client.get(url(stage, "?tri=titre"))) == [
        "Projet bas",
        "Projet haut",
        "Projet milieu",
    ]
    # an unknown sort is ignored, not a 500
    assert client.get(url(stage, "?tri=n'importe-quoi")).status_code == 200


def test_rows_without_reviews_come_last_whatever_the_direction(client, staff, call, stage, ranked):
    AssignmentFactory(stage=stage, application=dossier(call, "Projet pas encore lu"))
    client.force_login(staff)
    assert titles(client.get(url(stage, "?tri=moyenne")))[-1] == "Projet pas encore lu"
    assert titles(client.get(url(stage, "?tri=-moyenne")))[-1] == "Projet pas encore lu"


def test_filters_in_the_address(client, staff, call, stage, ranked):
    client.force_login(staff)
    second_theme = call.themes.all()[1]
    assert titles(client.get(url(stage, f"?theme={second_theme.pk}"))) == [
        "Projet milieu",
        "Projet bas",
    ]
    assert titles(client.get(url(stage, "?min_avis=2"))) == ["Projet haut"]
    ranked["low"].state = ApplicationState.SHORTLISTED
    ranked["low"].save(update_fields=["state"])
    assert titles(client.get(url(stage, "?etat=shortlisted"))) == ["Projet bas"]
    assert titles(client.get(url(stage, "?desaccord=on"))) == []
    response = client.get(url(stage, "?desaccord=on"))
    assert "Aucun dossier ne correspond à ces filtres." in unescape(response.content.decode())


def test_a_bad_filter_value_is_shown_beside_its_field_and_ignored(client, staff, stage, ranked):
    client.force_login(staff)
    response = client.get(url(stage, "?min_avis=-3&theme=999999"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Saisissez un nombre positif ou nul." in html
    assert "Il y a un problème" in html
    assert len(titles(response)) == 3


def test_ranking_query_count_does_not_grow(client, staff, call, stage, django_assert_num_queries):
    def add():
        target = dossier(call, "Projet")
        for _ in range(3):
            scored(AssignmentFactory(stage=stage, application=target), [2, 3])

    add()
    client.force_login(staff)
    client.get(url(stage))
    with CaptureQueriesContext(connection) as one:
        client.get(url(stage))
    add()
    add()
    for page in (url(stage), first_selection_url(call)):
        with CaptureQueriesContext(connection) as before:
            client.get(page)
        with django_assert_num_queries(len(before.captured_queries)):
            client.get(page)
    with django_assert_num_queries(len(one.captured_queries)):
        response = client.get(url(stage))
    assert len(titles(response)) == 3


# --- CSV ----------------------------------------------------------------------------------------


def test_csv_export_has_the_same_rows_filters_and_order(client, staff, call, stage, ranked):
    client.force_login(staff)
    response = client.get(export_url(stage, "?tri=-moyenne"))
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"].startswith('attachment; filename="classement-MNT-')
    rows = csv_rows(response)
    assert rows[0][:3] == ["Rang", "Référence", "Titre du projet"]
    assert [row[2] for row in rows[1:]] == ["Projet milieu", "Projet haut", "Projet bas"]
    middle = rows[1]
    assert middle[0] == "1" and middle[6] == "1"
    assert middle[7] == "20,00" and middle[10] == "1,000" and middle[11] == "non"
    second_theme = call.themes.all()[1]
    rows = csv_rows(client.get(export_url(stage, f"?theme={second_theme.pk}")))
    assert [row[2] for row in rows[1:]] == ["Projet milieu", "Projet bas"]
    event = AuditEvent.objects.filter(action="ranking.exported").order_by("pk").last()
    assert event.actor == staff and event.data["filters"] == {"theme": str(second_theme.pk)}


def test_csv_cells_cannot_start_a_formula(client, staff, call, stage):
    target = dossier(call, '=HYPERLINK("http://x")')
    scored(AssignmentFactory(stage=stage, application=target), [1, 1])
    client.force_login(staff)
    rows = csv_rows(client.get(export_url(stage)))
    assert rows[1][2].startswith("'=")


# --- shortlisting -------------------------------------------------------------------------------


def test_shortlisting_goes_through_a_confirmation_page(client, staff, stage, ranked):
    client.force_login(staff)
    chosen = [ranked["middle"].pk, ranked["high"].pk]
    response = client.post(
        url(stage, "?tri=titre"), {"dossiers": chosen, "decision": "shortlisted"}
    )
    html = unescape(response.content.decode())
    assert response.status_code == 200
    assert "Confirmer la décision" in html
    assert "Les 2 dossiers ci-dessous passeront à l'état « Présélectionné »" in html
    assert "Projet milieu" in html and "Projet bas" not in html
    assert not Decision.objects.exists()

    response = client.post(
        url(stage, "?tri=titre"),
        {"dossiers": chosen, "decision": "shortlisted", "reason": "", "confirm": "1"},
    )
    assert response.status_code == 302 and response["Location"] == url(stage, "?tri=titre")
    states = {pk: state for pk, state in type(ranked["high"]).objects.values_list("pk", "state")}
    assert states[ranked["middle"].pk] == states[ranked["high"].pk] == "shortlisted"
    assert states[ranked["low"].pk] == "eligible"
    assert Decision.objects.filter(decided_by=staff).count() == 2
    html = client.get(response["Location"]).content.decode()
    assert "2 dossiers présélectionnés." in html
    # decided dossiers lose their checkbox
    assert f'value="{ranked["middle"].pk}" id="dossier-' not in html
    assert f'value="{ranked["low"].pk}" id="dossier-' in html


def test_not_shortlisting_without_reason_keeps_the_selection(client, staff, stage, ranked):
    client.force_login(staff)
    low = ranked["low"].pk
    response = client.post(
        url(stage), {"dossiers": [low], "decision": "not_shortlisted", "internal_note": "à revoir"}
    )
    html = unescape(response.content.decode())
    assert response.status_code == 422
    assert "<title>Erreur :" in html
    assert "Indiquez le motif : il sera communiqué aux équipes non présélectionnées." in html
    assert f'value="{low}" id="dossier-{low}" checked' in html
    assert "à revoir" in html
    assert not Decision.objects.exists()


def test_deciding_nothing_ticked_asks_to_tick(client, staff, stage, ranked):
    client.force_login(staff)
    response = client.post(url(stage), {"decision": "shortlisted"})
    assert response.status_code == 422
    assert "Cochez au moins un dossier." in response.content.decode()


def test_a_dossier_not_eligible_cannot_be_ticked(client, staff, call, stage, ranked):
    submitted_only = dossier(call, "Projet pas encore recevable", state=ApplicationState.SUBMITTED)
    scored(AssignmentFactory(stage=stage, application=submitted_only), [2, 2])
    client.force_login(staff)
    response = client.post(
        url(stage), {"dossiers": [submitted_only.pk], "decision": "shortlisted", "confirm": "1"}
    )
    assert response.status_code == 422
    assert "ne peut plus être décidé" in unescape(response.content.decode())
    assert not Decision.objects.exists()


def test_modify_returns_to_the_list_with_the_selection(client, staff, stage, ranked):
    client.force_login(staff)
    high = ranked["high"].pk
    response = client.post(
        url(stage),
        {"dossiers": [high], "decision": "not_shortlisted", "reason": "Trop tôt", "edit": "1"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert f'value="{high}" id="dossier-{high}" checked' in html
    assert "Trop tôt" in html and "Il y a un problème" not in html
    assert not Decision.objects.exists()


def test_not_shortlisted_with_a_reason_records_it(client, staff, stage, ranked):
    client.force_login(staff)
    low = ranked["low"]
    client.post(
        url(stage),
        {
            "dossiers": [low.pk],
            "decision": "not_shortlisted",
            "reason": "Peu collectif",
            "confirm": "1",
        },
    )
    decision = Decision.objects.get(application=low)
    assert (
        decision.outcome == ApplicationState.NOT_SHORTLISTED and decision.reason == "Peu collectif"
    )


def test_later_stages_rank_without_shortlisting(client, staff, call):
    stage = ReviewStageFactory(call=call, kind=ReviewStageKind.EXPERT_REVIEW)
    target = dossier(call, "Projet expertisé")
    scored(AssignmentFactory(stage=stage, application=target), [3, 3])
    client.force_login(staff)
    html = client.get(url(stage)).content.decode()
    assert "Projet expertisé" in html and "Présélectionner" not in html
    response = client.post(url(stage), {"dossiers": [target.pk], "decision": "shortlisted"})
    assert response.status_code == 404


def test_shortlisting_needs_the_csrf_token(staff, stage, ranked):
    client = Client(enforce_csrf_checks=True)
    client.force_login(staff)
    data = {"dossiers": [ranked["high"].pk], "decision": "shortlisted", "confirm": "1"}
    assert client.post(url(stage), data).status_code == 403
    assert not Decision.objects.exists()


# --- the first-selection page -------------------------------------------------------------------


def test_first_selection_without_reviews_lists_eligible_dossiers(client, staff, call):
    eligible = dossier(call, "Projet recevable")
    dossier(call, "Projet déposé", state=ApplicationState.SUBMITTED)
    client.force_login(staff)
    response = client.get(first_selection_url(call))
    html = unescape(response.content.decode())
    assert titles(response) == ["Projet recevable"]
    assert "pas d'étape d'évaluation pour la première sélection" in html
    client.post(
        first_selection_url(call),
        {"dossiers": [eligible.pk], "decision": "shortlisted", "confirm": "1"},
    )
    eligible.refresh_from_db()
    assert eligible.state == ApplicationState.SHORTLISTED


def test_first_selection_shows_the_ranking_lines_when_reviewed(client, staff, call, stage, ranked):
    client.force_login(staff)
    response = client.get(first_selection_url(call))
    assert titles(response) == ["Projet milieu", "Projet haut", "Projet bas"]
    assert "16,67" in response.content.decode()


def test_first_selection_is_404_for_a_call_without_it(client, staff, fund):
    call = CallFactory(fund=fund, stages=["application", "eligibility", "jury"])
    client.force_login(staff)
    assert client.get(first_selection_url(call)).status_code == 404


def test_call_page_links_to_rankings_and_first_selection(client, staff, call, stage):
    client.force_login(staff)
    html = client.get(reverse("backoffice:call_detail", args=[call.pk])).content.decode()
    assert url(stage) in html and "Classement — Première sélection" in html
    assert first_selection_url(call) in html


# --- the reviews' panel of the dossier page -----------------------------------------------------


def test_dossier_page_shows_every_review_and_the_ranking_line(
    client, staff, call, stage, ranked, reviewers
):
    harsh, _lenient = reviewers
    high = ranked["high"]
    stage.allows_comment_for_applicant = True
    stage.save()
    review = high.assignments.get(reviewer=harsh).review
    review.comment = "Très bon projet collectif"
    review.comment_for_applicant = "Précisez le calendrier."
    review.save()
    review.scores.filter(criterion__position=0).update(comment="Trois services associés")
    client.force_login(staff)
    html = unescape(
        client.get(reverse("backoffice:application_detail", args=[high.pk])).content.decode()
    )
    panel = html[html.index('id="reviews"') :]
    assert "Hélène Sévère" in panel and "Louis Large" in panel
    assert "Trois services associés" in panel
    assert "Très bon projet collectif" in panel and "Précisez le calendrier." in panel
    assert "sur 3 dossiers classés" in panel
    assert "16,67" in panel
    assert url(stage) in panel


def test_dossier_panel_marks_a_review_left_out_for_conflict(
    client, staff, stage, ranked, reviewers
):
    harsh, _lenient = reviewers
    ConflictFactory(application=ranked["high"], person=harsh, status=ConflictStatus.SUSPECTED)
    client.force_login(staff)
    html = unescape(
        client.get(
            reverse("backoffice:application_detail", args=[ranked["high"].pk])
        ).content.decode()
    )
    assert "Écartée : conflit d'intérêts" in html
