"""Template helpers for dates, money and forms written the French way."""

from decimal import Decimal

from django import template
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

register = template.Library()


def _day_text(value) -> str:
    text = formats.date_format(value, "j F Y")
    if value.day == 1 and translation.get_language() == "fr":
        text = "1er" + text[1:]  # French writes the first of the month as an ordinal
    return text.replace(" ", "\u00a0", 1)


def _hour_text(value) -> str:
    # "12 h 00" never splits across lines.
    return formats.date_format(value, "G \\h i").replace(" ", "\u00a0")


@register.filter
def when(value):
    """'24 mai 2024 à 12 h 00' in French, the local time of Paris."""
    if not value:
        return ""
    value = timezone.localtime(value)
    return _("%(date)s à %(time)s") % {"date": _day_text(value), "time": _hour_text(value)}


@register.filter
def day(value):
    if not value:
        return ""
    if hasattr(value, "tzinfo") and value.tzinfo is not None:
        value = timezone.localtime(value)
    return _day_text(value)


@register.filter
def hour(value):
    if not value:
        return ""
    return _hour_text(timezone.localtime(value))


@register.filter
def euros(value):
    """'120 000 €' with a narrow no-break space between thousands."""
    if value in (None, ""):
        return ""
    amount = Decimal(value).quantize(Decimal("1")) if Decimal(value) % 1 == 0 else Decimal(value)
    whole, _sep, cents = f"{amount:,.2f}".partition(".") if amount % 1 else (f"{amount:,}", "", "")
    text = whole.replace(",", "\u202f")
    if cents:
        text = f"{text},{cents}"
    return f"{text}\u00a0€"


@register.filter
def add_class(field, css):
    return field.as_widget(attrs={"class": css})


@register.simple_tag
def describedby(field):
    """The ids a field's input should point at: its hint and its error message."""
    ids = []
    if field.help_text:
        ids.append(f"{field.auto_id}-hint")
    if field.errors:
        ids.append(f"{field.auto_id}-error")
    return " ".join(ids)


@register.filter
def iso_when(value):
    """`when` for an ISO 8601 string, as tasks carry dates in their JSON arguments."""
    from django.utils.dateparse import parse_datetime

    moment = parse_datetime(value) if isinstance(value, str) else value
    return when(moment) if moment else ""
