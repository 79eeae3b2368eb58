"""Who must use two-factor authentication, and whether this session has passed it.

Fund staff, jurors and platform administrators see dossiers, opinions and decisions of many
people: a stolen password alone must not open them. They are required to use an
authenticator app (TOTP, with recovery codes); anyone else may turn it on.

The requirement is checked on every request by `middleware.TwoFactorRequiredMiddleware`;
these helpers keep that check free of queries for a session that already passed it.
"""

from django.conf import settings
from django.http import HttpRequest

from essaim.funds.rules import jury_call_ids, staff_fund_ids

# allauth logs each authentication method of the session under this key
# (allauth.account.internal.flows.login.AUTHENTICATION_METHODS_SESSION_KEY).
AUTHENTICATION_METHODS_SESSION_KEY = "account_authentication_methods"
AUTHENTICATION_METHODS_USER_SESSION_KEY = "account_authentication_methods_user"
# Set when the person activates an authenticator app in this session: typing its first code
# proved they hold it, as much as a code at sign-in would.
ENROLLED_SESSION_KEY = "essaim_two_factor_enrolled"
# The page a person asked for when they were sent to set their authenticator app up.
CONTINUE_SESSION_KEY = "essaim_two_factor_next"


def two_factor_enforced() -> bool:
    """On everywhere but in the fast tests, which turn it back on where they test it."""
    return settings.ESSAIM_REQUIRE_2FA


def two_factor_required(user) -> bool:
    """True for platform administrators, the staff of a fund and the members of a jury.

    Reads the roles cached on the user for the request (`funds.rules._load_roles`): no query
    on a page that shows the menu anyway."""
    if not user.is_authenticated:
        return False
    return user.is_superuser or bool(staff_fund_ids(user)) or bool(jury_call_ids(user))


def session_passed_second_factor(request: HttpRequest) -> bool:
    """Whether this session was confirmed by a code from an authenticator app or a recovery
    code (at sign-in or later), or set its authenticator up."""
    session = request.session
    if session.get(ENROLLED_SESSION_KEY):
        return True
    if session.get(AUTHENTICATION_METHODS_USER_SESSION_KEY) != str(request.user.pk):
        return False
    methods = session.get(AUTHENTICATION_METHODS_SESSION_KEY) or []
    return any(isinstance(m, dict) and m.get("method") == "mfa" for m in methods)


def has_authenticator_app(user) -> bool:
    from allauth.mfa.models import Authenticator

    return Authenticator.objects.filter(user_id=user.pk, type=Authenticator.Type.TOTP).exists()
