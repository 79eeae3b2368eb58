"""Reads about funds and calls for the back-office, scoped to the person asking."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet

from essaim.core.models import AuditEvent

from .models import Call, Fund
from .rules import is_platform_admin, staff_fund_ids


def managed_funds(user) -> QuerySet[Fund]:
    """The funds `user` runs: all of them for a platform administrator, else their staff roles.

    Every back-office query starts from here, so one fund's staff never reach another's data.
    """
    if is_platform_admin(user):
        return Fund.objects.all()
    return Fund.objects.filter(pk__in=staff_fund_ids(user))


def managed_calls(user) -> QuerySet[Call]:
    return Call.objects.filter(fund__in=managed_funds(user)).select_related("fund")


def funds_with_calls(user) -> list[Fund]:
    """The managed funds, each with its calls (newest first) in `fund.call_list`."""
    return list(
        managed_funds(user)
        .order_by("name")
        .prefetch_related(
            Prefetch(
                "calls",
                queryset=Call.objects.order_by("-opens_at", "-id"),
                to_attr="call_list",
            )
        )
    )


def call_audit_events(call: Call) -> QuerySet[AuditEvent]:
    return AuditEvent.objects.for_object(call).select_related("actor")


@dataclass(frozen=True)
class DeadlineExtension:
    at: dt.datetime
    by: str
    old_closes_at: dt.datetime | None
    new_closes_at: dt.datetime | None
    reason: str


def _parse(value: str) -> dt.datetime | None:
    try:
        return dt.datetime.fromisoformat(value)
    except ValueError:
        return None


def deadline_extensions(events: list[AuditEvent]) -> list[DeadlineExtension]:
    """The `call.deadline_extended` rows among a call's events, with their times parsed."""
    return [
        DeadlineExtension(
            at=event.created_at,
            by=event.actor_label or (str(event.actor) if event.actor else ""),
            old_closes_at=_parse(event.from_value),
            new_closes_at=_parse(event.to_value),
            reason=event.reason,
        )
        for event in events
        if event.action == "call.deadline_extended"
    ]
