"""Every dossier URL answers 404 to those who may not see it, whatever its state."""

import pytest
from django.urls import reverse

from essaim.applications.services.submission import application_submit
from essaim.applications.services.team import team_member_add, team_member_remove

pytestmark = pytest.mark.django_db


def dossier_urls(application):
    pk = application.pk
    member = application.team.first()
    return [
        ("get", reverse("portal:application_detail", args=[pk])),
        ("get", reverse("portal:section_edit", args=[pk, "problem"])),
        ("post", reverse("portal:section_edit", args=[pk, "problem"])),
        ("get", reverse("portal:team", args=[pk])),
        ("post", reverse("portal:team", args=[pk])),
        ("get", reverse("portal:team_member_edit", args=[pk, member.pk])),
        ("get", reverse("portal:team_member_remove", args=[pk, member.pk])),
        ("post", reverse("portal:team_invitation_resend", args=[pk, member.pk])),
        ("get", reverse("portal:attachments", args=[pk])),
        ("get", reverse("portal:support", args=[pk])),
        ("get", reverse("portal:application_check", args=[pk])),
        ("get", reverse("portal:application_confirmation", args=[pk])),
        ("get", reverse("portal:application_receipt", args=[pk])),
        ("get", reverse("portal:application_withdraw", args=[pk])),
    ]


@pytest.fixture
def removed_co_applicant(application, applicant, co_applicant):
    member = team_member_add(
        application=application,
        actor=applicant,
        full_name="Bob",
        job_title="Agent",
        email=co_applicant.email,
        invite=True,
    )
    member.user = co_applicant
    member.invitation_status = "accepted"
    member.save()
    team_member_remove(member=member, actor=applicant)
    return co_applicant


@pytest.mark.parametrize(
    "actor", ["outsider", "other_applicant", "removed_co_applicant", "other_fund_staff"]
)
def test_outsiders_get_404_on_every_dossier_url(client, application, actor, request):
    if actor == "other_applicant":
        from ..factories import ApplicationFactory

        user = ApplicationFactory(call=application.call).created_by
    else:
        user = request.getfixturevalue(actor)
    client.force_login(user)
    for method, url in dossier_urls(application):
        response = getattr(client, method)(url)
        assert response.status_code == 404, (method, url, response.status_code)


def test_anonymous_is_sent_to_login(client, application):
    for method, url in dossier_urls(application):
        response = getattr(client, method)(url)
        assert response.status_code == 302, url
        assert reverse("account_login") in response["Location"]


def test_co_applicant_can_edit_but_not_remove(client, application, applicant, co_applicant):
    member = team_member_add(
        application=application,
        actor=applicant,
        full_name="Bob",
        job_title="Agent",
        email=co_applicant.email,
        invite=True,
    )
    member.user = co_applicant
    member.save()
    client.force_login(co_applicant)
    assert (
        client.get(reverse("portal:section_edit", args=[application.pk, "idea"])).status_code == 200
    )
    owner = application.team.get(access="owner")
    remove = reverse("portal:team_member_remove", args=[application.pk, owner.pk])
    assert client.post(remove).status_code == 403


def test_staff_of_the_fund_can_read_but_not_edit(client, complete_application, applicant, staff):
    application_submit(application_id=complete_application.pk, user=applicant)
    client.force_login(staff)
    assert (
        client.get(reverse("portal:application_detail", args=[complete_application.pk])).status_code
        == 200
    )
    url = reverse("portal:section_edit", args=[complete_application.pk, "idea"])
    assert client.post(url, {"idea": "x"}).status_code == 403
