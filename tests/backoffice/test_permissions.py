"""Every back-office view × every actor: anonymous → login, no right → 403, another
fund's staff → 404 (their queries never reach this fund), the fund's staff → 200."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.fixture
def urls(call, make_submitted):
    application = make_submitted(call)
    fund = call.fund
    return {
        "call_create": reverse("backoffice:call_create", args=[fund.pk]),
        "fund_edit": reverse("backoffice:fund_edit", args=[fund.pk]),
        "call_detail": reverse("backoffice:call_detail", args=[call.pk]),
        "call_edit": reverse("backoffice:call_edit", args=[call.pk]),
        "call_extend_deadline": reverse("backoffice:call_extend_deadline", args=[call.pk]),
        "call_applications": reverse("backoffice:call_applications", args=[call.pk]),
        "call_applications_export": reverse("backoffice:call_applications_export", args=[call.pk]),
        "application_detail": reverse("backoffice:application_detail", args=[application.pk]),
    }


ALL_VIEWS = [
    "call_create",
    "fund_edit",
    "call_detail",
    "call_edit",
    "call_extend_deadline",
    "call_applications",
    "call_applications_export",
    "application_detail",
]


@pytest.mark.parametrize("view", ALL_VIEWS)
def test_anonymous_is_sent_to_login(client, urls, view):
    response = client.get(urls[view])
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.parametrize("view", ALL_VIEWS)
@pytest.mark.parametrize("actor", ["outsider", "applicant"])
def test_people_without_backoffice_access_get_403(client, urls, view, actor, request):
    client.force_login(request.getfixturevalue(actor))
    assert client.get(urls[view]).status_code == 403


@pytest.mark.parametrize("view", ALL_VIEWS)
def test_staff_of_another_fund_get_404(client, urls, view, other_fund_staff):
    client.force_login(other_fund_staff)
    assert client.get(urls[view]).status_code == 404


@pytest.mark.parametrize("view", ALL_VIEWS)
@pytest.mark.parametrize("actor", ["staff", "platform_admin"])
def test_staff_and_platform_admins_get_the_page(client, urls, view, actor, request):
    client.force_login(request.getfixturevalue(actor))
    assert client.get(urls[view]).status_code == 200


def test_posts_from_another_fund_change_nothing(client, call, other_fund_staff):
    client.force_login(other_fund_staff)
    closes_at = call.closes_at
    response = client.post(
        reverse("backoffice:call_extend_deadline", args=[call.pk]),
        {"new_closes_at": "2099-01-01T12:00", "reason": "x", "confirm": "1"},
    )
    assert response.status_code == 404
    call.refresh_from_db()
    assert call.closes_at == closes_at


@pytest.mark.parametrize(
    ("actor", "status"),
    [("outsider", 403), ("applicant", 403), ("staff", 200), ("other_fund_staff", 200)],
)
def test_home_lists_only_the_funds_one_manages(client, call, actor, status, request):
    client.force_login(request.getfixturevalue(actor))
    response = client.get(reverse("backoffice:home"))
    assert response.status_code == status
    if status == 200:
        assert (call.title in response.content.decode()) is (actor == "staff")


def test_home_sends_anonymous_to_login(client, db):
    response = client.get(reverse("backoffice:home"))
    assert response.status_code == 302


@pytest.mark.parametrize(
    ("actor", "status"),
    [
        ("outsider", 403),
        ("applicant", 403),
        ("staff", 403),
        ("other_fund_staff", 403),
        ("platform_admin", 200),
    ],
)
def test_only_platform_admins_create_funds(client, actor, status, request):
    client.force_login(request.getfixturevalue(actor))
    assert client.get(reverse("backoffice:fund_create")).status_code == status
