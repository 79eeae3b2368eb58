"""Routes of the accompaniment space: a person's agenda and its secret iCalendar feed."""

from django.urls import path, re_path

from ..views import calendar

urlpatterns: list = [
    path("agenda/", calendar.my_calendar, name="calendar"),
    # tokens are secrets.token_urlsafe(32): 43 characters of [A-Za-z0-9_-]
    re_path(
        r"^agenda/(?P<token>[A-Za-z0-9_-]{20,64})\.ics$",
        calendar.calendar_feed,
        name="calendar_feed",
    ),
]
