"""The staff's portfolio of laureates and its timeline: who may open them, filters, sort,
pages, and a number of queries that does not grow with the rows."""

import datetime as dt
from decimal import Decimal
from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from essaim.accompaniment.enums import EngagementStatus, MilestoneStatus, PhaseStatus
from essaim.accompaniment.models import Engagement, Tranche
from essaim.applications.enums import TeamAccess
from essaim.applications.models import TeamMember

from ..factories import (
    AccompanimentFactory,
    ApplicationFactory,
    CallFactory,
    CohortFactory,
    MilestoneFactory,
    PhaseFactory,
    UserFactory,
    laureate,
)

pytestmark = pytest.mark.django_db

PORTFOLIO = "/gestion/portefeuille/"
TIMELINE = "/gestion/portefeuille/frise/"


def page_text(response) -> str:
    return unescape(response.content.decode())


def make_laureate(
    call,
    *,
    name="Commune de Pessac",
    coach=None,
    cohort=None,
    late=False,
    phase="Entretiens usagers",
    amount=None,
    paid=None,
):
    """A laureate with two phases (one in progress), milestones (one late if asked) and,
    for `amount`, a signed engagement with a paid and an unpaid tranche."""
    today = timezone.localdate()
    application = laureate(ApplicationFactory(call=call, complete=True, organisation_name=name))
    accompaniment = AccompanimentFactory(application=application, coach=coach, cohort=cohort)
    PhaseFactory(
        accompaniment=accompaniment,
        position=0,
        name=phase,
        status=PhaseStatus.IN_PROGRESS,
        planned_start=today - dt.timedelta(days=20),
        planned_end=today + dt.timedelta(days=10),
    )
    PhaseFactory(
        accompaniment=accompaniment,
        position=1,
        name="Consolidation",
        planned_start=today + dt.timedelta(days=11),
        planned_end=today + dt.timedelta(days=60),
    )
    MilestoneFactory(
        accompaniment=accompaniment, title="Prochain jalon", due_on=today + dt.timedelta(days=5)
    )
    if late:
        MilestoneFactory(
            accompaniment=accompaniment,
            title="Jalon manqué",
            status=MilestoneStatus.LATE,
            due_on=today - dt.timedelta(days=3),
        )
    if amount is not None:
        engagement = Engagement.objects.create(
            application=application, status=EngagementStatus.SIGNED, granted_amount=amount
        )
        Tranche.objects.create(
            engagement=engagement,
            position=0,
            planned_on=today,
            amount=amount / 2,
            paid_on=today,
            paid_amount=paid,
        )
        Tranche.objects.create(
            engagement=engagement, position=1, planned_on=today, amount=amount / 2
        )
    return application


# --- who may open it ----------------------------------------------------------------------


@pytest.mark.parametrize("path", [PORTFOLIO, TIMELINE])
def test_anonymous_is_sent_to_login(client, path):
    response = client.get(path)
    assert response.status_code == 302 and "/compte/login/" in response["Location"]


@pytest.mark.parametrize("who", ["coach", "team", "outsider"])
@pytest.mark.parametrize("path", [PORTFOLIO, TIMELINE])
def test_coach_team_and_outsider_are_refused(client, call, applicant, outsider, who, path):
    coach = UserFactory()
    application = make_laureate(call, coach=coach)
    TeamMember.objects.create(
        application=application,
        user=applicant,
        full_name="A",
        job_title="Agent",
        access=TeamAccess.EDITOR,
    )
    client.force_login({"coach": coach, "team": applicant, "outsider": outsider}[who])
    assert client.get(path).status_code == 403


def test_staff_see_only_their_funds_laureates(client, call, staff):
    make_laureate(call, name="Commune de Pessac")
    make_laureate(CallFactory(), name="Ville d'ailleurs")
    client.force_login(staff)
    response = client.get(PORTFOLIO)
    assert response.status_code == 200
    text = page_text(response)
    assert "Commune de Pessac" in text and "Ville d'ailleurs" not in text
    assert "1 lauréat" in text


def test_platform_admin_sees_all(client, call):
    admin = UserFactory(is_superuser=True)
    make_laureate(call, name="Commune de Pessac")
    make_laureate(CallFactory(), name="Ville d'ailleurs")
    client.force_login(admin)
    text = page_text(client.get(PORTFOLIO))
    assert "Commune de Pessac" in text and "Ville d'ailleurs" in text


def test_home_links_to_the_portfolio(client, staff):
    client.force_login(staff)
    assert reverse("backoffice:portfolio") in client.get("/gestion/").content.decode()


# --- what a row shows ---------------------------------------------------------------------


def test_row_shows_phase_milestone_lateness_and_money(client, call, staff):
    coach = UserFactory(full_name="Camille Coach")
    cohort = CohortFactory(call=call, name="Printemps")
    make_laureate(
        call, coach=coach, cohort=cohort, late=True, amount=Decimal("80000"), paid=Decimal("40000")
    )
    client.force_login(staff)
    text = page_text(client.get(PORTFOLIO))
    for expected in (
        "Camille Coach",
        "Printemps",
        "Entretiens usagers",
        "Prochain jalon",
        'tag--red">1<span class="visually-hidden"> jalon en retard',
        "80\u202f000\u00a0€",
        "40\u202f000\u00a0€",
    ):
        assert expected in text, expected


# --- filters ------------------------------------------------------------------------------


def names(response) -> set[str]:
    return {a.organisation_name for a in response.context["page"].object_list}


def test_filter_late_only(client, call, staff):
    make_laureate(call, name="En retard", late=True)
    make_laureate(call, name="À l'heure")
    client.force_login(staff)
    assert names(client.get(PORTFOLIO, {"retard": "on"})) == {"En retard"}
    assert names(client.get(TIMELINE, {"retard": "on"})) == {"En retard"}


def test_filter_by_coach_cohort_phase_fund_and_call(client, call, fund, staff):
    coach = UserFactory(full_name="Camille Coach")
    cohort = CohortFactory(call=call)
    make_laureate(call, name="A", coach=coach)
    make_laureate(call, name="B", cohort=cohort, phase="Test du prototype")
    other_call = CallFactory(fund=fund)
    make_laureate(other_call, name="C")
    client.force_login(staff)
    assert names(client.get(PORTFOLIO, {"accompagnant": coach.pk})) == {"A"}
    assert names(client.get(PORTFOLIO, {"accompagnant": "aucun"})) == {"B", "C"}
    assert names(client.get(PORTFOLIO, {"cohorte": cohort.pk})) == {"B"}
    assert names(client.get(PORTFOLIO, {"cohorte": "aucun"})) == {"A", "C"}
    assert names(client.get(PORTFOLIO, {"phase": "Test du prototype"})) == {"B"}
    assert names(client.get(PORTFOLIO, {"appel": other_call.pk})) == {"C"}
    assert names(client.get(PORTFOLIO, {"fonds": fund.pk})) == {"A", "B", "C"}


def test_filters_refuse_another_funds_call(client, call, staff):
    make_laureate(call, name="A")
    foreign = CallFactory()
    make_laureate(foreign, name="Z")
    client.force_login(staff)
    response = client.get(PORTFOLIO, {"appel": foreign.pk})
    assert response.status_code == 200
    assert response.context["form"].errors["appel"]
    assert "Z" not in names(response)


def test_sort_by_late_count_descending(client, call, staff):
    make_laureate(call, name="Aucun retard")
    make_laureate(call, name="Un retard", late=True)
    client.force_login(staff)
    response = client.get(PORTFOLIO, {"tri": "-retard"})
    rows = [a.organisation_name for a in response.context["page"].object_list]
    assert rows == ["Un retard", "Aucun retard"]
    assert 'aria-sort="descending"' in response.content.decode()


def test_pages_of_25(client, call, staff):
    for i in range(27):
        laureate(ApplicationFactory(call=call, complete=True, organisation_name=f"Commune {i:02d}"))
    client.force_login(staff)
    first = client.get(PORTFOLIO)
    assert len(first.context["page"].object_list) == 25
    assert "Page 1 sur 2" in page_text(first)
    assert len(client.get(PORTFOLIO, {"page": 2}).context["page"].object_list) == 2


# --- the timeline -------------------------------------------------------------------------


def test_timeline_shows_bars_and_the_table(client, call, staff):
    make_laureate(call, name="Commune de Pessac")
    client.force_login(staff)
    response = client.get(TIMELINE)
    text = page_text(response)
    assert response.status_code == 200
    assert 'class="tl-bar tl-bar--in_progress' in text
    assert "Entretiens usagers : du " in text  # what a screen reader reads in the bar
    assert 'id="tableau-phases"' in text
    assert text.count("<tbody>") == 1 and "Consolidation" in text


# --- query count --------------------------------------------------------------------------


def _queries(client, path) -> int:
    client.get(path)  # warm-up
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200
    return len(queries)


# session, user, roles; the filters' choices (funds, calls, cohorts, coaches, phases); count
# and page of laureates; the timeline adds the page's phases.
@pytest.mark.parametrize(
    "path, pinned",
    [(PORTFOLIO, 10), (TIMELINE, 11), (f"{PORTFOLIO}?retard=on&tri=-verse", 10)],
)
def test_query_count_does_not_grow_with_laureates(client, call, staff, path, pinned):
    coaches = [UserFactory() for _ in range(3)]
    cohorts = [CohortFactory(call=call) for _ in range(2)]

    def add(n, offset):
        for i in range(n):
            make_laureate(
                call,
                name=f"Commune {offset + i}",
                coach=coaches[i % 3],
                cohort=cohorts[i % 2],
                late=i % 2 == 0,
                amount=Decimal("50000"),
                paid=Decimal("25000"),
            )

    client.force_login(staff)
    add(3, 0)
    few = _queries(client, path)
    add(27, 100)
    many = _queries(client, path)
    assert few == many == pinned
