"""Programme staff read the dashboards in Chromium, on the demo's own data: from the call's
page to its dashboard, the data under a chart, then the fund's dashboard with its calls side
by side — axe-core clean with the data tables closed and open, at 1280 and 375 px (the page
never scrolls sideways). Screenshots go to /tmp/h6-*.png (or ESSAIM_SCREENSHOTS)."""

import os

import pytest
from django.conf import settings
from django.db.models import Count, Q
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from essaim.accounts.models import User
from essaim.accounts.two_factor import ENROLLED_SESSION_KEY
from essaim.demo.loader import FUNDS, load_demo
from essaim.funds.models import Call
from essaim.territory.snapshot import load_snapshot, subset

from .navigation import click_and_wait

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = os.environ.get("ESSAIM_SCREENSHOTS", "/tmp")
STAFF = "equipe-mnt@demo.essaim.fr"


def _referential() -> dict:
    departements = {d.departement for f in FUNDS for c in f.calls for d in c.dossiers}
    return subset(load_snapshot(), departements)


def _log_in(page, base: str, email: str):
    """A signed-in session handed to the browser (the sign-in form has its own tests)."""
    client = Client()
    client.force_login(User.objects.get(email=email))
    session = client.session
    session[ENROLLED_SESSION_KEY] = True  # as if the staff member had set up 2FA
    session.save()
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": base,
            }
        ]
    )


def _no_page_overflow(page):
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], f"page is {width}px wide"


def _busiest_mnt_call() -> Call:
    return (
        Call.objects.filter(fund__slug="mnt")
        .annotate(
            n=Count("applications", filter=~Q(applications__state="draft"), distinct=True),
            r=Count("review_stages__assignments", distinct=True),
        )
        .order_by("-r", "-n", "pk")
        .first()
    )


def test_staff_read_the_call_and_fund_dashboards(live_server, page, axe_check):
    # the demo is loaded once (about ten seconds) for both widths
    load_demo(now=timezone.now(), referential=_referential())
    call = _busiest_mnt_call()
    base = live_server.url
    _log_in(page, base, STAFF)
    for width in (1280, 375):
        _read_the_dashboards(page, base, call, axe_check, width)


def _read_the_dashboards(page, base, call, axe_check, width):
    page.set_viewport_size({"width": width, "height": 900})

    page.goto(f"{base}{reverse('backoffice:call_detail', args=[call.pk])}")
    click_and_wait(page, page.get_by_role("link", name="Tableau de bord de l'appel"))
    assert page.get_by_role("heading", level=1).inner_text() == "Tableau de bord de l'appel"
    main = page.locator("main")
    figures = main.locator("figure.db-figure")
    charts = main.locator("svg[role=img]")
    assert charts.count() >= 8
    # every chart is named by its title and description, and followed by its table
    for index in range(charts.count()):
        chart = charts.nth(index)
        assert chart.get_attribute("aria-labelledby").endswith("-svg-desc")
    assert main.locator("details.db-data table").count() == charts.count()
    assert figures.count() >= charts.count()
    # the print button appears with JavaScript
    assert page.get_by_role("button", name="Imprimer le tableau de bord").is_visible()
    axe_check(page, f"tableau de bord de l'appel {width}")
    _no_page_overflow(page)
    page.screenshot(path=os.path.join(SHOTS, f"h6-call-{width}.png"), full_page=True)

    # the funnel's data: its first line is the drafts
    funnel = main.locator(
        "figure", has=page.get_by_role("heading", name="Du brouillon à l'essaimage")
    )
    funnel.get_by_text("Voir les données").click()
    table = funnel.get_by_role("table")
    assert table.is_visible()
    deposited = table.locator("tbody tr").nth(1)
    assert deposited.locator("th").inner_text() == "Déposés"
    assert "100,0" in deposited.inner_text()
    for details in main.locator("details.db-data").all():
        details.evaluate("d => d.open = true")
    axe_check(page, f"tableau de bord, données ouvertes {width}")
    _no_page_overflow(page)
    page.screenshot(path=os.path.join(SHOTS, f"h6-call-open-{width}.png"), full_page=True)

    # printing shows every table (the stylesheet opens the <details>)
    page.emulate_media(media="print")
    closed = main.locator("details.db-data").first
    closed.evaluate("d => d.open = false")
    assert closed.locator("table").is_visible()
    page.emulate_media(media="screen")

    # the fund's dashboard, from the back-office home
    page.goto(f"{base}{reverse('backoffice:home')}")
    click_and_wait(page, page.get_by_role("link", name="Tableau de bord — Fonds MNT"))
    assert page.get_by_role("heading", level=1).inner_text() == "Tableau de bord — Fonds MNT"
    comparison = main.locator(
        "figure", has=page.get_by_role("heading", name="Les appels côte à côte")
    )
    rows = comparison.locator("table tbody tr")  # in a closed <details>: not in the a11y tree
    assert rows.count() == Call.objects.filter(fund__slug="mnt").count()
    axe_check(page, f"tableau de bord du fonds {width}")
    _no_page_overflow(page)
    page.screenshot(path=os.path.join(SHOTS, f"h6-fund-{width}.png"), full_page=True)
