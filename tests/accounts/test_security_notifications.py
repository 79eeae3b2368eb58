"""The person is told by e-mail, in French, when their password or second factor changes,
with when and from where, and what to do if it was not them."""

import pytest
from allauth.mfa.models import Authenticator
from django.core.cache import cache
from django.urls import reverse

from ..factories import UserFactory
from .totp import secret_on_page, totp_code

pytestmark = pytest.mark.django_db

PASSWORD = "un-mot-de-passe-solide-2026"


@pytest.fixture
def person(client):
    cache.clear()  # allauth's rate limits and used codes
    user = UserFactory(email="agent@mairie-exemple.fr", password=PASSWORD)
    # a sign-in that has just happened: no password asked again before a 2FA change
    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302
    return user


def _only_mail(mailoutbox, subject: str):
    matching = [m for m in mailoutbox if subject in m.subject]
    assert len(matching) == 1, [m.subject for m in mailoutbox]
    return matching[0]


# allauth mails after the commit, still inside the request: a real transaction is needed
@pytest.mark.django_db(transaction=True)
def test_setting_up_an_authenticator_app_is_mailed(client, person, mailoutbox):
    page = client.get(reverse("mfa_activate_totp")).content.decode()
    response = client.post(reverse("mfa_activate_totp"), {"code": totp_code(secret_on_page(page))})
    assert response.status_code == 302
    assert Authenticator.objects.filter(user=person, type="totp").exists()
    mail = _only_mail(mailoutbox, "Double authentification activée")
    assert mail.subject == "[Essaim] Double authentification activée"
    assert mail.to == ["agent@mairie-exemple.fr"]
    body = mail.body
    assert "Ce changement vient d'être fait sur votre compte Essaim" in body
    assert "Une application d'authentification a été associée à votre compte" in body
    assert "127.0.0.1" in body
    assert "Mot de passe oublié" in body
    assert "{{" not in body and "{%" not in body


def test_changing_the_password_is_mailed(client, person, mailoutbox):
    new = "un-autre-mot-de-passe-2026"
    response = client.post(
        reverse("account_change_password"),
        {"oldpassword": PASSWORD, "password1": new, "password2": new},
    )
    assert response.status_code == 302
    mail = _only_mail(mailoutbox, "Votre mot de passe a été changé")
    assert "Votre mot de passe a été changé." in mail.body
    assert "Bonjour," in mail.body
