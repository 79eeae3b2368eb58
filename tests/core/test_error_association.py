"""Each field's error is tied to the field (aria-describedby names an element that
exists), so a screen reader reading the field reads its error."""

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

DESCRIBED = re.compile(r'aria-describedby="([^"]+)"')


def _dangling(html: str) -> list[str]:
    ids = set(re.findall(r'\sid="([^"]+)"', html))
    return [ref for refs in DESCRIBED.findall(html) for ref in refs.split() if ref not in ids]


def test_sign_up_errors_are_tied_to_their_fields(client):
    html = client.post(reverse("account_signup"), {}).content.decode()
    assert 'aria-invalid="true"' in html
    assert "_error" in " ".join(DESCRIBED.findall(html))
    assert _dangling(html) == []


def test_an_error_summary_names_the_field(client):
    html = client.post(reverse("account_signup"), {}).content.decode()
    summary = html[
        html.index('class="error-summary"') : html.index(
            "</ul>", html.index('class="error-summary"')
        )
    ]
    assert re.search(r'<a href="#id_email">[^<]*Adresse e-mail[^<]*\u00a0: ', summary), summary
