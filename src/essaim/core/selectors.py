"""Reads of the audit journal, scoped to the person asking."""

from django.db.models import QuerySet

from .models import AuditEvent


def audit_events_for(user) -> QuerySet[AuditEvent]:
    """Every row for a platform administrator; the rows of the funds they run for a fund's
    staff (rows without a fund — a person's own account, the referential — are theirs
    only); nothing for anyone else. Newest first."""
    from essaim.funds.rules import is_platform_admin, staff_fund_ids

    rows = AuditEvent.objects.select_related("fund").order_by("-created_at", "-id")
    if is_platform_admin(user):
        return rows
    return rows.filter(fund_id__in=sorted(staff_fund_ids(user)))
