"""What a visitor reads on the public pages."""

import datetime as dt
from html import unescape
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from essaim.funds.enums import StageKind
from essaim.funds.models import CallStage, Theme

from ..factories import CallFactory, FundFactory

pytestmark = pytest.mark.django_db

PARIS = ZoneInfo("Europe/Paris")
NOW = dt.datetime(2024, 5, 12, 10, 0, tzinfo=PARIS)
DAY = dt.timedelta(days=1)


@pytest.fixture(autouse=True)
def frozen_time():
    with time_machine.travel(NOW, tick=False):
        yield


def _page(client, url):
    response = client.get(url)
    assert response.status_code == 200
    # entities decoded: translated strings keep their apostrophes, variables escape them
    return unescape(response.content.decode()).replace("\u00a0", " ")


def _section(html, start_marker, end_marker):
    start = html.index(start_marker)
    end = html.index(end_marker, start)
    return html[start:end]


# --- home ------------------------------------------------------------------------------------


def test_home_lists_open_then_upcoming_then_closed_calls(client, fund):
    CallFactory(fund=fund, title="Appel ouvert", opens_at=NOW - 10 * DAY, closes_at=NOW + 12 * DAY)
    CallFactory(fund=fund, title="Appel à venir", opens_at=NOW + 20 * DAY, closes_at=NOW + 50 * DAY)
    CallFactory(fund=fund, title="Appel clos", opens_at=NOW - 90 * DAY, closes_at=NOW - 60 * DAY)

    html = _page(client, reverse("public:home"))

    open_section = _section(html, 'id="open-calls"', "</section>")
    upcoming_section = _section(html, 'id="upcoming-calls"', "</section>")
    closed_section = _section(html, 'id="closed-calls"', "</section>")
    assert "Appel ouvert" in open_section and "Appel à venir" not in open_section
    assert "Appel à venir" in upcoming_section and "Appel ouvert" not in upcoming_section
    assert "Appel clos" in closed_section
    assert html.index("Appel ouvert") < html.index("Appel à venir") < html.index("Appel clos")


def test_home_open_call_card_shows_deadline_countdown_fund_offer_and_actions(client, fund):
    call = CallFactory(
        fund=fund,
        opens_at=NOW - 10 * DAY,
        closes_at=dt.datetime(2024, 5, 24, 12, tzinfo=PARIS),
        accompaniment_months=5,
    )

    html = _page(client, reverse("public:home"))

    assert "24 mai 2024 à 12 h 00" in html
    assert "Clôture dans 12 jours" in html
    assert "Fonds MNT" in html
    assert "pendant 5 mois" in html
    apply_url = reverse("portal:application_start", args=[fund.slug, call.slug])
    assert f'href="{apply_url}"' in html
    assert "Voir l'appel" in html


def test_home_upcoming_call_shows_opening_date_and_no_apply_button(client, fund):
    call = CallFactory(
        fund=fund,
        opens_at=dt.datetime(2024, 6, 3, 9, tzinfo=PARIS),
        closes_at=dt.datetime(2024, 7, 5, 12, tzinfo=PARIS),
    )
    html = _page(client, reverse("public:home"))
    assert "3 juin 2024 à 9 h 00" in html
    assert reverse("portal:application_start", args=[fund.slug, call.slug]) not in html


def test_home_says_so_in_french_when_there_is_no_call(client, db):
    html = _page(client, reverse("public:home"))
    assert "Aucun appel n'est ouvert en ce moment." in html
    assert "Aucun appel n'est annoncé pour le moment." in html
    assert "Aucun appel n'est encore clos." in html
    assert reverse("public:past_calls") in html


def test_home_hides_unpublished_calls_and_funds(client, fund):
    CallFactory(fund=fund, title="Brouillon secret", is_published=False)
    CallFactory(
        fund=FundFactory(is_published=False, name="Fonds caché"), title="Appel d'un fonds caché"
    )
    html = _page(client, reverse("public:home"))
    assert "Brouillon secret" not in html
    assert "Fonds caché" not in html
    assert "Appel d'un fonds caché" not in html


def test_home_explains_essaim_and_has_one_h1(client, db):
    html = _page(client, reverse("public:home"))
    assert "Essaim, qu'est-ce que c'est ?" in html
    assert html.count("<h1") == 1


# --- fund page -------------------------------------------------------------------------------


def test_fund_page_shows_the_fund_and_its_calls_by_status(client, fund):
    fund.tagline = "Accélérateur d'innovation pour les agents territoriaux"
    fund.partners = "AMF, SNDGCT"
    fund.website = "https://fonds.mnt.fr/"
    fund.contact_email = "fonds@mnt.fr"
    fund.description = "Créé en 2020.\n\nIl accompagne les agents."
    fund.save()
    CallFactory(fund=fund, title="Appel ouvert", opens_at=NOW - DAY, closes_at=NOW + DAY)
    CallFactory(fund=fund, title="Appel à venir", opens_at=NOW + 9 * DAY, closes_at=NOW + 30 * DAY)
    CallFactory(fund=fund, title="Appel clos", opens_at=NOW - 99 * DAY, closes_at=NOW - 60 * DAY)
    CallFactory(title="Appel d'un autre fonds")

    html = _page(client, reverse("public:fund_detail", args=[fund.slug]))

    assert "<h1>Fonds MNT</h1>" in html
    for text in [
        "Accélérateur d'innovation",
        "AMF, SNDGCT",
        "fonds.mnt.fr",
        "fonds@mnt.fr",
        "<p>Créé en 2020.</p>",
        "Opérateur public",
    ]:
        assert text in html
    assert "Appel ouvert" in _section(html, 'id="open-calls"', "</section>")
    assert "Appel à venir" in _section(html, 'id="upcoming-calls"', "</section>")
    assert "Appel clos" in _section(html, 'id="past-calls"', "</section>")
    assert "Appel d'un autre fonds" not in html


def test_fund_page_links_its_theme_and_logo(client, fund):
    fund.logo = "funds/logos/mnt.png"
    fund.save()
    html = _page(client, reverse("public:fund_detail", args=[fund.slug]))
    assert reverse("public:fund_theme", args=[fund.slug]) in html
    assert reverse("public:fund_logo", args=[fund.slug]) in html


def test_unpublished_fund_page_is_not_found(client):
    hidden = FundFactory(is_published=False)
    assert client.get(reverse("public:fund_detail", args=[hidden.slug])).status_code == 404


# --- call page -------------------------------------------------------------------------------


@pytest.fixture
def open_call(fund):
    call = CallFactory(
        fund=fund,
        slug="2024-6",
        title="Sixième appel à projets",
        summary="Des idées d'agents pour l'accueil.",
        description="Le Fonds MNT accompagne les projets collectifs.",
        audience="Tous les agents territoriaux.",
        how_to_apply="Comptez une heure.",
        opens_at=dt.datetime(2024, 4, 15, 9, tzinfo=PARIS),
        closes_at=dt.datetime(2024, 5, 24, 12, tzinfo=PARIS),
        allowed_organisation_types=["commune", "sdis"],
        eligibility_rules=(
            "Le soutien hiérarchique est confirmé.\n\nLe projet relève d'une thématique."
        ),
        accompaniment_months=5,
        max_laureates=4,
        stages=[],
        themes=[],
    )
    Theme.objects.create(
        call=call,
        title="Repenser l'accueil des usagers",
        description="Sans imposer la dématérialisation.",
        position=0,
    )
    Theme.objects.create(call=call, title="Conditions de travail des agents", position=1)
    for position, (kind, starts, ends) in enumerate(
        [
            (StageKind.APPLICATION, None, None),
            (StageKind.FIRST_SELECTION, dt.date(2024, 5, 27), dt.date(2024, 6, 5)),
            (StageKind.JURY, dt.date(2024, 6, 20), dt.date(2024, 6, 20)),
        ]
    ):
        CallStage.objects.create(
            call=call, kind=kind, starts_on=starts, ends_on=ends, position=position
        )
    CallStage.objects.create(
        call=call,
        kind=StageKind.RESULTS,
        title="Annonce publique",
        position=3,
        starts_on=dt.date(2024, 6, 28),
    )
    return call


def test_call_page_shows_everything_a_candidate_needs(client, open_call):
    html = _page(client, open_call.get_absolute_url())

    assert html.count("<h1") == 1
    assert "Sixième appel à projets" in html
    assert "Le Fonds MNT accompagne les projets collectifs." in html
    # themes with their descriptions
    assert "Repenser l'accueil des usagers" in html
    assert "Sans imposer la dématérialisation." in html
    # who can apply
    assert "Tous les agents territoriaux." in html
    assert "Commune" in html and "Service départemental d'incendie et de secours" in html
    assert "Obligatoire" in html  # hierarchical support
    assert "Le soutien hiérarchique est confirmé." in html
    assert "Le projet relève d'une thématique." in html
    # what laureates get
    assert "Accompagnement (mécénat de compétences)" in html
    assert "environ 5 mois" in html
    assert "jusqu'à 4 lauréats" in html
    # dates
    assert "15 avril 2024 à 9 h 00" in html
    assert "24 mai 2024 à 12 h 00" in html
    assert "Comptez une heure." in html


def test_call_page_calendar_lists_stages_in_order_and_marks_the_current_one(client, open_call):
    html = _page(client, open_call.get_absolute_url())
    calendar = _section(html, '<ol class="timeline">', "</ol>")
    titles = ["Dépôt des candidatures", "Première sélection", "Jury", "Annonce publique"]
    positions = [calendar.index(title) for title in titles]
    assert positions == sorted(positions)
    assert "du 15 avril au 24 mai 2024" in calendar
    assert "du 27 mai au 5 juin 2024" in calendar
    assert "le 20 juin 2024" in calendar
    current = _section(calendar, 'aria-current="step"', "</li>")
    assert "Dépôt des candidatures" in current and "En cours" in current


def test_call_page_countdown_is_rendered_by_the_server(client, open_call):
    html = _page(client, open_call.get_absolute_url())
    assert 'data-deadline="2024-05-24T12:00:00+02:00"' in html
    assert "Clôture dans 12 jours et 2 heures." in html


def test_call_page_countdown_in_hours_on_the_last_day(client, open_call):
    with time_machine.travel(dt.datetime(2024, 5, 24, 9, 0, tzinfo=PARIS), tick=False):
        html = _page(client, open_call.get_absolute_url())
    assert "Clôture dans 3 heures." in html


def test_call_page_offers_to_apply_when_open_and_tells_visitors_about_the_account(
    client, open_call
):
    html = _page(client, open_call.get_absolute_url())
    apply_url = reverse("portal:application_start", args=[open_call.fund.slug, open_call.slug])
    assert f'href="{apply_url}"' in html
    assert "créer un compte" in html and "vous connecter" in html


def test_call_page_does_not_mention_the_account_to_a_signed_in_person(client, open_call, applicant):
    client.force_login(applicant)
    html = _page(client, open_call.get_absolute_url())
    assert "créer un compte</a> ou de" not in html
    assert reverse("portal:application_start", args=[open_call.fund.slug, open_call.slug]) in html


def test_upcoming_call_page_gives_the_opening_date_and_no_apply_button(client, fund):
    call = CallFactory(
        fund=fund,
        opens_at=dt.datetime(2024, 6, 3, 9, tzinfo=PARIS),
        closes_at=dt.datetime(2024, 7, 5, 12, tzinfo=PARIS),
    )
    html = _page(client, call.get_absolute_url())
    assert "Ouverture le 3 juin 2024 à 9 h 00" in html
    assert "À venir" in html
    assert reverse("portal:application_start", args=[fund.slug, call.slug]) not in html


def test_closed_call_page_says_so_and_gives_the_results(client, open_call):
    with time_machine.travel(dt.datetime(2024, 7, 1, 9, tzinfo=PARIS), tick=False):
        html = _page(client, open_call.get_absolute_url())
    assert "L'appel est clos." in html
    assert "Les résultats ont été annoncés le 28 juin 2024." in html
    assert (
        reverse("portal:application_start", args=[open_call.fund.slug, open_call.slug]) not in html
    )


def test_closed_call_page_announces_the_results_date_before_it(client, open_call):
    with time_machine.travel(dt.datetime(2024, 6, 1, 9, tzinfo=PARIS), tick=False):
        html = _page(client, open_call.get_absolute_url())
    assert "Annonce des résultats prévue le 28 juin 2024" in html


def test_funding_call_page_shows_amounts_and_envelope(client, fund):
    call = CallFactory(
        fund=fund,
        funding=True,
        max_laureates=27,
        opens_at=NOW - DAY,
        closes_at=NOW + DAY,
        requires_partners=True,
    )
    html = _page(client, call.get_absolute_url())
    assert "de 30\u202f000 € à 120\u202f000 €" in html
    assert "3\u202f000\u202f000 €" in html
    assert "Financement" in html
    assert "jusqu'à 27 lauréats" in html
    assert "Indiquez le montant demandé" in html
    eligibility = _section(html, 'id="eligibility"', "</section>")
    assert "Tous les organismes publics" in eligibility
    assert "Demandé" in eligibility and "Non demandé" in eligibility  # partners yes, support no


def test_call_page_passes_the_fund_for_its_accent_colour(client, open_call):
    html = _page(client, open_call.get_absolute_url())
    assert reverse("public:fund_theme", args=[open_call.fund.slug]) in html


def test_call_page_breadcrumbs(client, open_call):
    html = _page(client, open_call.get_absolute_url())
    crumbs = _section(html, 'class="breadcrumbs"', "</nav>")
    assert reverse("public:home") in crumbs
    assert reverse("public:fund_detail", args=[open_call.fund.slug]) in crumbs
    assert 'aria-current="page">Sixième appel à projets' in crumbs


@pytest.mark.parametrize("hidden", ["call", "fund"])
def test_unpublished_call_page_is_not_found(client, open_call, hidden):
    target = open_call if hidden == "call" else open_call.fund
    target.is_published = False
    target.save()
    assert client.get(open_call.get_absolute_url()).status_code == 404


def test_call_of_another_fund_is_not_found_under_this_fund(client, open_call):
    other = FundFactory()
    url = reverse("public:call_detail", args=[other.slug, open_call.slug])
    assert client.get(url).status_code == 404


# --- past calls ------------------------------------------------------------------------------


def test_past_calls_grouped_by_fund_then_year(client, fund):
    ditp = FundFactory(name="Appel à défis de la DITP")
    for owner, year, edition, title in [
        (fund, 2022, 3, "MNT troisième"),
        (fund, 2023, 5, "MNT cinquième"),
        (ditp, 2021, 1, "DITP premier"),
    ]:
        closes = dt.datetime(year, 5, 1, 12, tzinfo=PARIS)
        CallFactory(
            fund=owner,
            year=year,
            edition=edition,
            slug=f"{year}-{edition}",
            title=title,
            opens_at=closes - 30 * DAY,
            closes_at=closes,
            funding=owner == ditp,
        )
    CallFactory(fund=fund, title="MNT encore ouvert", opens_at=NOW - DAY, closes_at=NOW + DAY)

    html = _page(client, reverse("public:past_calls"))

    assert "MNT encore ouvert" not in html
    assert html.index("Appel à défis de la DITP</h2>") < html.index("Fonds MNT</h2>")
    mnt = html[html.index("Fonds MNT</h2>") :]
    assert (
        mnt.index("2023")
        < mnt.index("MNT cinquième")
        < mnt.index("2022")
        < mnt.index("MNT troisième")
    )
    assert "Clos le 1 mai 2023" in html or "Clos le 1er mai 2023" in html


def test_past_calls_empty(client, db):
    html = _page(client, reverse("public:past_calls"))
    assert "Aucun appel n'est encore clos." in html


# --- legal pages -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("public:legal", "Mentions légales"),
        ("public:privacy", "Données personnelles"),
        ("public:accessibility", "est non conforme avec le référentiel"),
    ],
)
def test_legal_pages(client, db, name, expected):
    html = _page(client, reverse(name))
    assert expected in html
    assert html.count("<h1") == 1


def test_accessibility_statement_names_the_method_and_a_contact(client, db):
    html = _page(client, reverse("public:accessibility"))
    assert "RGAA), version 4.1" in html
    assert 'id="contact"' in html
    assert "Défenseur des droits" in html


def test_public_pages_have_no_inline_style_or_script(client, open_call):
    for url in [
        reverse("public:home"),
        open_call.get_absolute_url(),
        reverse("public:fund_detail", args=[open_call.fund.slug]),
        reverse("public:past_calls"),
        reverse("public:accessibility"),
    ]:
        html = _page(client, url)
        assert "style=" not in html
        assert "<script>" not in html and "<script " not in html.replace("<script src=", "")


def test_robots_txt_keeps_crawlers_to_the_public_pages(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert lines[0] == "User-agent: *"
    assert "Disallow: /gestion/" in lines and "Disallow: /soutien/" in lines
    assert not any(line in ("Disallow: /", "Disallow: /innovations/") for line in lines)
