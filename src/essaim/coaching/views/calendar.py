"""A person's agenda: the page that gives their secret iCalendar address (and renews it),
and the feed itself, read by calendar software without a session."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from essaim.accompaniment.calendar import build_calendar, feed_counts
from essaim.accompaniment.models import CalendarFeed
from essaim.accompaniment.services.calendar_feeds import calendar_feed_of, renew_calendar_feed

# A fund's staff may have thousands of events (seconds to build for 500 laureates, see
# bench/portfolio.py), and calendar software retries and polls from several devices: a built
# feed is kept this long per token. A renewed token answers 404 at once (the token is looked
# up first); other changes show within this delay.
FEED_CACHE_SECONDS = 300


@login_required
@require_http_methods(["GET", "POST"])
def my_calendar(request):
    """GET shows the address; POST creates it or, when it exists, renews it."""
    if request.method == "POST":
        renewed = calendar_feed_of(request.user) is not None
        renew_calendar_feed(user=request.user)
        messages.success(
            request,
            _("Nouvelle adresse créée : l'ancienne ne fonctionne plus.")
            if renewed
            else _("Votre adresse d'agenda est prête."),
        )
        return redirect("coaching:calendar")
    feed = calendar_feed_of(request.user)
    return render(
        request,
        "coaching/calendar/my_calendar.html",
        {
            "feed": feed,
            "feed_url": (
                request.build_absolute_uri(reverse("coaching:calendar_feed", args=[feed.token]))
                if feed
                else ""
            ),
            "content": feed_counts(request.user),
            "page_title": _("Mon agenda"),
        },
    )


@require_GET
@never_cache
def calendar_feed(request, token: str):
    """The feed of the person holding `token`; 404 for any other token (renewed or never
    given) and for a deactivated account. No session, no cookie needed."""
    feed = CalendarFeed.objects.select_related("user").filter(token=token).first()
    if feed is None or not feed.user.is_active:
        raise Http404
    key = f"essaim:calendar-feed:{feed.token}"
    body = cache.get(key)
    if body is None:
        body = build_calendar(feed.user)
        cache.set(key, body, FEED_CACHE_SECONDS)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="essaim.ics"'
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "no-referrer"
    return response
