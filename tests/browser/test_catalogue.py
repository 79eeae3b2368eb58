"""A visitor finds an innovation in Chromium: searches, filters by a facet, opens a sheet;
the map and its table; axe-core on every page, and no horizontal scroll at 375 px."""

import pytest

from ..catalogue.catalogue_corpus import build_corpus
from ..factories import OrganisationFactory, ReuseFactory
from .navigation import click_and_wait

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _no_horizontal_overflow(page, label: str):
    width = page.evaluate("document.documentElement.scrollWidth")
    viewport = page.evaluate("document.documentElement.clientWidth")
    assert width <= viewport, f"{label}: {width} px wide in a {viewport} px viewport"


def test_visitor_searches_filters_and_opens_a_sheet(live_server, page, axe_check):
    corpus = build_corpus()
    ReuseFactory(
        innovation=corpus["pessac-telephone"],
        organisation=OrganisationFactory(name="Rezé", departement="44", region="52"),
    )

    page.goto(f"{live_server.url}/innovations/")
    assert page.locator("h1").inner_text() == "Innovations à reproduire"
    axe_check(page, "catalogue")

    page.get_by_label("Rechercher une innovation").fill("accueillir")
    click_and_wait(page, page.get_by_role("button", name="Rechercher"))
    assert "accueillir" in page.url
    results = page.locator(".innovation-item__title")
    assert results.count() >= 3
    axe_check(page, "catalogue, search")

    # a facet: the theme, with its count, through the plain GET form
    page.get_by_label("Accueil et relation aux usagers").check()
    click_and_wait(page, page.get_by_role("button", name="Appliquer les filtres"))
    assert "theme=reception" in page.url and "q=accueillir" in page.url
    assert page.locator(".innovation-item__title").first.inner_text() != ""
    titles = page.locator(".innovation-item__title").all_inner_texts()
    assert "Un accueil téléphonique repensé avec les agents" in titles
    assert "Accueillir les jeunes mineurs non accompagnés" not in titles  # social theme
    assert (
        page.get_by_role(
            "link", name="Retirer le filtre Thème : Accueil et relation aux usagers"
        ).count()
        == 1
    )
    axe_check(page, "catalogue, filtered")

    page.set_viewport_size({"width": 375, "height": 800})
    _no_horizontal_overflow(page, "catalogue at 375 px")
    page.set_viewport_size({"width": 1280, "height": 900})

    click_and_wait(
        page, page.get_by_role("link", name="Un accueil téléphonique repensé avec les agents")
    )
    assert page.url.endswith("/innovations/pessac-telephone/")
    assert page.locator("h1").inner_text() == "Un accueil téléphonique repensé avec les agents"
    # « Déjà fait ailleurs » on the sheet: other sheets, never itself
    similar = page.locator("section.similar")
    assert similar.count() == 1
    assert similar.locator("a").count() == 3
    assert "pessac-telephone" not in " ".join(
        similar.locator("a").evaluate_all("links => links.map(a => a.href)")
    )
    axe_check(page, "sheet")


def test_map_and_its_table(live_server, page, axe_check):
    corpus = build_corpus()
    ReuseFactory(
        innovation=corpus["renac-bourg"],
        organisation=OrganisationFactory(name="Vitré", departement="35", region="53"),
    )
    page.goto(f"{live_server.url}/carte-des-innovations/")
    assert page.locator(".tile").count() == 101
    # the table is real content
    row = page.get_by_role("row", name="35 — Ille-et-Vilaine")
    assert row.locator("td").all_inner_texts() == ["2", "1"]
    axe_check(page, "map")
    page.set_viewport_size({"width": 375, "height": 800})
    _no_horizontal_overflow(page, "map at 375 px")
    page.set_viewport_size({"width": 1280, "height": 900})

    click_and_wait(
        page, page.get_by_role("link", name="Ille-et-Vilaine : 2 innovations, 1 réutilisation")
    )
    assert "departement=35" in page.url
    assert page.locator(".innovation-item").count() == 2
