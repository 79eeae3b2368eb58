"""The dashboards of a call and of a fund: who may read them, numbers checked against a
world computed by hand (tests/insight/world.py) in the context and in the rendered tables,
each chart followed by its table, and a number of queries that does not grow with the
dossiers."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from essaim.applications.enums import ApplicationState as S

from ..factories import (
    AccompanimentFactory,
    ApplicationFactory,
    AssignmentFactory,
    CallFactory,
    EngagementFactory,
    MilestoneFactory,
    ReviewStageFactory,
    UserFactory,
    scored,
    submitted,
)
from ..insight.world import build_world

pytestmark = pytest.mark.django_db

NBSP = "\u00a0"
NNBSP = "\u202f"


def _call_page(call) -> str:
    return reverse("backoffice:call_dashboard", args=[call.pk])


def _fund_page(fund) -> str:
    return reverse("backoffice:fund_dashboard", args=[fund.pk])


@pytest.fixture
def world(fund):
    return build_world(fund, today=timezone.localdate())


def _figure(response, ident: str):
    return next(f for f in response.context["dashboard"].figures if f.id == ident)


def _rows(figure) -> dict[str, list[str]]:
    return {row[0]: row[1:] for row in figure.table.rows}


def _html_rows(html: str, ident: str) -> dict[str, list[str]]:
    """{row header: [cells]} of the rendered table of figure `ident`."""
    start = html.index(f'<caption id="{ident}-caption">')
    table = html[start : html.index("</table>", start)]
    body = table[table.index("<tbody>") : table.index("</tbody>")]
    rows = {}
    for row in re.findall(r"<tr>(.*?)</tr>", body, re.S):
        header = re.search(r'<th scope="row">(.*?)</th>', row).group(1)
        rows[header] = re.findall(r'<td class="numeric">(.*?)</td>', row)
    return rows


# --- who may read them -------------------------------------------------------------------


@pytest.fixture(params=["call", "fund"])
def page_of(request, world):
    return _call_page(world.call) if request.param == "call" else _fund_page(world.fund)


def test_anonymous_is_sent_to_login(client, page_of):
    response = client.get(page_of)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.parametrize("actor", ["outsider", "applicant", "reviewer"])
def test_people_without_backoffice_access_are_refused(client, page_of, actor, request):
    client.force_login(request.getfixturevalue(actor))
    response = client.get(page_of)
    assert response.status_code == 403
    assert b"Anne Arnaud" not in response.content


def test_staff_of_another_fund_get_404(client, page_of, other_fund_staff):
    client.force_login(other_fund_staff)
    assert client.get(page_of).status_code == 404


@pytest.mark.parametrize("actor", ["staff", "platform_admin"])
def test_staff_and_platform_admins_read_the_dashboards(client, page_of, actor, request):
    client.force_login(request.getfixturevalue(actor))
    response = client.get(page_of)
    assert response.status_code == 200
    assert response.context["dashboard"].key_figures[0].value in ("8", "10")


def test_the_pages_only_answer_reading(client, page_of, staff):
    client.force_login(staff)
    assert client.post(page_of).status_code == 405


def test_the_links_lead_to_the_dashboards(client, world, staff):
    client.force_login(staff)
    call_page = client.get(reverse("backoffice:call_detail", args=[world.call.pk]))
    assert f'href="{_call_page(world.call)}"' in call_page.content.decode()
    home = client.get(reverse("backoffice:home"))
    assert f'href="{_fund_page(world.fund)}"' in home.content.decode()


# --- the call's numbers ------------------------------------------------------------------


def test_the_call_dashboard_numbers(client, world, staff):
    client.force_login(staff)
    response = client.get(_call_page(world.call))
    html = response.content.decode()
    keys = {k.label: k.value for k in response.context["dashboard"].key_figures}
    assert keys == {
        "Dossiers déposés": "8",
        "Recevables": "5",
        "Lauréats": "2",
        "Taux de sélection": f"25,0{NBSP}%",
    }

    funnel = {
        "Brouillons": ["2", "—"],
        "Déposés": ["8", f"100,0{NBSP}%"],
        "Recevables": ["5", f"62,5{NBSP}%"],
        "Présélectionnés": ["3", f"37,5{NBSP}%"],
        "Lauréats": ["2", f"25,0{NBSP}%"],
        "Fiches d&#x27;innovation publiées": ["2", f"25,0{NBSP}%"],
        "Innovations réutilisées": ["1", f"12,5{NBSP}%"],
    }
    assert _html_rows(html, "entonnoir") == funnel
    assert [bar.value for row in _figure(response, "entonnoir").chart.rows for bar in row.bars] == [
        2,
        8,
        5,
        3,
        2,
        2,
        1,
    ]

    assert _html_rows(html, "par-theme") == {
        "Accueil des usagers": ["5", f"62,5{NBSP}%"],
        "Conditions de travail": ["3", f"37,5{NBSP}%"],
    }
    assert _html_rows(html, "par-type") == {
        "Commune": ["6", f"75,0{NBSP}%"],
        "Intercommunalité (EPCI)": ["1", f"12,5{NBSP}%"],
        "Service départemental d&#x27;incendie et de secours": ["1", f"12,5{NBSP}%"],
    }
    assert _html_rows(html, "par-taille") == {
        f"De 1{NBSP}000 à 3{NBSP}499 habitants": ["2", f"25,0{NBSP}%"],
        f"50{NBSP}000 habitants et plus": ["4", f"50,0{NBSP}%"],
        "Non renseigné": ["2", f"25,0{NBSP}%"],
    }
    assert _html_rows(html, "par-departement") == {
        "33 — Gironde": ["4", f"50,0{NBSP}%"],
        "35 — Ille-et-Vilaine": ["3", f"37,5{NBSP}%"],
        "14 — Calvados": ["1", f"12,5{NBSP}%"],
    }
    tiles = {t.code: (t.value, t.level) for t in _figure(response, "par-departement").chart.tiles}
    # the public map's levels: 4 × value / busiest, rounded up
    assert tiles["33"] == (4, 4) and tiles["35"] == (3, 3) and tiles["14"] == (1, 1)
    assert tiles["75"] == (0, 0)  # a draft's département is not counted

    # days in Paris, the deadline on the 10th; the table skips the days without a deposit
    assert _html_rows(html, "depots-par-jour") == {
        "2\u00a0mai 2024": ["2", "2"],
        "3\u00a0mai 2024": ["1", "3"],
        "6\u00a0mai 2024": ["1", "4"],
        "7\u00a0mai 2024": ["1", "5"],
        "10\u00a0mai 2024": ["3", "8"],
    }
    calendar = _figure(response, "depots-par-jour").chart
    assert [c.value for c in calendar.columns] == [0, 2, 1, 0, 0, 1, 1, 0, 0, 3]
    assert calendar.marker.x == 100.0 and calendar.marker.text == "Clôture le 10 mai"


def test_the_call_dashboard_reviews(client, world, staff):
    client.force_login(staff)
    response = client.get(_call_page(world.call))
    html = response.content.decode()
    assert _html_rows(html, "avancement-first_selection") == {
        "Anne Arnaud": ["3", "2", "1"],
        "Bruno Bernard": ["3", "3", "0"],
        "Chloé Caron": ["1", "1", "0"],
    }
    weighted = _html_rows(html, "notes-first_selection")
    assert weighted["de 0 à moins de 2"] == ["1"]
    assert weighted["de 10 à moins de 12"] == ["2"]
    assert weighted["de 18 à 20"] == ["1"]
    assert sum(int(cells[0]) for cells in weighted.values()) == 4
    first = _figure(response, "critere-first_selection-1")
    assert first.title == "Dimension collective (moyenne 2,3)"  # 9 / 4, half up
    assert _rows(first) == {"0": ["1"], "1": ["0"], "2": ["1"], "3": ["1"], "4": ["1"]}
    second = _figure(response, "critere-first_selection-2")
    assert second.title == "Caractère inspirant (moyenne 1,5)"
    assert _rows(second) == {"0": ["2"], "1": ["0"], "2": ["1"], "3": ["0"], "4": ["1"]}


def test_the_call_dashboard_after_the_jury(client, world, staff):
    client.force_login(staff)
    html = client.get(_call_page(world.call)).content.decode()
    assert _html_rows(html, "engagements") == {
        "Engagement signé": ["1", f"50,0{NBSP}%"],
        "Engagement en préparation": ["1", f"50,0{NBSP}%"],
        "Pas encore d&#x27;engagement": ["0", f"0,0{NBSP}%"],
    }
    assert _html_rows(html, "jalons") == {
        "Atteints": ["1", f"20,0{NBSP}%"],
        "À venir, dans les temps": ["1", f"20,0{NBSP}%"],
        "En retard": ["2", f"40,0{NBSP}%"],
        "Abandonnés": ["1", f"20,0{NBSP}%"],
    }
    assert "enveloppe-" not in html  # not a funding call


def test_a_funding_call_shows_its_envelope(client, world, staff):
    client.force_login(staff)
    html = client.get(_call_page(world.funding)).content.decode()
    assert _html_rows(html, f"enveloppe-{world.funding.pk}") == {
        "Enveloppe": [f"3{NNBSP}000{NNBSP}000{NBSP}€"],
        "Engagé": [f"195{NNBSP}000{NBSP}€"],
        "Versé": [f"70{NNBSP}000{NBSP}€"],
        "Reste à engager": [f"2{NNBSP}805{NNBSP}000{NBSP}€"],
    }


def test_each_chart_is_followed_by_its_table(client, world, staff):
    client.force_login(staff)
    for url in (_call_page(world.call), _fund_page(world.fund)):
        html = client.get(url).content.decode()
        figures = html.split("<figure ")[1:]
        charts = 0
        for figure in figures:
            figure = figure[: figure.index("</figure>")]
            if 'role="img"' not in figure:
                assert 'class="db-empty"' in figure
                continue
            charts += 1
            ident = re.search(r'aria-labelledby="([^"]+)-svg-title \1-svg-desc"', figure).group(1)
            assert f'<title id="{ident}-svg-title">' in figure
            assert f'<desc id="{ident}-svg-desc">' in figure
            assert figure.index("<svg") < figure.index('<details class="db-data">')
            assert figure.count("<table") == 1
            assert f'<caption id="{ident}-caption">' in figure
            assert '<th scope="col"' in figure
            assert "style=" not in figure
        assert charts >= 10


# --- the fund's numbers ------------------------------------------------------------------


def test_the_fund_dashboard_compares_its_calls(client, world, staff):
    client.force_login(staff)
    response = client.get(_fund_page(world.fund))
    html = response.content.decode()
    assert _html_rows(html, "comparaison") == {
        "Appel 2024": ["8", "5", "2", f"25,0{NBSP}%", "3", "—"],
        "Appel financé 2024": [
            "2",
            "2",
            "2",
            f"100,0{NBSP}%",
            "0",
            f"195{NNBSP}000{NBSP}€ sur 3{NNBSP}000{NNBSP}000{NBSP}€",
        ],
    }
    comparison = _figure(response, "comparaison").chart
    assert [[bar.value for bar in row.bars] for row in comparison.rows] == [[8, 5, 2], [2, 2, 2]]
    assert [item.label for item in comparison.legend] == ["Déposés", "Recevables", "Lauréats"]
    keys = {k.label: k.value for k in response.context["dashboard"].key_figures}
    assert keys["Dossiers déposés"] == "10" and keys["Lauréats"] == "4"
    # both calls' deposits placed by days before their own deadline
    assert _html_rows(html, "depots-par-jour") == {
        "8 jours avant la clôture": ["2", "2"],
        "7 jours avant la clôture": ["1", "3"],
        "4 jours avant la clôture": ["1", "4"],
        "3 jours avant la clôture": ["1", "5"],
        "Jour de la clôture": ["5", "10"],
    }


def test_an_empty_call_says_so(client, fund, staff):
    call = CallFactory(fund=fund)
    client.force_login(staff)
    response = client.get(_call_page(call))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Aucun dossier déposé pour l&#x27;instant." in html
    assert "Aucune étape d&#x27;évaluation n&#x27;est encore définie." in html


# --- queries -----------------------------------------------------------------------------


def _busy_call(fund, n: int):
    """A call with n submitted dossiers, each reviewed twice, laureate with an engagement
    and two milestones one time in three."""
    call = CallFactory(fund=fund, funding=True)
    stage = ReviewStageFactory(call=call)
    reviewers = [UserFactory(), UserFactory()]
    for i in range(n):
        application = submitted(
            ApplicationFactory(call=call, organisation_type="commune"),
            state=S.LAUREATE if i % 3 == 0 else S.ELIGIBLE,
        )
        for reviewer in reviewers:
            assignment = AssignmentFactory(stage=stage, application=application, reviewer=reviewer)
            scored(assignment, [i % 5, (i + 1) % 5])
        if i % 3 == 0:
            accompaniment = AccompanimentFactory(application=application)
            MilestoneFactory(accompaniment=accompaniment)
            MilestoneFactory(accompaniment=accompaniment, status="achieved")
            EngagementFactory(application=application, status="signed")
    return call


# session, user, roles, the call; stages; states, first selection, innovations, reviewers;
# profile; days; review stages and criteria; progress; weighted scores, marks per
# criterion; engagements, milestones; envelope
CALL_QUERIES = 18
# the same, with the fund and then its calls instead of the call (a fund of one call: its
# marks per criterion are shown, as on the call's dashboard)
FUND_QUERIES = 19


def _count(client, url: str) -> int:
    client.get(url)  # warm-up
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries.captured_queries)


def test_the_call_dashboard_costs_the_same_with_3_or_20_dossiers(client, fund, staff):
    client.force_login(staff)
    few = _count(client, _call_page(_busy_call(fund, 3)))
    many = _count(client, _call_page(_busy_call(fund, 20)))
    assert few == many == CALL_QUERIES


def test_the_fund_dashboard_costs_the_same_with_3_or_20_dossiers(
    client, fund, other_fund_staff, staff
):
    from essaim.funds.models import FundMembership

    client.force_login(staff)
    _busy_call(fund, 3)
    few = _count(client, _fund_page(fund))
    other = FundMembership.objects.get(user=other_fund_staff).fund
    FundMembership.objects.create(fund=other, user=staff, role="staff")
    _busy_call(other, 20)
    many = _count(client, _fund_page(other))
    assert few == many == FUND_QUERIES


def test_no_selection_rate_before_any_jury_has_chosen(client, world, staff):
    fresh = CallFactory(fund=world.fund, slug="en-cours", title="Appel en cours")
    submitted(ApplicationFactory(call=fresh, complete=True))
    client.force_login(staff)
    response = client.get(_call_page(fresh))
    keys = {k.label: k.value for k in response.context["dashboard"].key_figures}
    assert keys["Dossiers déposés"] == "1"
    assert keys["Taux de sélection"] == "—"
