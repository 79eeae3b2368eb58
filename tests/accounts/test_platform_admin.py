"""A platform admin (superuser) gets what the rules give admins, and no more: Django's
"superusers have every permission" shortcut is off for the rules."""

import pytest
from django.urls import reverse

from essaim.applications.enums import ApplicationState

from ..factories import ApplicationFactory, UserFactory, submitted

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_user(db):
    return UserFactory(is_superuser=True, is_staff=True)


def test_admin_keeps_staff_rights_and_django_admin(admin_user, application):
    assert admin_user.has_perm("applications.view_application", application)
    assert admin_user.has_perm("funds.create_fund")
    assert admin_user.has_perm("applications.change_application")  # model permission


def test_admin_is_not_a_team_member(admin_user, call, client, applicant):
    dossier = submitted(ApplicationFactory(call=call, created_by=applicant, complete=True))
    assert not admin_user.has_perm("applications.withdraw_application", dossier)
    assert not admin_user.has_perm("applications.edit_application", dossier)
    client.force_login(admin_user)
    response = client.post(
        reverse("portal:application_withdraw", args=[dossier.pk]), {"reason": "Test"}
    )
    assert response.status_code in (403, 404)
    dossier.refresh_from_db()
    assert dossier.state == ApplicationState.SUBMITTED


def test_inactive_user_has_no_permission(application):
    owner = application.created_by
    assert owner.has_perm("applications.view_application", application)
    owner.is_active = False
    assert not owner.has_perm("applications.view_application", application)
