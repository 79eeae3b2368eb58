"""A fund's accent colour as a cacheable stylesheet, always readable."""

import pytest
from django.urls import reverse

from essaim.public.theme import contrast_ratio, darken_for_text, theme_css

from ..factories import FundFactory

pytestmark = pytest.mark.django_db


def test_theme_css_serves_the_accent_colour(client, fund):
    fund.accent_colour = "#0B6E75"
    fund.save()
    response = client.get(reverse("public:fund_theme", args=[fund.slug]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/css")
    css = response.content.decode()
    assert "--accent: #0b6e75;" in css
    assert "--accent-ink: #ffffff;" in css


def test_theme_css_is_cacheable_and_answers_conditional_requests(client, fund):
    url = reverse("public:fund_theme", args=[fund.slug])
    response = client.get(url)
    assert "public" in response["Cache-Control"]
    assert "max-age=" in response["Cache-Control"]
    assert response["ETag"]
    assert response["Last-Modified"]
    again = client.get(url, headers={"If-None-Match": response["ETag"]})
    assert again.status_code == 304


def test_theme_css_changes_its_etag_when_the_colour_changes(client, fund):
    url = reverse("public:fund_theme", args=[fund.slug])
    before = client.get(url)["ETag"]
    fund.accent_colour = "#6a3d9a"
    fund.save()
    assert client.get(url)["ETag"] != before


def test_theme_css_for_an_unknown_fund_is_not_found(client, db):
    assert client.get(reverse("public:fund_theme", args=["inconnu"])).status_code == 404


def test_light_accent_gets_dark_text_and_a_darker_link_colour():
    css = theme_css("#f2c14e")
    assert "--accent: #f2c14e;" in css
    assert "--accent-ink: #1b1f24;" in css
    link = css.split("--accent-text: ")[1].split(";")[0]
    assert contrast_ratio(link, "#ffffff") >= 4.5


def test_mid_tone_accent_is_darkened_so_that_buttons_stay_readable():
    css = theme_css("#808080")
    accent = css.split("--accent: ")[1].split(";")[0]
    ink = css.split("--accent-ink: ")[1].split(";")[0]
    assert contrast_ratio(accent, ink) >= 4.5


def test_dark_accent_is_kept_as_it_is():
    assert darken_for_text("#1f4e79") == "#1f4e79"


def test_invalid_colour_falls_back_to_the_default():
    assert "--accent: #1f4e79;" in theme_css("red; } body { display: none")


def test_fund_logo_is_served_with_a_strict_policy(client, settings, tmp_path):
    from django.core.files.base import ContentFile

    fund = FundFactory()
    png = (
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
        b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00"
        b"\x00\x00\x00IEND\xaeB`\x82"
    )
    fund.logo.save("logo.png", ContentFile(png))
    response = client.get(reverse("public:fund_logo", args=[fund.slug]))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert "sandbox" in response["Content-Security-Policy"]
    assert b"".join(response.streaming_content) == png


def test_fund_without_logo_has_no_logo_url(client, fund):
    assert client.get(reverse("public:fund_logo", args=[fund.slug])).status_code == 404
