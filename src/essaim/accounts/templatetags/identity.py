"""Template helpers of the sign-in and two-factor pages."""

from allauth.socialaccount.adapter import get_adapter
from django import template
from django.conf import settings
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

from ..landing import home_url
from ..proconnect.config import PROVIDER_ID
from ..two_factor import CONTINUE_SESSION_KEY, two_factor_enforced, two_factor_required

register = template.Library()


@register.simple_tag(takes_context=True)
def proconnect_provider(context):
    """ProConnect's allauth provider when it is configured, else None (no button)."""
    request = context.get("request")
    for provider in get_adapter(request).list_providers(request):
        if provider.app is not None and provider.app.provider_id == PROVIDER_ID:
            return provider
    return None


@register.simple_tag(takes_context=True)
def two_factor_is_required(context) -> bool:
    """Whether the signed-in person must use two-factor authentication (their role)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    return bool(user is not None and two_factor_enforced() and two_factor_required(user))


@register.simple_tag(takes_context=True)
def two_factor_continue_url(context) -> str:
    """Where to go once the authenticator app is set up: the page first asked for, else the
    home page of a signed-in person."""
    request = context.get("request")
    url = request.session.get(CONTINUE_SESSION_KEY, "") if request is not None else ""
    if url and url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()}):
        return url
    return home_url(request.user) if request is not None else reverse(settings.LOGIN_REDIRECT_URL)


@register.simple_tag(takes_context=True)
def signed_in_home_url(context) -> str:
    """The home of the signed-in person's role (accounts.landing)."""
    return home_url(context["request"].user)


@register.filter
def in_groups(value: str, size: int = 4) -> str:
    """A long key in groups of four characters, easier to copy by hand."""
    value = str(value)
    return " ".join(value[i : i + size] for i in range(0, len(value), size))
