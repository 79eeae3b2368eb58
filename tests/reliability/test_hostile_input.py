"""Hostile input in every form people fill: never a 500.

A table of inputs (a megabyte of text, control characters, HTML and script, SQL fragments,
numbers written wrong, dates far away, bytes that are not UTF-8) × a table of forms and
search boxes (the dossier's sections, team, support, organisation, messages, withdrawal,
sign-up, reuse declaration, deadline extension; the public catalogue, the organisation
search, the back-office filters). Each answer must be one of:

- the form again (200/422) with a French error beside the field, what was typed kept;
- a redirect after a save, and what was saved is clean (no control character, no NUL);
- for search boxes and filters, the page (200) — the filter ignored or applied.

Runs on SQLite and on PostgreSQL (DATABASE_URL), which cannot store NUL in text: control
characters are removed before any view sees them (essaim.core.control_characters).
"""

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from urllib.parse import quote_from_bytes, urlencode

import pytest
from django.urls import reverse

from essaim.applications.enums import ApplicationState
from essaim.applications.models import Application
from essaim.core.control_characters import CONTROL

from ..factories import (
    ApplicationFactory,
    CallFactory,
    InnovationFactory,
    OrganisationFactory,
    submitted,
)

pytestmark = pytest.mark.django_db

MEGABYTE = ("Un très long texte. " * 52_429)[:1_048_576]

TEXT_INPUTS = {
    "1 MB of text": MEGABYTE,
    "NUL byte": "Accueil\x00 des usagers",
    "only NUL bytes": "\x00\x00\x00",
    "escape sequences": "\x1b[31mrouge\x1b[0m\x07\x08",
    "right-to-left override": "facture\u202egnp.exe",
    "HTML and script": '<script>alert("x")</script><img src=x onerror=alert(1)>',
    "SQL fragment": "'; DROP TABLE applications_application; -- \" OR 1=1 --",
    "LIKE wildcards": "%_%\\%",
    "emoji and combining marks": "👩🏽‍💻 e\u0301\u0301\u0301 \ufeff\u200b",
}
NUMBER_INPUTS = {
    "French comma and spaces": "12 000,50 €",
    "three commas": "1,2,3",
    "exponent overflow": "1e309",
    "not a number": "NaN",
    "infinity": "Infinity",
    "huge": "9" * 60,
    "negative": "-5",
    "Arabic-Indic digits": "١٢٣",
    "NUL in a number": "12\x0034",
}
DATE_INPUTS = {
    "year 9999": "9999-12-31T23:59",
    "year 1": "0001-01-01T00:00",
    "beyond year 9999": "10000-01-01T00:00",
    "French far date": "31/12/9999 23:59",
    "impossible date": "2026-02-30T25:61",
    "NUL in a date": "2030-01-01\x00T10:00",
}
# Bytes a browser never sends: invalid UTF-8, overlong forms, a lone surrogate's encoding.
RAW_BYTES = b"\xff\xfe\xc3\x28\xe2\x82\xf0\x9f\x98\xc0\xaf\xed\xa0\x80"


@dataclass
class Case:
    """One form: who posts it (a fixture name), where, its valid data, its fields."""

    name: str
    url: Callable[[dict], str]
    data: Callable[[dict], dict]
    text_fields: tuple[str, ...] = ()
    number_fields: tuple[str, ...] = ()
    date_fields: tuple[str, ...] = ()
    user: str = "applicant"
    method: str = "post"
    saved: Callable[[dict], list[str]] | None = None  # the stored text, after a redirect
    reset: Callable[[dict], None] | None = None  # back to the state the form needs


@pytest.fixture
def world(call, applicant, staff):
    """A draft of an open call with hierarchical support, a funding call's draft, a submitted
    dossier, a published innovation, an organisation of the referential."""
    draft = ApplicationFactory(call=call, created_by=applicant, complete=True, ready=True)
    funding = CallFactory(fund=call.fund, funding=True, slug="2024-financement", edition=9)
    funding_draft = ApplicationFactory(call=funding, created_by=applicant, complete=True)
    done = submitted(ApplicationFactory(call=call, created_by=applicant, complete=True))
    unsupported = ApplicationFactory(call=call, created_by=applicant, complete=True)
    innovation = InnovationFactory()
    organisation = OrganisationFactory()
    return {
        "call": call,
        "draft": draft,
        "funding_draft": funding_draft,
        "submitted": done,
        "unsupported": unsupported,
        "innovation": innovation,
        "organisation": organisation,
        "theme": call.themes.first(),
    }


def _application_texts(w, *names):
    application = Application.objects.get(pk=w["draft"].pk)
    return [getattr(application, name) or "" for name in names]


CASES = [
    Case(
        "section « Le problème »",
        lambda w: reverse("portal:section_edit", args=[w["draft"].pk, "problem"]),
        lambda w: {"theme": w["theme"].pk, "problem": "Attente.", "users_concerned": "Habitants."},
        text_fields=("problem", "users_concerned"),
        number_fields=("theme",),
        saved=lambda w: _application_texts(w, "problem", "users_concerned"),
    ),
    Case(
        "section « L'idée »",
        lambda w: reverse("portal:section_edit", args=[w["draft"].pk, "idea"]),
        lambda w: {"idea": "Un standard.", "maturity": "idea", "partners": ""},
        text_fields=("idea", "partners", "maturity"),
        saved=lambda w: _application_texts(w, "idea", "partners"),
    ),
    Case(
        "section « Impact »",
        lambda w: reverse("portal:section_edit", args=[w["draft"].pk, "impact"]),
        lambda w: {
            "effect_on_agents": "Moins de stress.",
            "effect_on_users": "Plus rapide.",
            "collective_dimension": "Trois services.",
            "reproducibility": "Toute commune.",
        },
        text_fields=("effect_on_agents", "effect_on_users", "collective_dimension"),
        saved=lambda w: _application_texts(w, "effect_on_agents", "effect_on_users"),
    ),
    Case(
        "section « Budget »",
        lambda w: reverse("portal:section_edit", args=[w["funding_draft"].pk, "budget"]),
        lambda w: {
            "amount_requested": "50000",
            "lines-TOTAL_FORMS": "1",
            "lines-INITIAL_FORMS": "0",
            "lines-MIN_NUM_FORMS": "0",
            "lines-MAX_NUM_FORMS": "1000",
            "lines-0-label": "Design de service",
            "lines-0-amount": "50000",
        },
        text_fields=("lines-0-label",),
        number_fields=("amount_requested", "lines-0-amount", "lines-TOTAL_FORMS"),
    ),
    Case(
        "section « Organisme » (title)",
        lambda w: reverse("portal:section_edit", args=[w["draft"].pk, "organisation"]),
        lambda w: {
            "title": "Projet",
            "organisation": w["organisation"].pk,
            "organisation_query": w["organisation"].name,
        },
        text_fields=("title", "organisation_query"),
        number_fields=("organisation",),
        saved=lambda w: _application_texts(w, "title"),
    ),
    Case(
        "team member",
        lambda w: reverse("portal:team", args=[w["draft"].pk]),
        lambda w: {
            "full_name": "Bob Durand",
            "job_title": "Agent d'accueil",
            "project_role": "Testeur",
            "email": "bob@pessac.fr",
        },
        text_fields=("full_name", "job_title", "project_role", "email"),
        saved=lambda w: [
            value
            for member in w["draft"].team.all()
            for value in (member.full_name, member.job_title, member.project_role)
        ],
    ),
    Case(
        "hierarchical support request",
        lambda w: reverse("portal:support", args=[w["unsupported"].pk]),
        lambda w: {
            "supervisor_name": "Claire Martin",
            "supervisor_function": "DGS",
            "supervisor_email": "dgs@pessac.fr",
        },
        text_fields=("supervisor_name", "supervisor_function", "supervisor_email"),
    ),
    Case(
        "organisation added to the referential",
        lambda w: reverse("portal:organisation_add", args=[w["draft"].pk]),
        lambda w: {"kind": "sdis", "name": "SDIS de test", "departement": "33", "siren": ""},
        text_fields=("name", "kind", "departement"),
        number_fields=("siren",),
    ),
    Case(
        "message to the fund",
        lambda w: reverse("portal:application_messages", args=[w["submitted"].pk]),
        lambda w: {"message-body": "Bonjour."},
        text_fields=("message-body",),
    ),
    Case(
        "withdrawal",
        lambda w: reverse("portal:application_withdraw", args=[w["submitted"].pk]),
        lambda w: {"reason": "Le projet est abandonné."},
        text_fields=("reason",),
        saved=lambda w: [Application.objects.get(pk=w["submitted"].pk).withdrawal_reason],
        reset=lambda w: Application.objects.filter(pk=w["submitted"].pk).update(
            state=ApplicationState.SUBMITTED
        ),
    ),
    Case(
        "reuse declaration",
        lambda w: reverse("public:reuse_declare", args=[w["innovation"].slug]),
        lambda w: {
            "organisation": w["organisation"].pk,
            "organisation_query": w["organisation"].name,
            "message": "Nous voulons nous en inspirer.",
        },
        text_fields=("message", "organisation_query"),
        number_fields=("organisation", "organisation_pick"),
    ),
    Case(
        "sign-up",
        lambda w: reverse("account_signup"),
        lambda w: {
            "full_name": "Dora Nouvelle",
            "job_title": "Chargée d'accueil",
            "email": "dora@mairie-exemple.fr",
            "password1": "un-mot-de-passe-solide-42",
            "password2": "un-mot-de-passe-solide-42",
        },
        text_fields=("full_name", "job_title", "email", "password1"),
        user="",
    ),
    Case(
        "deadline extension (back-office)",
        lambda w: reverse("backoffice:call_extend_deadline", args=[w["call"].pk]),
        lambda w: {"new_closes_at": "2099-06-30T23:59", "reason": "Grève des transports."},
        text_fields=("reason",),
        date_fields=("new_closes_at",),
        user="staff",
    ),
    # search boxes and filters (GET)
    Case(
        "public catalogue search and filters",
        lambda w: reverse("public:catalogue"),
        lambda w: {"q": "accueil", "theme": "reception", "annee": "2024", "page": "1"},
        text_fields=("q", "theme", "type", "region", "departement", "fonds"),
        number_fields=("annee", "appel", "page"),
        user="",
        method="get",
    ),
    Case(
        "organisation search (without JavaScript)",
        lambda w: reverse("portal:organisation_choose", args=[w["draft"].pk]),
        lambda w: {"q": "Pessac"},
        text_fields=("q",),
        method="get",
    ),
    Case(
        "organisation suggestions (combobox)",
        lambda w: reverse("portal:organisation_suggestions"),
        lambda w: {"q": "Pessac"},
        text_fields=("q",),
        method="get",
    ),
    Case(
        "back-office list filters",
        lambda w: reverse("backoffice:call_applications", args=[w["call"].pk]),
        lambda w: {"q": "accueil", "etat": "submitted", "tri": "reference"},
        text_fields=("q", "etat", "type", "departement", "region", "taille", "tri"),
        number_fields=("theme", "page"),
        user="staff",
        method="get",
    ),
]
CASE_IDS = [case.name for case in CASES]


def _client(client, request, case):
    if case.user:
        client.force_login(request.getfixturevalue(case.user))
    return client


def _send(client, case, world, url, data):
    if case.method == "get":
        return client.get(url, data)
    return _posted(case, world, client.post(url, data))


def _posted(case, world, response):
    if case.reset:
        case.reset(world)
    return response


@pytest.fixture(autouse=True)
def _no_rate_limits(settings):
    """allauth's sign-up limit would answer 429 before the form sees the input."""
    settings.ACCOUNT_RATE_LIMITS = False


def _check_answer(response, case, what):
    """Not a 500 (the test client would raise), and an answer a person can act on: a page
    in French, with the error spelled out when the form is refused."""
    assert response.status_code in (200, 302, 400, 422), (what, response.status_code)
    if response.get("Content-Type", "").startswith("text/html") and response.status_code != 302:
        body = response.content.decode()
        if "<html" in body:
            assert '<html lang="fr"' in body, what
        if response.status_code in (400, 422):
            assert "field-error" in body or "Erreur" in body, what


def _check_saved(case, world, what):
    if case.saved is None:
        return
    for value in case.saved(world):
        assert not CONTROL.search(value), (what, value[:80])


@pytest.mark.parametrize("case", CASES, ids=CASE_IDS)
@pytest.mark.parametrize("label", list(TEXT_INPUTS))
def test_text_inputs(client, request, world, case, label):
    client = _client(client, request, case)
    url = case.url(world)
    # a megabyte costs a second per request: in the first field only
    fields = case.text_fields[:1] if label == "1 MB of text" else case.text_fields
    for name in fields:
        data = {**case.data(world), name: TEXT_INPUTS[label]}
        response = _send(client, case, world, url, data)
        what = f"{case.name} / {name} / {label}"
        _check_answer(response, case, what)
        if response.status_code == 302:
            _check_saved(case, world, what)


@pytest.mark.parametrize("case", [c for c in CASES if c.number_fields], ids=lambda c: c.name)
@pytest.mark.parametrize("label", list(NUMBER_INPUTS))
def test_number_inputs(client, request, world, case, label):
    client = _client(client, request, case)
    url = case.url(world)
    for name in case.number_fields:
        response = _send(client, case, world, url, {**case.data(world), name: NUMBER_INPUTS[label]})
        _check_answer(response, case, f"{case.name} / {name} / {label}")


@pytest.mark.parametrize("case", [c for c in CASES if c.date_fields], ids=lambda c: c.name)
@pytest.mark.parametrize("label", list(DATE_INPUTS))
def test_date_inputs(client, request, world, case, label):
    client = _client(client, request, case)
    url = case.url(world)
    old_closes_at = world["call"].closes_at
    for name in case.date_fields:
        response = _send(client, case, world, url, {**case.data(world), name: DATE_INPUTS[label]})
        _check_answer(response, case, f"{case.name} / {name} / {label}")
        if label != "year 9999" and response.status_code != 302:
            world["call"].refresh_from_db()
            assert world["call"].closes_at == old_closes_at


@pytest.mark.parametrize("case", CASES, ids=CASE_IDS)
def test_bytes_that_are_not_utf8(client, request, world, case):
    """The raw body (or query string) carries invalid UTF-8 in every field in turn."""
    client = _client(client, request, case)
    url = case.url(world)
    for name in case.text_fields + case.number_fields:
        data = {**case.data(world)}
        data.pop(name, None)
        encoded = (
            urlencode(data).encode()
            + b"&"
            + name.encode()
            + b"="
            + quote_from_bytes(RAW_BYTES).encode()
        )
        if case.method == "get":
            response = client.get(url + "?" + encoded.decode("ascii"))
        else:
            response = _posted(
                case,
                world,
                client.post(url, encoded, content_type="application/x-www-form-urlencoded"),
            )
        _check_answer(response, case, f"{case.name} / {name} / invalid UTF-8")
        # the body sent as is, not percent-encoded
        if case.method == "post":
            raw = urlencode(data).encode() + b"&" + name.encode() + b"=" + RAW_BYTES
            response = _posted(
                case, world, client.post(url, raw, content_type="application/x-www-form-urlencoded")
            )
            _check_answer(response, case, f"{case.name} / {name} / raw invalid UTF-8")


def test_a_nul_byte_in_a_saved_section_is_removed_and_the_rest_kept(client, world, applicant):
    client.force_login(applicant)
    response = client.post(
        reverse("portal:section_edit", args=[world["draft"].pk, "problem"]),
        {
            "theme": world["theme"].pk,
            "problem": "Les usagers\x00 attendent\x1b[0m.",
            "users_concerned": "Les habitants.",
        },
    )
    assert response.status_code == 302
    world["draft"].refresh_from_db()
    assert world["draft"].problem == "Les usagers attendent[0m."


def test_a_megabyte_in_a_section_is_refused_beside_the_field_and_kept(client, world, applicant):
    client.force_login(applicant)
    response = client.post(
        reverse("portal:section_edit", args=[world["draft"].pk, "problem"]),
        {"theme": world["theme"].pk, "problem": MEGABYTE, "users_concerned": "Les habitants."},
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert 'id="id_problem_error"' in body
    assert "caractères" in body
    world["draft"].refresh_from_db()
    assert world["draft"].problem == "Les usagers attendent longtemps au téléphone."


def test_a_nul_byte_in_a_search_box_answers_the_page(client, world):
    response = client.get(reverse("public:catalogue"), {"q": "accueil\x00"})
    assert response.status_code == 200


def test_amounts_written_wrong_get_a_french_error(client, world, applicant):
    client.force_login(applicant)
    url = reverse("portal:section_edit", args=[world["funding_draft"].pk, "budget"])
    data = {
        "amount_requested": "1,2,3",
        "lines-TOTAL_FORMS": "0",
        "lines-INITIAL_FORMS": "0",
        "lines-MIN_NUM_FORMS": "0",
        "lines-MAX_NUM_FORMS": "1000",
    }
    response = client.post(url, data)
    assert response.status_code == 200
    body = response.content.decode()
    assert 'id="id_amount_requested_error"' in body
    assert "Saisissez un nombre" in body
    world["funding_draft"].refresh_from_db()
    assert world["funding_draft"].amount_requested in (None, Decimal("50000"))
