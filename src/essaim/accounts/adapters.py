"""allauth adapters: two-factor rules and the people ProConnect signs in."""

import time

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from .two_factor import (
    AUTHENTICATION_METHODS_SESSION_KEY,
    AUTHENTICATION_METHODS_USER_SESSION_KEY,
    two_factor_enforced,
    two_factor_required,
)


class AccountAdapter(DefaultAccountAdapter):
    def is_reauthentication_required(self, *, app: str, **kwargs) -> bool:
        """allauth asks for the password again before any two-factor change, even right
        after signing in. A sign-in (or confirmation) of the last few minutes counts: a
        person sent to set their authenticator app up as soon as they signed in is not asked
        for the password they just typed."""
        if not super().is_reauthentication_required(app=app, **kwargs):
            return False
        request = context.request
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
            "plateforme) exige la double authentification : vous ne pouvez pas la désactiver."
        ),
        "incorrect_code": _(
            "Ce code n'est pas le bon. Tapez le code affiché maintenant par votre application "
            "(il change toutes les 30 secondes), ou un code de secours."
        ),
    }

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
