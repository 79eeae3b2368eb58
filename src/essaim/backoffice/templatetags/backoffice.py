"""Reading the audit trail in French in the back-office."""

from datetime import datetime

from django import template

from essaim.core.templatetags.essaim import when

from .. import audit_labels

register = template.Library()


@register.filter
def action_label(action: str) -> str:
    return audit_labels.action_label(action)


@register.filter
def audit_from(event) -> str:
    """The event's "before" value in words: a state's label, a date in French."""
    return audit_labels.readable_value(event.action, event.from_value)


@register.filter
def audit_to(event) -> str:
    return audit_labels.readable_value(event.action, event.to_value)


@register.filter
def audit_actor(event) -> str:
    if event.actor is not None:
        return str(event.actor)
    return event.actor_label


@register.filter
def iso_when(value: str) -> str:
    """An ISO 8601 time kept in the audit trail, as '24 mai 2024 à 12 h 00' (Paris)."""
    try:
        return when(datetime.fromisoformat(value))
    except (TypeError, ValueError):
        return value or ""
