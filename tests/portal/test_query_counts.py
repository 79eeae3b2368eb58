"""List pages run the same number of queries with 1 row as with 30."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ..factories import ApplicationFactory, CallFactory

pytestmark = pytest.mark.django_db


def _count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_my_applications_constant_queries(client, applicant):
    client.force_login(applicant)
    call = CallFactory()
    ApplicationFactory(call=call, created_by=applicant)
    one = _count(client, reverse("portal:my_applications"))
    for _ in range(29):
        ApplicationFactory(call=CallFactory(), created_by=applicant)
    thirty = _count(client, reverse("portal:my_applications"))
    assert one == thirty


def test_task_list_constant_queries(client, applicant):
    client.force_login(applicant)
    application = ApplicationFactory(created_by=applicant, complete=True, ready=True)
    url = reverse("portal:application_detail", args=[application.pk])
    before = _count(client, url)
    from essaim.applications.services.team import team_member_add

    for n in range(10):
        team_member_add(
            application=application, actor=applicant, full_name=f"P{n}", job_title="Agent"
        )
    assert _count(client, url) == before
