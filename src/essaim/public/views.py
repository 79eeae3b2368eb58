"""Public pages: anyone may read them, no account needed.

Unpublished funds and calls answer 404, exactly as if they did not exist.
"""

import hashlib
import mimetypes
from pathlib import PurePosixPath

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.cache import cache_control
from django.views.decorators.http import condition, require_safe

from essaim.core.downloads import protected_file_response
from essaim.core.uploads import IMAGE_TYPES
from essaim.funds.models import Fund
from essaim.privacy.legal import legal_context

from . import selectors
from .theme import theme_css

# The theme and logo URLs carry ?v=<updated_at> in the pages, so a long lifetime is safe;
# a stale copy only lasts until the next page view links the new version.
ASSET_MAX_AGE = 24 * 3600


@require_safe
def home(request):
    now = timezone.now()
    return render(
        request,
        "public/home.html",
        {
            "now": now,
            "groups": selectors.home_calls(now),
            "funds": list(selectors.published_funds()),
        },
    )


@require_safe
def past_calls(request):
    now = timezone.now()
    return render(
        request, "public/past_calls.html", {"now": now, "fund_groups": selectors.past_calls(now)}
    )


@require_safe
def fund_detail(request, fund_slug: str):
    fund = get_object_or_404(selectors.published_funds(), slug=fund_slug)
    now = timezone.now()
    return render(
        request,
        "public/fund_detail.html",
        {"fund": fund, "now": now, "groups": selectors.fund_calls(fund, now)},
    )


@require_safe
def call_detail(request, fund_slug: str, call_slug: str):
    call = get_object_or_404(selectors.call_for_public_page(), fund__slug=fund_slug, slug=call_slug)
    now = timezone.now()
    calendar = selectors.call_calendar(call, now)
    results_on = selectors.results_date(calendar)
    return render(
        request,
        "public/call_detail.html",
        {
            "fund": call.fund,
            "call": call,
            "now": now,
            "status": call.status_at(now),
            "calendar": calendar,
            "results_on": results_on,
            "results_announced": bool(results_on and results_on <= timezone.localdate(now)),
            "themes": list(call.themes.all()),
        },
    )


# --- fund assets: accent colour and logo ------------------------------------------------------


def _fund_for_asset(request, fund_slug: str):
    """The fund behind a theme or logo request, looked up once for the conditional-GET
    checks and the view. Any fund, published or not: the back office shows unpublished
    funds with their colours, and a colour or a logo is no secret."""
    cache = request.__dict__.setdefault("_essaim_funds", {})
    if fund_slug not in cache:
        cache[fund_slug] = (
            Fund.objects.only("slug", "accent_colour", "logo", "updated_at")
            .filter(slug=fund_slug)
            .first()
        )
    return cache[fund_slug]


def _fund_last_modified(request, fund_slug: str):
    fund = _fund_for_asset(request, fund_slug)
    return fund.updated_at if fund else None


def _fund_etag(request, fund_slug: str):
    fund = _fund_for_asset(request, fund_slug)
    if fund is None:
        return None
    key = f"{fund.slug}|{fund.updated_at.isoformat()}|{fund.accent_colour}|{fund.logo.name}"
    return hashlib.sha256(key.encode()).hexdigest()[:20]


@require_safe
@cache_control(public=True, max_age=ASSET_MAX_AGE)
@condition(etag_func=_fund_etag, last_modified_func=_fund_last_modified)
def fund_theme(request, fund_slug: str):
    fund = _fund_for_asset(request, fund_slug)
    if fund is None:
        raise Http404
    return HttpResponse(theme_css(fund.accent_colour), content_type="text/css; charset=utf-8")


@require_safe
@cache_control(public=True, max_age=ASSET_MAX_AGE)
@condition(etag_func=_fund_etag, last_modified_func=_fund_last_modified)
def fund_logo(request, fund_slug: str):
    fund = _fund_for_asset(request, fund_slug)
    if fund is None or not fund.logo:
        raise Http404
    # The name was cleaned at upload to carry the checked type's extension (core.uploads).
    content_type = mimetypes.guess_type(fund.logo.name)[0] or ""
    if content_type not in IMAGE_TYPES:
        raise Http404  # never an SVG or anything else a browser would run
    return protected_file_response(
        fund.logo,
        filename=f"logo-{fund.slug}{PurePosixPath(fund.logo.name).suffix.lower()}",
        content_type=content_type,
        inline_images=True,
        cache=f"public, max-age={ASSET_MAX_AGE}",
    )


# --- legal pages -----------------------------------------------------------------------------


@require_safe
def legal(request):
    return render(request, "public/legal.html", legal_context())


@require_safe
def privacy(request):
    funds = (
        selectors.published_funds()
        .order_by("name")
        .only("name", "operator", "contact_email", "retention_months")
    )
    return render(request, "public/privacy.html", {**legal_context(), "funds": funds})


@require_safe
def accessibility(request):
    return render(request, "public/accessibility.html", legal_context())


# Crawlers may read the public pages; the personal and working areas are signed-in only
# anyway, and listing them here keeps crawlers from knocking on their login redirects.
ROBOTS_DISALLOWED = (
    "/compte/",
    "/gestion/",
    "/expertise/",
    "/accompagnement/",
    "/dossiers/",
    "/mes-dossiers/",
    "/mes-reutilisations/",
    "/reutilisations/",
    "/soutien/",
    "/admin/",
)


@require_safe
@cache_control(max_age=86400, public=True)
def robots_txt(request):
    lines = ["User-agent: *", *(f"Disallow: {path}" for path in ROBOTS_DISALLOWED)]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
