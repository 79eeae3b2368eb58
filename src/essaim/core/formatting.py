"""Dates and money written as French (or English) readers expect. Used by templates,
forms and services alike, so that one rule formats a date everywhere."""

from decimal import Decimal

from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _


def _day_text(value) -> str:
    text = formats.date_format(value, "j F Y")
    if value.day == 1 and translation.get_language() == "fr":
        text = "1er" + text[1:]  # French writes the first of the month as an ordinal
    return text.replace(" ", "\u00a0", 1)


def _hour_text(value) -> str:
    # "12 h 00" in French, "12:00" in English; never split across lines.
    time_format = "H:i" if translation.get_language() == "en" else "G \\h i"
    return formats.date_format(value, time_format).replace(" ", "\u00a0")


def when(value):
    """'24 mai 2024 à 12 h 00' in French, the local time of Paris."""
    if not value:
        return ""
    value = timezone.localtime(value)
    return _("%(date)s à %(time)s") % {"date": _day_text(value), "time": _hour_text(value)}


def day(value):
    if not value:
        return ""
    if hasattr(value, "tzinfo") and value.tzinfo is not None:
        value = timezone.localtime(value)
    return _day_text(value)


def hour(value):
    if not value:
        return ""
    return _hour_text(timezone.localtime(value))


def euros(value):
    """'120 000 €' in French (narrow no-break spaces), '€120,000' in English."""
    if value in (None, ""):
        return ""
    amount = Decimal(value)
    text = f"{amount:,.2f}" if amount % 1 else f"{amount.quantize(Decimal('1')):,}"
    if translation.get_language() == "en":
        return f"€{text}"
    whole, _sep, cents = text.partition(".")
    text = whole.replace(",", "\u202f") + (f",{cents}" if cents else "")
    return f"{text}\u00a0€"
