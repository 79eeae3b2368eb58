"""The permission matrix: every URL of the project × every role answers as url_matrix.py
declares, and a URL nobody declared fails the suite.

One test per URL, looping over the roles (one world per module, see conftest.py). On a
mismatch the message lists every role with what was expected and what came back.
State-changing URLs are also POSTed by the attackers (anonymous, outsider, another fund's
staff): refused, and nothing written, nothing mailed.
"""

import pytest
from django.core import mail
from django.db import connection
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from .conftest import ROLES, signed_in
from .url_matrix import ATTACKERS, LOGIN, REDIRECT, ROUTES

pytestmark = pytest.mark.django_db

# URLs outside the matrix, each with its reason:
EXCLUDED_NAMESPACES = {
    # Django's own admin: it has its own is_staff gate and login; test_admin_is_closed below
    # checks that only platform operators get in.
    "admin",
}
EXCLUDED_PREFIXES = (
    # served by runserver only with DEBUG (django.contrib.staticfiles); whitenoise serves
    # static files in every other case, outside the URL configuration.
    "static/",
)


def project_urls() -> dict[str, URLPattern]:
    """Every URL pattern of the project, keyed as url_matrix.ROUTES is."""
    found = {}

    def walk(resolver, prefix, namespace):
        for pattern in resolver.url_patterns:
            if isinstance(pattern, URLResolver):
                inner = pattern.namespace
                ns = f"{namespace}:{inner}" if namespace and inner else inner or namespace
                if ns and ns.split(":")[0] in EXCLUDED_NAMESPACES:
                    continue
                walk(pattern, prefix + str(pattern.pattern), ns)
            else:
                route = prefix + str(pattern.pattern)
                if route.startswith(EXCLUDED_PREFIXES):
                    continue
                if pattern.name:
                    key = f"{namespace}:{pattern.name}" if namespace else pattern.name
                else:
                    key = route
                found[key] = pattern

    walk(get_resolver(), "", None)
    return found


def test_every_url_is_declared():
    urls = project_urls()
    missing = sorted(set(urls) - set(ROUTES))
    stale = sorted(set(ROUTES) - set(urls))
    assert not missing, (
        "URLs without a declaration in tests/security/url_matrix.py (say who may open them):\n  "
        + "\n  ".join(missing)
    )
    assert not stale, "Declarations of URLs that no longer exist:\n  " + "\n  ".join(stale)


def url_of(key: str, world) -> str:
    declared = ROUTES[key]
    if ":" in key or not key.endswith("/"):
        path = reverse(key, kwargs=declared.kwargs(world))
    else:
        path = "/" + key
    if declared.query:
        from urllib.parse import urlencode

        path += "?" + urlencode(declared.query)
    return path


def answer(response) -> object:
    """The response as the declarations write it: a status, LOGIN or REDIRECT."""
    if response.status_code in (301, 302, 303, 307, 308):
        login = reverse("account_login")
        return LOGIN if response["Location"].split("?")[0].endswith(login) else REDIRECT
    return response.status_code


def check(key, world, clients, method: str, expected: dict, *, sign_in: bool = True) -> list[str]:
    path = url_of(key, world)
    wrong = []
    for role in ROLES:
        if role not in expected or expected[role] is None:
            continue
        client = signed_in(clients, world, role) if sign_in else clients[role]
        response = getattr(client, method)(path)
        got = answer(response)
        # a GET-only view refuses any POST before looking at who asks: refused all the same
        refused_anyway = method == "post" and got == 405
        if got != expected[role] and not refused_anyway:
            wrong.append(f"  {role:<17} expected {expected[role]!s:<9} got {got}")
    return [f"{method.upper()} {path} ({key})", *wrong] if wrong else []


@pytest.mark.parametrize("key", sorted(ROUTES))
def test_get_answers_as_declared(world, clients, key):
    mismatches = check(key, world, clients, "get", ROUTES[key].get)
    assert not mismatches, "\n".join(mismatches)


# --- POST by attackers ---------------------------------------------------------------------


def _fingerprint() -> tuple:
    """Row counts of every table and the latest change of every timestamped one: a write
    anywhere moves it."""
    from django.apps import apps

    parts = []
    for model in apps.get_models():
        if model._meta.proxy or not model._meta.managed:
            continue
        if model._meta.db_table == "django_session":
            continue  # a visitor's first request may open a session: not a change of data
        table = connection.ops.quote_name(model._meta.db_table)
        # table names from the models, never from input
        parts.append(f"(SELECT COUNT(*) FROM {table})")  # noqa: S608
        if any(f.name == "updated_at" for f in model._meta.concrete_fields):
            parts.append(f"(SELECT MAX(updated_at) FROM {table})")  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(parts))
        return tuple(cursor.fetchone())


def post_expectation(key) -> dict:
    declared = ROUTES[key]
    if declared.post is not None:
        return {role: status for role, status in declared.post.items() if role in ATTACKERS}
    denied = (LOGIN, 403, 404)
    return {role: declared.get[role] for role in ATTACKERS if declared.get[role] in denied}


POSTED = sorted(key for key in ROUTES if post_expectation(key))


@pytest.mark.parametrize("key", POSTED)
def test_attackers_post_changes_nothing(world, clients, key):
    expected = post_expectation(key)
    # signed in first: a sign-in writes its own rows (session, staff sign-ins in the audit log)
    for role in expected:
        signed_in(clients, world, role)
    mail.outbox.clear()
    before = _fingerprint()
    mismatches = check(key, world, clients, "post", expected, sign_in=False)
    assert not mismatches, "\n".join(mismatches)
    assert _fingerprint() == before, "a refused POST wrote to the database"
    assert mail.outbox == []


def test_admin_is_closed_to_all_but_platform_operators(world, clients):
    path = reverse("admin:index")
    for role in ROLES:
        response = signed_in(clients, world, role).get(path)
        if role == "admin":
            assert response.status_code == 200
        else:
            assert response.status_code == 302, role
            assert response["Location"].startswith(reverse("admin:login")), role
