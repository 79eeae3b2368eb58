"""Template filters for dates and money (see core.formatting)."""

from django import template

from essaim.core import formatting

register = template.Library()

when = register.filter("when", formatting.when)
day = register.filter("day", formatting.day)
hour = register.filter("hour", formatting.hour)
euros = register.filter("euros", formatting.euros)


@register.filter
def iso_when(value):
    """`when` for an ISO 8601 string, as tasks carry dates in their JSON arguments."""
    from django.utils.dateparse import parse_datetime

    moment = parse_datetime(value) if isinstance(value, str) else value
    return when(moment) if moment else ""
