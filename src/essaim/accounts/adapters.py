"""allauth adapters: two-factor rules and the people ProConnect signs in."""

import time
from urllib.parse import urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from . import secrets_at_rest
from .landing import home_url
from .proconnect.logout import end_session_url
from .two_factor import (
    AUTHENTICATION_METHODS_SESSION_KEY,
    AUTHENTICATION_METHODS_USER_SESSION_KEY,
    two_factor_enforced,
    two_factor_required,
)


def _site_request() -> HttpRequest:
    """A request for the site's own address (SITE_URL), for mails sent outside a request."""
    url = urlsplit(settings.SITE_URL)
    request = HttpRequest()
    request.META.update(
        {
            "HTTP_HOST": url.netloc,
            "SERVER_NAME": url.hostname or "localhost",
            "SERVER_PORT": str(url.port or (443 if url.scheme == "https" else 80)),
        }
    )
    return request


class AccountAdapter(DefaultAccountAdapter):
    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        """allauth builds its mails from the current request; one sent after a commit once the
        request is over (a security notification) gets a request for SITE_URL instead."""
        if allauth_context.request is not None:
            return super().send_mail(template_prefix, email, context)
        with allauth_context.request_context(_site_request()):
            return super().send_mail(template_prefix, email, context)

    def get_login_redirect_url(self, request) -> str:
        """Without a `next` address: the home of the person's role (accounts.landing)."""
        return home_url(request.user)

    def get_logout_redirect_url(self, request) -> str:
        """After a ProConnect sign-in, sign-out goes through ProConnect (asked while the
        session still holds its id_token: allauth asks before logging out)."""
        home = super().get_logout_redirect_url(request)
        return end_session_url(request, back=request.build_absolute_uri(home)) or home

    def is_reauthentication_required(self, *, app: str, **kwargs) -> bool:
        """allauth asks for the password again before any two-factor change, even right
        after signing in. A sign-in (or confirmation) of the last few minutes counts: a
        person sent to set their authenticator app up as soon as they signed in is not asked
        for the password they just typed."""
        if not super().is_reauthentication_required(app=app, **kwargs):
            return False
        request = allauth_context.request
        user = getattr(request, "user", None)
        if request is None or user is None or not user.is_authenticated:
            return True
        session = request.session
        if session.get(AUTHENTICATION_METHODS_USER_SESSION_KEY) != str(user.pk):
            return True
        records = session.get(AUTHENTICATION_METHODS_SESSION_KEY) or []
        latest = max((r.get("at", 0) for r in records if isinstance(r, dict)), default=0)
        return time.time() - latest >= settings.ACCOUNT_REAUTHENTICATION_TIMEOUT


class MFAAdapter(DefaultMFAAdapter):
    error_messages = {
        **DefaultMFAAdapter.error_messages,
        "cannot_delete_authenticator": _(
            "Votre rôle (équipe d'un fonds, membre d'un jury ou administration de la "
            "plateforme) exige la double authentification : vous ne pouvez pas la désactiver."
        ),
        "incorrect_code": _(
            "Ce code n'est pas le bon. Tapez le code affiché maintenant par votre application "
            "(il change toutes les 30 secondes), ou un code de secours."
        ),
    }

    def encrypt(self, text: str) -> str:
        """The TOTP key and the recovery codes' seed are stored encrypted."""
        return secrets_at_rest.encrypt(text)

    def decrypt(self, encrypted_text: str) -> str:
        return secrets_at_rest.decrypt(encrypted_text)

    def can_delete_authenticator(self, authenticator: Authenticator) -> bool:
        """People who must use two-factor authentication cannot turn it off."""
        if authenticator.type != Authenticator.Type.TOTP or not two_factor_enforced():
            return True
        return not two_factor_required(authenticator.user)


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    def populate_user(self, request, sociallogin, data):
        """Our users have one `full_name` (no first and last names) and a lower-case e-mail
        address, as `UserManager` writes it."""
        user = super().populate_user(request, sociallogin, data)
        user.email = (user.email or "").lower()
        name = data.get("name") or " ".join(
            part for part in (data.get("first_name"), data.get("last_name")) if part
        )
        user.full_name = (name or "").strip()[:150]
        return user
