"""The dossier's state as its team may see it, for the portal's templates.

`{% for row in rows|with_team_states %}` loads what a whole list needs in one query; the
other filters then read from the dossier (or run one query for a single dossier page).
"""

from django import template

from ..visibility import (
    PENDING,
    history_for_team,
    next_step_for_team,
    prime,
    state_for_team,
)
from .applications import state_tag_class

register = template.Library()


@register.filter
def with_team_states(rows):
    """`rows`: dossiers, or dicts holding one under "application"; returned unchanged."""
    rows = list(rows)
    prime(row["application"] if isinstance(row, dict) else row for row in rows)
    return rows


@register.filter
def team_state_label(application) -> str:
    return state_for_team(application)[1]


@register.filter
def team_state_tag_class(application) -> str:
    value = state_for_team(application)[0]
    return "" if value == PENDING else state_tag_class(value)


@register.filter
def team_next_step(application) -> str:
    return next_step_for_team(application)


@register.filter
def team_history(events, application):
    return history_for_team(application, events)
