"""Keeps the people who must use two-factor authentication on its pages until they do."""

from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest, HttpResponseRedirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

from .two_factor import (
    CONTINUE_SESSION_KEY,
    has_authenticator_app,
    session_passed_second_factor,
    two_factor_enforced,
    two_factor_required,
)

# What a person still without a second factor may reach: signing out, setting the
# authenticator app up (with allauth's confirmation of their password or ProConnect when
# the sign-in is old), their recovery codes, and changing the language.
OPEN_URL_NAMES = frozenset(
    {
        "account_logout",
        "account_reauthenticate",
        "mfa_activate_totp",
        "mfa_reauthenticate",
        "mfa_authenticate",
        "mfa_view_recovery_codes",
        "mfa_download_recovery_codes",
        "openid_connect_login",
        "openid_connect_callback",
        "socialaccount_login_error",
        "socialaccount_login_cancelled",
        "set_language",
    }
)


class TwoFactorRequiredMiddleware:
    """Fund staff, jurors and platform administrators (see `two_factor_required`) reach no
    page until their session has passed a second factor: without an authenticator app they
    are sent to set one up; with one (a session opened before it was required) they are
    asked for a code.

    Order of the checks: a session that passed costs nothing; otherwise the roles come from
    the lookup the menu makes anyway, and the authenticator is looked up only for the few
    people who must have one."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs):
        if not two_factor_enforced():
            return None
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        if session_passed_second_factor(request):
            return None
        match = request.resolver_match
        if match is not None and match.url_name in OPEN_URL_NAMES:
            return None
        if request.path.startswith(settings.STATIC_URL):
            return None
        if not two_factor_required(user):
            return None
        next_url = request.get_full_path()
        if request.method != "GET" or not url_has_allowed_host_and_scheme(
            next_url, allowed_hosts={request.get_host()}
        ):
            next_url = ""
        if has_authenticator_app(user):
            url = reverse("mfa_reauthenticate")
            return HttpResponseRedirect(
                f"{url}?{urlencode({'next': next_url})}" if next_url else url
            )
        # allauth's activation page keeps no "next": the recovery codes page, shown right
        # after it, offers to continue to the page first asked for.
        if next_url:
            request.session[CONTINUE_SESSION_KEY] = next_url
        return HttpResponseRedirect(reverse("mfa_activate_totp"))
