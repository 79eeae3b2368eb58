"""How the public pages speak about a call's calendar: status, countdown."""

import datetime as dt

from django import template
from django.utils import formats, timezone
from django.utils.html import format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from essaim.funds.enums import CallStatus

register = template.Library()

STATUS_TAG_CLASSES = {
    CallStatus.OPEN: "tag--green",
    CallStatus.UPCOMING: "tag--yellow",
    CallStatus.CLOSED: "tag--grey",
    CallStatus.DRAFT: "tag--grey",
}


def countdown_text(deadline: dt.datetime, now: dt.datetime) -> str:
    """'Clôture dans 12 jours.', 'Clôture dans 3 heures et 5 minutes.', 'L'appel est clos.'

    Same wording and rounding (down, to the minute) as essaim.js, which refreshes it in
    the browser, so that the text does not jump when the script takes over.
    """
    seconds = (deadline - now).total_seconds()
    if seconds <= 0:
        return _("L'appel est clos.")
    minutes = int(seconds // 60)
    if minutes == 0:
        return _("Clôture dans moins d'une minute.")
    days, rest = divmod(minutes, 1440)
    hours, mins = divmod(rest, 60)
    parts = []
    if days:
        parts.append(ngettext("%(count)s jour", "%(count)s jours", days) % {"count": days})
    if hours:
        parts.append(ngettext("%(count)s heure", "%(count)s heures", hours) % {"count": hours})
    if not days and (mins or not hours):
        parts.append(ngettext("%(count)s minute", "%(count)s minutes", mins) % {"count": mins})
    delay = (
        _("%(first)s et %(second)s") % {"first": parts[0], "second": parts[1]}
        if len(parts) == 2
        else parts[0]
    )
    return _("Clôture dans %(delay)s.") % {"delay": delay}


@register.simple_tag
def countdown(call, now):
    return countdown_text(call.closes_at, now)


@register.simple_tag
def countdown_attrs(call):
    """The attributes essaim.js needs to refresh a countdown: the deadline, and the words
    of `countdown_text` in the page's language, so that the script speaks it too.

    The script fills in `%(count)s`, `%(delay)s`, `%(first)s` and `%(second)s`. Counts
    it prints are always 1 or more, so a singular and a plural form are enough.
    """
    attrs = {
        "data-deadline": timezone.localtime(call.closes_at).isoformat(),
        "data-closed": _("L'appel est clos."),
        "data-soon": _("Clôture dans moins d'une minute."),
        "data-template": _("Clôture dans %(delay)s."),
        "data-and": _("%(first)s et %(second)s"),
    }
    for unit, singular, plural in (
        ("day", "%(count)s jour", "%(count)s jours"),
        ("hour", "%(count)s heure", "%(count)s heures"),
        ("minute", "%(count)s minute", "%(count)s minutes"),
    ):
        attrs[f"data-{unit}-one"] = ngettext(singular, plural, 1)
        attrs[f"data-{unit}-many"] = ngettext(singular, plural, 2)
    return format_html_join(" ", '{}="{}"', attrs.items())


@register.simple_tag
def call_status(call, now):
    """The call's status at `now` (a CallStatus), for `{% call_status call now as status %}`."""
    return call.status_at(now)


@register.filter
def status_tag_class(status) -> str:
    return STATUS_TAG_CLASSES.get(status, "tag--grey")


def _day_number(value: dt.date) -> str:
    # French writes the first of the month "1er"
    return _("1er") if value.day == 1 else str(value.day)


def _day_month(value: dt.date) -> str:
    return f"{_day_number(value)} {formats.date_format(value, 'F')}"


def _full(value: dt.date) -> str:
    return f"{_day_month(value)} {value.year}"


@register.simple_tag
def date_range(starts_on: dt.date | None, ends_on: dt.date | None) -> str:
    """'du 3 au 14 juin 2024', 'du 15 avril au 24 mai 2024', 'le 20 juin 2024',
    'à partir du 3 juin 2024', 'jusqu'au 14 juin 2024', 'dates à préciser'."""
    if starts_on and ends_on:
        if starts_on == ends_on:
            return _("le %(date)s") % {"date": _full(starts_on)}
        if (starts_on.year, starts_on.month) == (ends_on.year, ends_on.month):
            start = _day_number(starts_on)
        elif starts_on.year == ends_on.year:
            start = _day_month(starts_on)
        else:
            start = _full(starts_on)
        return _("du %(start)s au %(end)s") % {"start": start, "end": _full(ends_on)}
    if starts_on:
        return _("à partir du %(date)s") % {"date": _full(starts_on)}
    if ends_on:
        return _("jusqu'au %(date)s") % {"date": _full(ends_on)}
    return _("dates à préciser")


@register.filter
def display_url(value: str) -> str:
    """'https://www.fonds.mnt.fr/' → 'fonds.mnt.fr': what people read and type."""
    text = (value or "").split("://", 1)[-1]
    text = text.removeprefix("www.").rstrip("/")
    return text
