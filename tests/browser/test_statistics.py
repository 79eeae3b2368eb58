"""Programme staff read a call's statistics in Chromium: from the call's page to the
breakdowns, restricted to the laureates, then from a count to the list it stands for — with
axe-core on each page, at 1280 and 375 px (the body never scrolls sideways)."""

import os

import pytest
from django.urls import reverse

from essaim.applications.enums import ApplicationState as S

from ..factories import (
    ApplicationFactory,
    CallFactory,
    FundFactory,
    FundMembershipFactory,
    OrganisationFactory,
    UserFactory,
    submitted,
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


def _shot(page, name: str):
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, f"{name}.png"), full_page=True)


def _no_page_overflow(page):
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], f"page is {width}px wide"
    # nor does any table scroll inside its own box: the bars fold under their share
    wider = page.evaluate(
        "[...document.querySelectorAll('.table-wrap')].filter("
        "e => e.scrollWidth > e.clientWidth).length"
    )
    assert wider == 0, f"{wider} tables scroll sideways"


def _call_with_dossiers():
    fund = FundFactory(slug="mnt", name="Fonds MNT", reference_prefix="MNT")
    call = CallFactory(fund=fund, slug="2026-7", year=2026, edition=7, title="Septième appel")
    staff = FundMembershipFactory(
        fund=fund, user=UserFactory(email="equipe@fonds-mnt.fr", full_name="Sophie Équipe")
    ).user
    bodies = [
        ("Pessac", "commune", "33", "75", 66_000),
        ("Renac", "commune", "35", "53", 1_100),
        ("Communauté de communes Haute-Corrèze Communauté", "epci", "19", "75", 38_000),
    ]
    organisations = [
        OrganisationFactory(name=name, kind=kind, departement=dep, region=reg, population=pop)
        for name, kind, dep, reg, pop in bodies
    ]
    plan = [
        (0, S.SUBMITTED),
        (0, S.ELIGIBLE),
        (0, S.LAUREATE),
        (1, S.SHORTLISTED),
        (1, S.LAUREATE),
        (2, S.NOT_SELECTED),
        (None, S.SUBMITTED),  # recorded before the referential
        (None, S.DRAFT),
    ]
    for index, state in plan:
        organisation = organisations[index] if index is not None else None
        application = ApplicationFactory(
            call=call,
            organisation=organisation,
            organisation_name=organisation.formal_name if organisation else "SDIS du Calvados",
            organisation_type=organisation.kind if organisation else "sdis",
            organisation_departement=organisation.departement if organisation else "14",
        )
        if state != S.DRAFT:
            submitted(application, state=state)
    return call, staff


@pytest.mark.parametrize("width", [1280, 375])
def test_staff_read_the_statistics_and_open_a_count(live_server, page, axe_check, width):
    call, staff = _call_with_dossiers()
    page.set_viewport_size({"width": width, "height": 900})
    base = live_server.url
    _log_in(page, base, staff.email)

    page.goto(f"{base}{reverse('backoffice:call_detail', args=[call.pk])}")
    click_and_wait(page, page.get_by_role("link", name="Statistiques des dossiers"))
    assert page.get_by_role("heading", level=1).inner_text() == "Statistiques des dossiers"
    assert "7 dossiers comptés" in page.locator("main").inner_text()
    size_table = page.get_by_role("table", name="Dossiers déposés par taille de l'organisme")
    row = size_table.get_by_role("row", name="Non renseigné")
    assert "1" in row.inner_text() and "14,3" in row.inner_text()
    axe_check(page, f"statistiques {width}")
    _no_page_overflow(page)
    _shot(page, f"statistiques-{width}")

    # the laureates only
    click_and_wait(page, page.get_by_role("link", name="Lauréats"))
    assert "perimetre=laureats" in page.url
    assert "2 dossiers comptés" in page.locator("main").inner_text()
    assert page.locator("nav.st-scopes [aria-current=page]").inner_text() == "Lauréats"
    axe_check(page, f"statistiques lauréats {width}")
    _no_page_overflow(page)
    _shot(page, f"statistiques-laureats-{width}")

    # back to every submitted dossier; from a count to the list it stands for
    click_and_wait(page, page.get_by_role("link", name="Dossiers déposés", exact=True))
    region_table = page.get_by_role("table", name="Dossiers déposés par région")
    click_and_wait(
        page,
        region_table.get_by_role("link", name="voir les dossiers « Nouvelle-Aquitaine »"),
    )
    assert "region=75" in page.url
    assert page.locator("#results-count").inner_text() == "4 dossiers"
