"""Programme staff open the portfolio of laureates in Chromium, keep only the late ones,
switch to the timeline and reach its table — axe-core checks each page, and at 375 px the
page body never scrolls sideways (wide content scrolls inside its own region)."""

import datetime as dt
import os
from decimal import Decimal

import pytest
from django.utils import timezone

from essaim.accompaniment.enums import EngagementStatus, MilestoneStatus, PhaseStatus
from essaim.accompaniment.models import Engagement, Tranche

from ..factories import (
    AccompanimentFactory,
    ApplicationFactory,
    CallFactory,
    CohortFactory,
    FundFactory,
    FundMembershipFactory,
    MilestoneFactory,
    PhaseFactory,
    UserFactory,
    laureate,
)
from .navigation import click_and_wait

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "motdepasse-solide-42"  # UserFactory's
SHOTS = os.environ.get("ESSAIM_SCREENSHOTS")  # a folder to keep screenshots in, if set


def _log_in(page, base: str, email: str):
    page.goto(f"{base}/compte/login/")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", PASSWORD)
    click_and_wait(page, page.locator("main form button[type=submit]"))


def _no_page_overflow(page):
    width = page.evaluate("document.documentElement.scrollWidth")
    if width > page.viewport_size["width"]:
        print(
            page.evaluate(
                """() => [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > 380).slice(0, 12).map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right))"""
            )
        )
    assert width <= page.viewport_size["width"], f"page is {width}px wide"


def _shot(page, name: str):
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, f"{name}.png"), full_page=True)


def _laureates():
    today = timezone.localdate()
    fund = FundFactory(slug="ditp", name="DITP — appel à défis", reference_prefix="DITP")
    call = CallFactory(fund=fund, title="Appel à défis 2026", funding=True)
    staff = FundMembershipFactory(
        fund=fund, user=UserFactory(email="equipe@ditp.fr", full_name="Sophie Équipe")
    ).user
    cohort = CohortFactory(call=call, name="Printemps 2026")
    coach = UserFactory(full_name="Camille Coach")
    phases = ["Entretiens usagers", "Conception et prototype", "Test du prototype", "Consolidation"]
    teams = [
        ("Commune de Pessac", "Un accueil qui répond", True),
        ("Grand Dax", "Le guichet partagé", False),
        ("Ville de Rezé", "La borne de rendez-vous", True),
    ]
    for k, (organisation, title, late) in enumerate(teams):
        application = laureate(
            ApplicationFactory(
                call=call, complete=True, organisation_name=organisation, title=title
            )
        )
        accompaniment = AccompanimentFactory(application=application, coach=coach, cohort=cohort)
        start = today - dt.timedelta(days=40 - 15 * k)
        for position, name in enumerate(phases):
            first = start + dt.timedelta(weeks=5 * position)
            PhaseFactory(
                accompaniment=accompaniment,
                position=position,
                name=name,
                planned_start=first,
                planned_end=first + dt.timedelta(weeks=5, days=-3),
                status=(
                    PhaseStatus.DONE
                    if position == 0
                    else PhaseStatus.IN_PROGRESS
                    if position == 1
                    else PhaseStatus.PLANNED
                ),
            )
        MilestoneFactory(
            accompaniment=accompaniment,
            title="Synthèse des entretiens",
            due_on=today + dt.timedelta(days=12),
        )
        if late:
            MilestoneFactory(
                accompaniment=accompaniment,
                title="Prototype à tester",
                status=MilestoneStatus.LATE,
                due_on=today - dt.timedelta(days=4),
            )
        engagement = Engagement.objects.create(
            application=application,
            status=EngagementStatus.SIGNED,
            granted_amount=Decimal("90000"),
        )
        Tranche.objects.create(
            engagement=engagement,
            planned_on=today,
            amount=Decimal("45000"),
            paid_on=today,
            paid_amount=Decimal("45000"),
        )
    return staff


def test_staff_filter_late_laureates_and_read_the_timeline(live_server, page, axe_check):
    staff = _laureates()
    base = live_server.url
    _log_in(page, base, staff.email)

    page.goto(f"{base}/gestion/")
    click_and_wait(page, page.get_by_role("link", name="Portefeuille des lauréats"))
    assert page.locator("h1").inner_text() == "Portefeuille des lauréats"
    assert page.locator("#results-count").inner_text() == "3 lauréats"
    axe_check(page, "portfolio")
    _shot(page, "portfolio-1280")

    page.get_by_label("En retard seulement").check()
    click_and_wait(page, page.get_by_role("button", name="Filtrer"))
    assert "retard=on" in page.url
    assert page.locator("#results-count").inner_text() == "2 lauréats"
    rows = page.locator("table.pf-table tbody tr")
    assert rows.count() == 2
    assert "Grand Dax" not in page.locator("table.pf-table").inner_text()
    assert "1 jalon en retard" in rows.first.text_content()
    axe_check(page, "portfolio, late only")

    click_and_wait(page, page.get_by_role("link", name="Frise des phases"))
    assert "/gestion/portefeuille/frise/" in page.url and "retard=on" in page.url
    assert page.locator(".tl-rows > li").count() == 2
    assert page.locator(".tl-bar").count() == 8
    # what a screen reader reads of a bar: its phase, dates and state
    assert (
        "Conception et prototype : du"
        in page.locator(".tl-bar.tl-bar--in_progress").first.text_content()
    )
    axe_check(page, "timeline")
    _shot(page, "timeline-1280")

    page.get_by_role("link", name="Aller au tableau des phases").click()
    table = page.get_by_role("table", name="Phases des lauréats")
    assert table.is_visible()
    assert table.locator("tbody tr").count() == 8
    assert "Consolidation" in table.inner_text()

    page.set_viewport_size({"width": 375, "height": 800})
    for path in ("/gestion/portefeuille/?retard=on", "/gestion/portefeuille/frise/?retard=on"):
        page.goto(f"{base}{path}")
        _no_page_overflow(page)
        axe_check(page, f"{path} at 375 px")
        _shot(page, "portfolio-375" if "frise" not in path else "timeline-375")


def test_coach_creates_their_calendar_address(live_server, page, axe_check):
    coach = UserFactory(email="coach@agence-design.fr", full_name="Camille Coach")
    accompaniment = AccompanimentFactory(coach=coach)
    MilestoneFactory(accompaniment=accompaniment, due_on=timezone.localdate())
    base = live_server.url
    _log_in(page, base, coach.email)
    page.goto(f"{base}/accompagnement/agenda/")
    axe_check(page, "my calendar, no address yet")
    click_and_wait(page, page.get_by_role("button", name="Créer mon adresse d'agenda"))
    address = page.get_by_label("Adresse de votre agenda (iCalendar)")
    assert address.input_value().startswith(f"{base}/accompagnement/agenda/")
    assert address.input_value().endswith(".ics")
    assert page.get_by_role("status").inner_text() == "Votre adresse d'agenda est prête."
    axe_check(page, "my calendar")
    page.set_viewport_size({"width": 375, "height": 800})
    _no_page_overflow(page)
    _shot(page, "calendar-375")
    old = address.input_value()
    click_and_wait(page, page.get_by_role("button", name="Renouveler l'adresse de mon agenda"))
    assert page.get_by_label("Adresse de votre agenda (iCalendar)").input_value() != old
    assert page.request.get(old).status == 404
