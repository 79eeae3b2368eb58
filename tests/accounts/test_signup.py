"""Account pages: sign-up with a verified e-mail, sign-in, password reset — in French, in
the site's layout, and keeping `?next=` so that an agent lands back where they started."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.core.cache import cache
from django.urls import reverse

from essaim.accounts.models import User

from ..factories import UserFactory

START_PAGE = "/fonds/mnt/appels/2024-6/candidater/"
PASSWORD = "Un-mot-de-passe-solide-2026"

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    # allauth counts attempts in the cache; each test starts with a clean slate.
    cache.clear()
    yield
    cache.clear()


def _signup(client, email="agathe@mairie-exemple.fr", next_url=START_PAGE):
    return client.post(
        f"{reverse('account_signup')}?next={next_url}",
        {
            "full_name": "Agathe Leroy",
            "job_title": "Chargée d'accueil",
            "email": email,
            "password1": PASSWORD,
            "password2": PASSWORD,
            "next": next_url,
        },
    )


def _link(body: str) -> str:
    match = re.search(r"https?://\S+", body)
    assert match, body
    return match.group(0)


def _authenticated_user_id(client):
    return client.session.get("_auth_user_id")


# --- pages ---------------------------------------------------------------------------------


def test_signup_page_explains_the_account_and_keeps_next(client):
    response = client.get(f"{reverse('account_signup')}?next={START_PAGE}")

    html = response.content.decode()
    assert response.status_code == 200
    assert "<title>Créer un compte — Essaim</title>" in html
    assert html.count("<h1") == 1
    assert "rédiger un dossier" in html  # why an account is needed
    assert "vérifier votre adresse" in html  # and that the e-mail must be verified
    assert f'<input type="hidden" name="next" value="{START_PAGE}">' in html
    assert 'for="id_full_name"' in html and 'for="id_job_title"' in html
    assert "style=" not in html.split("<main", 1)[1]


def test_login_page_is_french_and_passes_next_to_signup(client):
    response = client.get(f"{reverse('account_login')}?next={START_PAGE}")

    html = response.content.decode()
    assert response.status_code == 200
    assert "<title>Se connecter — Essaim</title>" in html
    assert html.count("<h1") == 1
    assert f'<input type="hidden" name="next" value="{START_PAGE}">' in html
    assert "/compte/signup/?next=%2Ffonds%2Fmnt%2Fappels%2F2024-6%2Fcandidater%2F" in html
    assert "Mot de passe oublié" in html


def test_signup_with_errors_shows_the_summary_and_keeps_what_was_typed(client):
    response = client.post(
        reverse("account_signup"),
        {"full_name": "Agathe Leroy", "email": "pas-une-adresse", "password1": "court"},
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "<title>Erreur : Créer un compte — Essaim</title>" in html
    assert "Il y a un problème" in html
    assert 'href="#id_email"' in html
    assert 'value="Agathe Leroy"' in html
    assert not User.objects.filter(full_name="Agathe Leroy").exists()


# --- sign-up and verification ----------------------------------------------------------------


def test_signup_sends_a_verification_mail_in_french(client, mailoutbox):
    response = _signup(client)

    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    user = User.objects.get(email="agathe@mairie-exemple.fr")
    assert (user.full_name, user.job_title) == ("Agathe Leroy", "Chargée d'accueil")
    assert not EmailAddress.objects.get(user=user).verified
    assert _authenticated_user_id(client) is None
    [mail] = mailoutbox
    assert mail.to == ["agathe@mairie-exemple.fr"]
    assert mail.subject == "[Essaim] Confirmez votre adresse e-mail pour activer votre compte"
    assert mail.body.startswith("Bonjour,")
    assert "/compte/confirm-email/" in _link(mail.body)
    assert "L'équipe Essaim" in mail.body

    page = client.get(response["Location"]).content.decode()
    assert "<h1>Vérifiez votre adresse e-mail</h1>" in page


def test_signin_is_refused_before_verifying(client, mailoutbox):
    _signup(client)
    client.logout()

    response = client.post(
        reverse("account_login"), {"login": "agathe@mairie-exemple.fr", "password": PASSWORD}
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    assert _authenticated_user_id(client) is None
    assert client.get(reverse("portal:my_applications")).status_code == 302


def test_verifying_signs_in_and_returns_to_the_start_page(client, mailoutbox):
    _signup(client)
    link = _link(mailoutbox[0].body)

    confirm_page = client.get(link)
    assert confirm_page.status_code == 200
    assert "Confirmer mon adresse" in confirm_page.content.decode()
    response = client.post(link)

    user = User.objects.get(email="agathe@mairie-exemple.fr")
    assert EmailAddress.objects.get(user=user).verified
    assert _authenticated_user_id(client) == str(user.pk)
    assert response.status_code == 302
    assert response["Location"] == START_PAGE


def test_a_wrong_confirmation_link_explains_what_to_do(client):
    response = client.get(reverse("account_confirm_email", args=["pas-une-cle"]))

    html = response.content.decode()
    assert "<h1>Lien de confirmation non valable</h1>" in html
    assert "Connectez-vous" in html


def test_login_after_verifying_returns_to_next(client):
    user = UserFactory(email="agent@mairie-exemple.fr")

    response = client.post(
        f"{reverse('account_login')}?next={START_PAGE}",
        {"login": user.email, "password": "motdepasse-solide-42", "next": START_PAGE},
    )

    assert response.status_code == 302
    assert response["Location"] == START_PAGE
    assert _authenticated_user_id(client) == str(user.pk)


def test_wrong_password_is_explained_in_french(client):
    UserFactory(email="agent@mairie-exemple.fr")

    response = client.post(
        reverse("account_login"), {"login": "agent@mairie-exemple.fr", "password": "faux"}
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "<title>Erreur : Se connecter — Essaim</title>" in html
    assert "Il y a un problème" in html
    assert "mot de passe" in html.lower()


# --- password reset --------------------------------------------------------------------------


def test_password_reset_sends_a_mail_whose_link_works(client, mailoutbox):
    user = UserFactory(email="agent@mairie-exemple.fr")

    response = client.post(reverse("account_reset_password"), {"email": user.email})

    assert response.status_code == 302
    assert response["Location"] == reverse("account_reset_password_done")
    [mail] = mailoutbox
    assert mail.to == [user.email]
    assert mail.subject == "[Essaim] Choisissez un nouveau mot de passe"
    assert "votre mot de passe reste inchangé" in mail.body

    # allauth moves the key from the URL into the session, then shows the form.
    page = client.get(_link(mail.body), follow=True)
    html = page.content.decode()
    assert "<h1>Choisir un nouveau mot de passe</h1>" in html
    new_password = "Encore-un-mot-de-passe-77"
    response = client.post(
        page.redirect_chain[-1][0] if page.redirect_chain else _link(mail.body),
        {"password1": new_password, "password2": new_password},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("account_reset_password_from_key_done")

    client.logout()
    response = client.post(
        reverse("account_login"), {"login": user.email, "password": new_password}
    )
    assert response.status_code == 302
    assert _authenticated_user_id(client) == str(user.pk)


def test_password_reset_link_works_only_once(client, mailoutbox):
    user = UserFactory(email="agent@mairie-exemple.fr")
    client.post(reverse("account_reset_password"), {"email": user.email})
    link = _link(mailoutbox[0].body)
    page = client.get(link, follow=True)
    form_url = page.redirect_chain[-1][0] if page.redirect_chain else link
    new_password = "Encore-un-mot-de-passe-77"
    client.post(form_url, {"password1": new_password, "password2": new_password})
    client.logout()

    html = client.get(link, follow=True).content.decode()

    assert "<h1>Lien non valable</h1>" in html
    assert "Demander un nouveau lien" in html


def test_password_reset_for_an_unknown_address_says_so_by_mail(client, mailoutbox):
    response = client.post(reverse("account_reset_password"), {"email": "personne@ailleurs.fr"})

    assert response.status_code == 302
    [mail] = mailoutbox
    assert mail.subject == "[Essaim] Aucun compte n'utilise cette adresse"
    assert "/compte/signup/" in mail.body


# --- signed-in pages -------------------------------------------------------------------------


def test_logout_asks_for_confirmation_then_signs_out(client):
    user = UserFactory(email="agent@mairie-exemple.fr")
    client.force_login(user)

    html = client.get(reverse("account_logout")).content.decode()
    assert "<title>Se déconnecter — Essaim</title>" in html
    assert html.count("<h1") == 1
    response = client.post(reverse("account_logout"))

    assert response.status_code == 302
    assert _authenticated_user_id(client) is None


def test_email_page_lists_addresses_with_their_status_in_words(client):
    user = UserFactory(email="agent@mairie-exemple.fr")
    EmailAddress.objects.create(user=user, email="autre@mairie-exemple.fr", verified=False)
    client.force_login(user)

    html = client.get(reverse("account_email")).content.decode()

    assert "<h1>Mes adresses e-mail</h1>" in html
    assert "Vérifiée" in html and "Non vérifiée" in html and "Principale" in html
    assert 'for="id_email"' in html
    assert "<script" not in html.split("<main", 1)[1].split("</main>")[0]
