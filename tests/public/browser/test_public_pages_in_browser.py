"""The public pages in a real Chromium: no serious axe-core violation, nothing wider than
a 320 px screen, and the countdown still there once the script has run."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from ...browser.conftest import chromium_available
from ...factories import CallFactory, FundFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not chromium_available(), reason="Chromium absent"),
]


@pytest.fixture
def public_urls(db):
    fund = FundFactory(
        slug="mnt",
        name="Fonds MNT",
        reference_prefix="MNT",
        tagline="Accélérateur d'innovation",
        partners="AMF, SNDGCT",
        website="https://fonds.mnt.fr/",
        contact_email="fonds@mnt.fr",
    )
    now = timezone.now()
    open_call = CallFactory(fund=fund, eligibility_rules="Soutien hiérarchique confirmé.")
    CallFactory(
        fund=fund, opens_at=now + dt.timedelta(days=20), closes_at=now + dt.timedelta(days=50)
    )
    closed = CallFactory(
        fund=FundFactory(name="Appel à défis"),
        funding=True,
        opens_at=now - dt.timedelta(days=90),
        closes_at=now - dt.timedelta(days=60),
    )
    return {
        "accueil": reverse("public:home"),
        "fonds": fund.get_absolute_url(),
        "appel ouvert": open_call.get_absolute_url(),
        "appel clos": closed.get_absolute_url(),
        "appels passés": reverse("public:past_calls"),
        "mentions légales": reverse("public:legal"),
        "données personnelles": reverse("public:privacy"),
        "accessibilité": reverse("public:accessibility"),
    }


def test_public_pages_pass_axe_and_fit_a_small_screen(live_server, page, axe_check, public_urls):
    for label, url in public_urls.items():
        page.set_viewport_size({"width": 1280, "height": 900})
        page.goto(f"{live_server.url}{url}")
        axe_check(page, label)
        page.set_viewport_size({"width": 320, "height": 800})
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 320, f"{label} is {width} px wide at 320 px"


def test_countdown_is_kept_by_the_script(live_server, page, public_urls):
    page.goto(f"{live_server.url}{public_urls['appel ouvert']}")
    countdown = page.locator(".call-key [data-deadline]")
    assert countdown.inner_text().startswith("Clôture dans")
