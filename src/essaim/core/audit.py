"""Writing the audit trail. Callers are services, inside their own transaction.

Each row names the fund it belongs to, found from the object (an Application through its
call, a Review through its assignment's stage…), so that a fund's staff read their own
funds' rows only. Objects that belong to no fund (a person, an organisation) get none; only
platform administrators read those.
"""

from collections import deque
from functools import cache
from typing import Any

from django.apps import apps
from django.conf import settings
from django.db import models

from .models import AuditEvent

FUND_MODEL = "funds.Fund"
MAX_HOPS = 4  # Score → criterion → stage → call → fund is the longest path today


@cache
def fund_path(model: type[models.Model]) -> tuple[str, ...] | None:
    """The shortest chain of foreign keys from `model` to a Fund (non-nullable links
    first), `()` for a Fund itself, None when there is none."""
    target = apps.get_model(FUND_MODEL)
    if model is target:
        return ()
    seen = {model}
    queue = deque([(model, ())])
    while queue:
        current, path = queue.popleft()
        if len(path) >= MAX_HOPS:
            continue
        links = [
            field
            for field in current._meta.concrete_fields
            if field.is_relation and (field.many_to_one or field.one_to_one)
        ]
        links.sort(key=lambda field: field.null)
        for field in links:
            related = field.related_model
            if related is target:
                return (*path, field.name)
            if related in seen or related._meta.label == settings.AUTH_USER_MODEL:
                continue
            seen.add(related)
            queue.append((related, (*path, field.name)))
    return None


def fund_id_for(obj: models.Model) -> int | None:
    """The fund `obj` belongs to: read from the related objects already loaded, or in one
    query for the rest of the path."""
    path = fund_path(obj.__class__)  # __class__: request.user is a lazy proxy
    if path is None:
        return None
    if not path:
        return obj.pk
    current = obj
    for position, name in enumerate(path):
        field = current._meta.get_field(name)
        value = getattr(current, field.attname)
        if value is None or position == len(path) - 1:
            return value
        if not field.is_cached(current):
            rest = "__".join(path[position + 1 :])
            return (
                field.related_model._base_manager.filter(pk=value)
                .values_list(rest, flat=True)
                .first()
            )
        current = getattr(current, name)
    return None


def build(
    *,
    actor,
    action: str,
    obj: models.Model,
    from_value: str = "",
    to_value: str = "",
    reason: str = "",
    actor_label: str = "",
    data: dict[str, Any] | None = None,
    fund_id: int | None = None,
) -> AuditEvent:
    """An unsaved row, for `AuditEvent.objects.bulk_create` (a service writing many at
    once); `record()` saves one."""
    if actor is not None and not getattr(actor, "is_authenticated", False):
        actor = None
    return AuditEvent(
        actor=actor,
        actor_label=(actor_label or (str(actor) if actor else ""))[:200],
        fund_id=fund_id if fund_id is not None else fund_id_for(obj),
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        from_value=str(from_value)[:200],
        to_value=str(to_value)[:200],
        reason=reason,
        data=data or {},
    )


def record(
    *,
    actor,
    action: str,
    obj: models.Model,
    from_value: str = "",
    to_value: str = "",
    reason: str = "",
    actor_label: str = "",
    data: dict[str, Any] | None = None,
    fund_id: int | None = None,
) -> AuditEvent:
    """Write one row. `fund_id` overrides the fund found from `obj` (a staff sign-in names
    the fund the person runs)."""
    event = build(
        actor=actor,
        action=action,
        obj=obj,
        from_value=from_value,
        to_value=to_value,
        reason=reason,
        actor_label=actor_label,
        data=data,
        fund_id=fund_id,
    )
    event.save(force_insert=True)
    return event
