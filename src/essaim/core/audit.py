"""Writing the audit trail. Callers are services, inside their own transaction."""

from typing import Any

from django.db import models

from .models import AuditEvent


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
) -> AuditEvent:
    if actor is not None and not getattr(actor, "is_authenticated", False):
        actor = None
    return AuditEvent.objects.create(
        actor=actor,
        actor_label=actor_label or (str(actor) if actor else ""),
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        from_value=from_value,
        to_value=to_value,
        reason=reason,
        data=data or {},
    )
