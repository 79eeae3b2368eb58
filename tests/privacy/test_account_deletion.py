"""Deleting one's account: the person goes, the organisation's dossiers stay."""

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.socialaccount.models import SocialAccount
from django.contrib.auth import get_user_model
from django.core.files.storage import default_storage
from django.db import models
from django.test import Client
from django.urls import reverse

from essaim.accompaniment.models import CalendarFeed
from essaim.applications.models import (
    Application,
    ApplicationVersion,
    Attachment,
    Message,
    SupportRequest,
    TeamMember,
)
from essaim.catalogue.models import InnovationContact, Reuse
from essaim.core.models import AuditEvent
from essaim.funds.models import CallMembership, Invitation
from essaim.privacy.account_deletion import (
    DELETION_ACTOR_LABEL,
    AccountDeletionRefused,
    account_delete,
)
from essaim.review.models import Assignment, MailingRecipient, Review

from ..factories import UserFactory

pytestmark = pytest.mark.django_db

DELETE = reverse("portal:account_delete")
PASSWORD = "motdepasse-solide-42"  # the factories' password


def _delete_through_the_page(client, user, **data):
    client.force_login(user)
    return client.post(DELETE, data or {"password": PASSWORD})


def test_confirmation_page_restates_the_consequences(client, world):
    client.force_login(world.alice)
    response = client.get(DELETE)
    page = response.content.decode()
    assert response.status_code == 200
    assert "La suppression est définitive" in page
    assert "Brouillon d&#x27;Alice" in page  # deleted: nobody else can edit it
    assert world.dossier.reference in page  # kept: Bob still edits it
    assert "Votre évaluation non rendue sera retirée" in page
    assert 'name="password"' in page and 'autocomplete="current-password"' in page


def test_wrong_password_deletes_nothing_and_says_so(client, world):
    response = _delete_through_the_page(client, world.alice, password="pas-le-bon")
    page = response.content.decode()
    assert response.status_code == 422
    assert "Ce n&#x27;est pas votre mot de passe" in page
    assert page.startswith("<!doctype html>") and "<title>Erreur :" in page
    world.alice.refresh_from_db()
    assert world.alice.is_active and world.alice.email == "alice@pessac.fr"
    assert not AuditEvent.objects.filter(action="account.deleted").exists()


def test_deletion_anonymises_everywhere_and_keeps_the_organisations_dossier(
    client, world, django_capture_on_commit_callbacks
):
    alice, bob = world.alice, world.bob
    alice_pk = alice.pk
    with django_capture_on_commit_callbacks(execute=True):
        response = _delete_through_the_page(client, alice)
    assert response.status_code == 302 and response["Location"] == reverse("public:home")
    assert "_auth_user_id" not in client.session

    alice = get_user_model().objects.get(pk=alice_pk)
    assert alice.email == f"compte-supprime-{alice_pk}@anonyme.invalid"
    assert alice.full_name == "Compte supprimé" and alice.job_title == ""
    assert not alice.is_active and not alice.has_usable_password()
    assert alice.last_login is None
    # every other text field a person could fill is empty (a field added later too)
    for field in alice._meta.concrete_fields:
        if isinstance(field, models.CharField | models.TextField) and not field.choices:
            assert getattr(alice, field.name) in ("", alice.email, alice.full_name, alice.password)

    # sign-in means are gone
    assert not EmailAddress.objects.filter(user=alice).exists()
    assert not SocialAccount.objects.filter(user=alice).exists()
    assert not Authenticator.objects.filter(user=alice).exists()
    assert not CalendarFeed.objects.filter(user=alice).exists()

    # her own draft is gone with its file; the shared dossier stays, without her
    assert not Application.objects.filter(pk=world.draft.pk).exists()
    assert not default_storage.exists(world.draft_attachment.file.name)
    dossier = Application.objects.get(pk=world.dossier.pk)
    rows = {m.full_name: m for m in TeamMember.objects.filter(application=dossier)}
    assert set(rows) == {"Personne anonymisée", "Bob Durand"}
    gone = rows["Personne anonymisée"]
    assert (gone.user, gone.email, gone.job_title, gone.project_role) == (None, "", "", "")
    assert default_storage.exists(world.attachment.file.name)  # the dossier's files stay
    version = ApplicationVersion.objects.get(application=dossier)
    assert "alice@pessac.fr" not in str(version.content)
    assert "Alice Martin" not in str(version.content)
    assert "bob@pessac.fr" in str(version.content)
    recipient = MailingRecipient.objects.get(application=dossier)
    assert recipient.emails == ["bob@pessac.fr"]
    assert Message.objects.get(application=dossier).author_id == alice_pk  # "Compte supprimé"

    # the support she gave stays, without her
    support = SupportRequest.objects.get(application=world.dana_dossier)
    assert support.status == "confirmed"
    assert support.supervisor_name == "Personne anonymisée"
    assert support.supervisor_email.endswith("@anonyme.invalid")
    assert support.comment == ""

    # expert work: the submitted review stays, the unfinished assignment and the role go
    assert Review.objects.filter(pk=world.submitted_review.pk).exists()
    assert not Assignment.objects.filter(pk=world.pending_assignment.pk).exists()
    assert not CallMembership.objects.filter(user=alice).exists()
    invitation = Invitation.objects.get(accepted_by=alice)
    assert invitation.email.endswith("@anonyme.invalid") and invitation.full_name == ""

    assert not InnovationContact.objects.filter(user=alice).exists()
    assert Reuse.objects.get(declared_by=alice).note == "Nous testons à Pessac."

    event = AuditEvent.objects.get(action="account.deleted")
    assert event.actor_id == alice_pk
    assert event.actor_label == DELETION_ACTOR_LABEL
    assert "Alice" not in event.actor_label
    assert event.data["drafts_deleted"] == 1

    # Bob still sees and edits the dossier
    bob_client = Client()
    bob_client.force_login(bob)
    page = bob_client.get(reverse("portal:application_detail", args=[dossier.pk]))
    assert page.status_code == 200
    assert "Alice Martin" not in page.content.decode()


def test_deleted_person_can_no_longer_sign_in_and_other_sessions_end(client, world):
    laptop = Client()
    laptop.force_login(world.alice)
    assert laptop.get(reverse("portal:my_applications")).status_code == 200

    _delete_through_the_page(client, world.alice)

    assert laptop.get(reverse("portal:my_applications")).status_code == 302
    assert not Client().login(email="alice@pessac.fr", password=PASSWORD)
    response = Client().post(
        reverse("account_login"), {"login": "alice@pessac.fr", "password": PASSWORD}
    )
    assert response.status_code == 200  # the form again, with its error
    assert "_auth_user_id" not in response.wsgi_request.session


def test_account_without_password_confirms_with_its_email(client, outsider):
    outsider.set_unusable_password()
    outsider.save()
    client.force_login(outsider)
    page = client.get(DELETE).content.decode()
    assert 'name="email"' in page and 'name="password"' not in page
    response = client.post(DELETE, {"email": "autre@ailleurs.fr"})
    assert response.status_code == 422
    assert "Ce n&#x27;est pas l&#x27;adresse e-mail de votre compte" in response.content.decode()
    response = client.post(DELETE, {"email": " Charlie@Ailleurs.fr "})
    assert response.status_code == 302
    outsider.refresh_from_db()
    assert not outsider.is_active


def test_fund_staff_must_first_be_removed_by_someone_else(client, staff, fund):
    client.force_login(staff)
    page = client.get(DELETE).content.decode()
    assert "Votre compte ne peut pas encore être supprimé." in page
    assert f"l&#x27;équipe du fonds « {fund.name} »" in page
    assert 'name="password"' not in page
    response = client.post(DELETE, {"password": PASSWORD})
    assert response.status_code == 403
    staff.refresh_from_db()
    assert staff.is_active
    with pytest.raises(AccountDeletionRefused):
        account_delete(user=staff)


def test_platform_admin_cannot_delete_themselves(client):
    admin = UserFactory(is_superuser=True, is_staff=True)
    assert _delete_through_the_page(client, admin).status_code == 403
    admin.refresh_from_db()
    assert admin.is_active


def test_deleting_twice_is_refused(world):
    account_delete(user=world.alice)
    with pytest.raises(AccountDeletionRefused):
        account_delete(user=world.alice)
    assert AuditEvent.objects.filter(action="account.deleted").count() == 1


def test_an_outsiders_deletion_leaves_others_untouched(client, world, outsider):
    _delete_through_the_page(client, outsider)
    world.alice.refresh_from_db()
    assert world.alice.is_active and world.alice.full_name == "Alice Martin"
    assert TeamMember.objects.filter(user=world.alice).count() == 2
    assert Attachment.objects.filter(application=world.draft).exists()


def test_get_and_post_only(client, applicant):
    client.force_login(applicant)
    assert client.put(DELETE).status_code == 405
    assert client.post(reverse("portal:personal_data_download")).status_code == 405
