"""Every page of the matrix world carries the Content-Security-Policy header, and its HTML
holds nothing that policy would refuse: no inline <script> or <style>, no style="…"
attribute, no on…= handler, no javascript: link.

Pages are read as the applicant, the fund's staff and an anonymous visitor (whoever the
matrix says gets 200), plus the Django admin as a platform operator.
"""

from html.parser import HTMLParser

import pytest
from django.urls import reverse

from .conftest import signed_in
from .test_url_matrix import url_of
from .url_matrix import ROUTES

pytestmark = pytest.mark.django_db

READERS = ("anonymous", "applicant", "staff")
EXPECTED_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; frame-ancestors 'none'; form-action 'self'; "
    "base-uri 'self'; object-src 'none'"
)
# <script> types that are data, never run (Swagger UI reads its settings from one)
DATA_SCRIPT_TYPES = {"application/json", "application/ld+json", "importmap"}


class InlineCodeFinder(HTMLParser):
    def __init__(self):
        super().__init__()
        self.problems: list[str] = []
        self._in_inline_script = False

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        line = self.getpos()[0]
        kind = (attributes.get("type") or "").lower()
        if tag == "script" and not attributes.get("src") and kind not in DATA_SCRIPT_TYPES:
            self.problems.append(f"line {line}: inline <script>")
        if tag == "style":
            self.problems.append(f"line {line}: <style> element")
        for name, value in attrs:
            if name == "style":
                self.problems.append(f'line {line}: <{tag} style="{value}">')
            elif name.startswith("on"):
                self.problems.append(f"line {line}: <{tag} {name}=…>")
            elif name in ("href", "src", "action", "formaction") and (
                value or ""
            ).strip().lower().startswith("javascript:"):
                self.problems.append(f"line {line}: <{tag} {name}=javascript:…>")


def inline_code(html: str) -> list[str]:
    finder = InlineCodeFinder()
    finder.feed(html)
    return finder.problems


def pages():
    for key in sorted(ROUTES):
        for role in READERS:
            if ROUTES[key].get.get(role) == 200:
                yield key, role


def directives(policy: str) -> dict[str, set[str]]:
    """The policy as {directive: sources}: django-csp writes the directives in any order."""
    parts = (part.split() for part in (policy or "").split(";") if part.strip())
    return {name: set(sources) for name, *sources in parts}


def check_page(response) -> list[str]:
    problems = []
    policy = directives(response.get("Content-Security-Policy"))
    is_html = response.get("Content-Type", "").startswith("text/html")
    # uploaded files are served with a stricter policy of their own (nothing runs, sandboxed)
    stricter = not is_html and policy.get("default-src") == {"'none'"} and "sandbox" in policy
    if policy != directives(EXPECTED_POLICY) and not stricter:
        problems.append(f"policy: {response.get('Content-Security-Policy')!r}")
    if is_html:
        problems += inline_code(response.content.decode())
    return problems


@pytest.mark.parametrize("key", sorted({key for key, _ in pages()}))
def test_pages_keep_to_the_policy(world, clients, key):
    path = url_of(key, world)
    found = []
    for role in READERS:
        if ROUTES[key].get.get(role) != 200:
            continue
        response = signed_in(clients, world, role).get(path)
        assert response.status_code == 200, (role, path)
        found += [f"{role}: {problem}" for problem in check_page(response)]
    assert not found, f"{path} ({key}):\n  " + "\n  ".join(found)


def test_error_pages_keep_to_the_policy(world, clients):
    response = signed_in(clients, world, "outsider").get(
        reverse("portal:application_detail", args=[world.draft.pk])
    )
    assert response.status_code == 404
    assert check_page(response) == []


@pytest.mark.parametrize(
    "path",
    [
        "admin:index",
        "admin:accounts_user_changelist",
        "admin:accounts_user_add",
        "admin:core_auditevent_changelist",
        "admin:login",
    ],
)
def test_the_admin_keeps_to_the_policy(world, clients, path):
    role = "anonymous" if path == "admin:login" else "admin"
    response = signed_in(clients, world, role).get(reverse(path))
    assert response.status_code == 200
    assert check_page(response) == []


def test_the_finder_sees_what_csp_refuses():
    html = (
        '<p style="color:red" onclick="x()">a</p><script>alert(1)</script>'
        '<script type="application/json">{}</script><script src="/s.js"></script>'
        '<style>p{}</style><a href="javascript:void(0)">b</a>'
    )
    assert len(inline_code(html)) == 5
