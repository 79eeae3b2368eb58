"""The audit journal at /gestion/journal/: scoped per fund, filtered by GET parameters,
exported as CSV (and the export written in the journal), with a pinned query count."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from essaim.core import audit_lock
from essaim.core.audit import record
from essaim.core.models import AuditEvent

from ..factories import ApplicationFactory, CallFactory, FundFactory, UserFactory

pytestmark = pytest.mark.django_db

URL = reverse("backoffice:audit_log")
EXPORT_URL = reverse("backoffice:audit_log_export")


@pytest.fixture
def other_call(other_fund_staff):
    return CallFactory(fund=other_fund_staff.fund_memberships.first().fund)


@pytest.fixture
def events(application, staff, other_call, other_fund_staff, applicant):
    other = ApplicationFactory(call=other_call)
    return {
        "ours": record(
            actor=staff,
            action="application.state",
            obj=application,
            from_value="submitted",
            to_value="eligible",
            reason="Dossier complet et recevable",
        ),
        "deadline": record(
            actor=staff, action="call.deadline_extended", obj=application.call, reason="grève"
        ),
        "theirs": record(
            actor=other_fund_staff,
            action="application.state",
            obj=other,
            reason="SECRET de l'autre fonds",
        ),
        "nobody": record(actor=applicant, action="organisation.added", obj=applicant),
    }


def _reasons(response) -> set[str]:
    return {row["event"].reason for row in response.context["rows"]}


def test_anonymous_is_sent_to_sign_in(client):
    assert client.get(URL).status_code == 302
    assert client.get(EXPORT_URL).status_code == 302


@pytest.mark.parametrize("who", ["outsider", "applicant", "reviewer"])
def test_people_without_back_office_access_get_403(client, request, who, events):
    client.force_login(request.getfixturevalue(who))
    assert client.get(URL).status_code == 403
    assert client.get(EXPORT_URL).status_code == 403


def test_staff_read_their_funds_rows_only(client, staff, events):
    client.force_login(staff)
    response = client.get(URL)
    assert response.status_code == 200
    assert _reasons(response) >= {"Dossier complet et recevable", "grève"}
    body = response.content.decode()
    assert "SECRET" not in body
    assert "organisation.added" not in body
    assert "Journal d&#x27;audit" in body or "Journal d'audit" in body


def test_staff_cannot_widen_the_scope_with_another_funds_filter(client, staff, events):
    other_fund = events["theirs"].fund
    client.force_login(staff)
    response = client.get(URL, {"fonds": other_fund.pk})
    assert response.status_code == 200
    assert "SECRET" not in response.content.decode()
    assert response.context["form"].errors["fonds"]


def test_platform_admin_reads_every_row(client, events):
    client.force_login(UserFactory(is_superuser=True))
    response = client.get(URL)
    assert {"SECRET de l'autre fonds", "grève"} <= _reasons(response)
    assert any(row["event"].action == "organisation.added" for row in response.context["rows"])


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"categorie": "echeance"}, {"grève"}),
        ({"action": "application.state"}, {"Dossier complet et recevable"}),
        ({"q": "recevable"}, {"Dossier complet et recevable"}),
        ({"q": "eligible"}, {"Dossier complet et recevable"}),
        ({"objet": "funds.call"}, {"grève"}),
        ({"auteur": "equipe@fonds-mnt.fr"}, {"Dossier complet et recevable", "grève"}),
        ({"auteur": "personne-inconnue"}, set()),
        ({"du": "2000-01-01", "au": "2000-01-31"}, set()),
    ],
)
def test_filters(client, staff, events, params, expected):
    client.force_login(staff)
    response = client.get(URL, params)
    assert response.status_code == 200
    assert _reasons(response) - {""} == expected


def test_period_filter_includes_the_last_day(client, staff, events):
    today = timezone.localdate()
    client.force_login(staff)
    response = client.get(URL, {"du": today.isoformat(), "au": today.isoformat()})
    assert "grève" in _reasons(response)
    response = client.get(URL, {"au": (today - dt.timedelta(days=1)).isoformat()})
    assert not response.context["rows"]


@pytest.mark.parametrize(
    "params",
    [
        {"du": "31/02/2026"},
        {"du": "n'importe quoi"},
        {"categorie": "inconnue"},
        {"objet": "<script>"},
        {"fonds": "abc"},
        {"page": "9999"},
        {"q": "x" * 5000},
        {"identifiant": "' OR 1=1 --"},
    ],
)
def test_bad_input_gets_a_clear_answer_not_an_error(client, staff, events, params):
    client.force_login(staff)
    response = client.get(URL, params)
    assert response.status_code == 200
    assert "SECRET" not in response.content.decode()


def test_the_home_page_links_to_the_journal(client, staff):
    client.force_login(staff)
    assert URL in client.get(reverse("backoffice:home")).content.decode()


def test_export_is_scoped_filtered_and_audited(client, staff, events, fund):
    client.force_login(staff)
    response = client.get(EXPORT_URL, {"categorie": "echeance"})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="journal-audit-')
    assert response["X-Content-Type-Options"] == "nosniff"
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeff")
    assert "grève" in body
    assert "Dossier complet" not in body  # filtered out
    assert "SECRET" not in body
    exported = AuditEvent.objects.get(action="audit_log.exported")
    assert exported.actor == staff
    assert exported.fund == fund
    assert exported.data == {"filters": {"categorie": "echeance"}}


def test_export_cells_never_start_a_formula(client, staff, application):
    record(actor=staff, action="application.state", obj=application, reason="=HYPERLINK(1)")
    client.force_login(staff)
    body = b"".join(client.get(EXPORT_URL).streaming_content).decode("utf-8")
    assert "'=HYPERLINK(1)" in body


def test_an_admin_export_of_everything_is_audited_without_a_fund(client, events):
    admin = UserFactory(is_superuser=True)
    client.force_login(admin)
    body = b"".join(client.get(EXPORT_URL).streaming_content).decode("utf-8")
    assert "SECRET" in body
    exported = AuditEvent.objects.get(action="audit_log.exported")
    assert exported.fund is None
    assert exported.object_type == "accounts.user"


# --- query count -----------------------------------------------------------------------


def _fill(count: int, *, staff) -> None:
    fund = FundFactory()
    staff.fund_memberships.create(fund=fund, role="staff")
    call = CallFactory(fund=fund)
    for n in range(count):
        application = ApplicationFactory(call=call)
        actor = UserFactory()
        record(actor=actor, action="application.state", obj=application, reason=f"motif {n}")
        record(actor=actor, action="call.updated", obj=call)


def _queries(client, user, params=None) -> int:
    client.force_login(user)
    client.get(URL, params)  # warm-up
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(URL, params)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("params", [None, {"q": "motif", "categorie": "etat"}])
def test_query_count_does_not_grow_with_rows(client, params):
    few, many = UserFactory(email="few@fonds.fr"), UserFactory(email="many@fonds.fr")
    _fill(3, staff=few)
    _fill(20, staff=many)
    # session, user, roles, the count, the page's rows (fund joined), the fund choices
    assert _queries(client, few, params) == _queries(client, many, params) <= 6


def test_a_rewrite_outside_the_demo_is_refused_even_for_the_view(staff, application):
    """The page never changes rows; and nothing else can either (see core tests)."""
    event = record(actor=staff, action="application.state", obj=application)
    with audit_lock.rewriting():
        AuditEvent.objects.filter(pk=event.pk).update(reason="daté")
    assert AuditEvent.objects.get(pk=event.pk).reason == "daté"
