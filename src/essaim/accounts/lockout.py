"""django-axes hooks: who is signing in, and the page shown once the pair address + IP is
locked out (settings: AXES_USERNAME_CALLABLE, AXES_LOCKOUT_CALLABLE)."""

from axes.helpers import get_client_ip_address, get_cool_off
from axes.models import AccessAttempt
from django.shortcuts import render
from django.utils import timezone


def username_of(request, credentials: dict | None) -> str | None:
    """The address being tried: allauth passes {"email": …} to authenticate(), the form posts
    it as "login". Lowercased, so that "Alice@…" and "alice@…" count together."""
    credentials = credentials or {}
    value = credentials.get("email") or credentials.get("username") or credentials.get("login")
    if not value and request is not None:
        value = getattr(request, "POST", {}).get("login")
    return value.strip().lower() if value else None


def lockout_response(request, original_response=None, credentials=None):
    """A French page, status 429, saying when signing in works again and how to reset the
    password meanwhile. Never says whether the address has an account."""
    cool_off = get_cool_off(request)
    username = username_of(request, credentials)
    ip_address = getattr(request, "axes_ip_address", None) or get_client_ip_address(request)
    last = (
        AccessAttempt.objects.filter(username=username, ip_address=ip_address)
        .order_by("-attempt_time")
        .values_list("attempt_time", flat=True)
        .first()
    )
    retry_at = (last or timezone.now()) + cool_off
    return render(
        request,
        "account/lockout.html",
        {
            "retry_at": retry_at,
            "cool_off_minutes": int(cool_off.total_seconds() // 60),
        },
        status=429,
    )
