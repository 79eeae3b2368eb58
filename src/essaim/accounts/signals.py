"""Reactions to allauth's two-factor events: the audit trail, and the session that turned its
authenticator app off."""

from allauth.mfa import signals as mfa_signals
from allauth.mfa.models import Authenticator
from django.dispatch import receiver

from essaim.core.audit import record

from .two_factor import ENROLLED_SESSION_KEY


@receiver(mfa_signals.authenticator_added)
def two_factor_enabled(sender, request, user, authenticator, **kwargs):
    if authenticator.type != Authenticator.Type.TOTP:
        return
    record(actor=user, action="account.two_factor_enabled", obj=user, to_value="totp")


@receiver(mfa_signals.authenticator_removed)
def two_factor_disabled(sender, request, user, authenticator, **kwargs):
    if authenticator.type != Authenticator.Type.TOTP:
        return
    record(actor=user, action="account.two_factor_disabled", obj=user, from_value="totp")
    if request is not None:
        request.session.pop(ENROLLED_SESSION_KEY, None)
