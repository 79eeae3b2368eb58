"""The daily pass over milestones: open ones past due become late, and reminders leave.

Nothing is ever sent twice. Each decision to send is a `MilestoneReminder` row (unique per
milestone, kind and due date) created in the same transaction that takes the decision, with
the milestone row locked; the e-mails are queued on commit. A second run, on the same day
or concurrently, finds the row and sends nothing. Postponing a milestone gives it a new
due date, hence new reminders.

Only the milestones of dossiers still in accompaniment are looked at.
"""

import datetime as dt
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from essaim.applications.enums import ApplicationState
from essaim.core.audit import record
from essaim.core.formatting import day
from essaim.funds.enums import FundRole
from essaim.funds.models import FundMembership
from essaim.notifications.services import queue_email

from ..enums import MilestoneStatus
from ..models import Milestone, MilestoneReminder
from .setup import workspace_path

LATE = "late"
DUE_SOON = "due_soon"
DUE_SOON_DAYS = 7

# Not yet late, still expected: these get the "due soon" reminder and may become late.
PENDING_STATUSES = (MilestoneStatus.UPCOMING, MilestoneStatus.IN_PROGRESS)


@dataclass
class DailyReport:
    today: dt.date
    marked_late: int = 0
    late_reminders: int = 0
    due_soon_reminders: int = 0

    def as_dict(self) -> dict:
        return {
            "today": self.today.isoformat(),
            "marked_late": self.marked_late,
            "late_reminders": self.late_reminders,
            "due_soon_reminders": self.due_soon_reminders,
        }


def _without_reminder(queryset, kind: str):
    return queryset.filter(
        ~Exists(
            MilestoneReminder.objects.filter(
                milestone=OuterRef("pk"), kind=kind, due_on=OuterRef("due_on")
            )
        )
    )


def _candidates(today: dt.date):
    return Milestone.objects.filter(
        accompaniment__application__state=ApplicationState.IN_ACCOMPANIMENT
    ).select_related("owner", "accompaniment__coach", "accompaniment__application__call__fund")


def _staff_emails(fund_ids: set[int]) -> dict[int, list[str]]:
    emails: dict[int, list[str]] = {}
    rows = (
        FundMembership.objects.filter(fund_id__in=fund_ids, role=FundRole.STAFF)
        .order_by("user__email")
        .values_list("fund_id", "user__email")
    )
    for fund_id, email in rows:
        emails.setdefault(fund_id, []).append(email)
    return emails


def _recipients(milestone: Milestone, staff: list[str], kind: str) -> list[str]:
    """The owner (the coach when nobody owns it); the call's staff too when it is late."""
    person = milestone.owner or milestone.accompaniment.coach
    recipients = [person.email] if person else []
    if kind == LATE:
        recipients += staff
    seen: set[str] = set()
    return [e for e in recipients if e and not (e.lower() in seen or seen.add(e.lower()))]


def _send(milestone: Milestone, kind: str, recipients: list[str], today: dt.date) -> None:
    accompaniment = milestone.accompaniment
    application = accompaniment.application
    call = application.call
    queue_email(
        to=recipients,
        template=f"milestone_{kind}",
        context={
            "milestone": milestone.title,
            "due_on": day(milestone.due_on),
            "days_left": (milestone.due_on - today).days,
            "title": application.title,
            "reference": application.reference or "",
            "call_title": call.title,
            "fund_name": call.fund.name,
            "path": workspace_path(accompaniment),
        },
    )


def _decide(milestone: Milestone, kind: str, today: dt.date, staff: list[str]) -> bool:
    """In one transaction: re-read the milestone locked, mark it late if it is one, and
    create the reminder row. Returns whether a reminder was decided (mails queued)."""
    with transaction.atomic():
        locked = Milestone.objects.select_for_update(of=("self",)).filter(pk=milestone.pk).first()
        if locked is None or locked.due_on != milestone.due_on:
            return False
        if kind == LATE:
            if locked.status not in (*PENDING_STATUSES, MilestoneStatus.LATE):
                return False
            if locked.status != MilestoneStatus.LATE:
                source = locked.status
                locked.status = MilestoneStatus.LATE
                locked.save(update_fields=["status", "updated_at"])
                record(
                    actor=None,
                    actor_label="tâche quotidienne",
                    action="milestone.late",
                    obj=locked,
                    from_value=source,
                    to_value=MilestoneStatus.LATE,
                )
                milestone.status = MilestoneStatus.LATE
                milestone._marked_late = True
        elif locked.status not in PENDING_STATUSES:
            return False
        if MilestoneReminder.objects.filter(
            milestone=locked, kind=kind, due_on=locked.due_on
        ).exists():
            return False
        try:
            with transaction.atomic():
                MilestoneReminder.objects.create(milestone=locked, kind=kind, due_on=locked.due_on)
        except IntegrityError:  # another run decided first
            return False
        recipients = _recipients(milestone, staff, kind)
        if recipients:
            _send(milestone, kind, recipients, today)
    return True


def run_daily(*, today: dt.date | None = None) -> DailyReport:
    """Mark open milestones past due as late and send the reminders still owed:
    one "late" reminder per due date (owner and the call's staff), one "due within
    DUE_SOON_DAYS days" reminder per due date (owner)."""
    today = today or timezone.localdate()
    report = DailyReport(today=today)
    base = _candidates(today)
    late = list(
        _without_reminder(
            base.filter(status__in=(*PENDING_STATUSES, MilestoneStatus.LATE), due_on__lt=today),
            LATE,
        ).order_by("due_on", "pk")
    )
    soon = list(
        _without_reminder(
            base.filter(
                status__in=PENDING_STATUSES,
                due_on__gte=today,
                due_on__lte=today + dt.timedelta(days=DUE_SOON_DAYS),
            ),
            DUE_SOON,
        ).order_by("due_on", "pk")
    )
    staff = _staff_emails({m.accompaniment.application.call.fund_id for m in late})
    for milestone in late:
        fund_id = milestone.accompaniment.application.call.fund_id
        if _decide(milestone, LATE, today, staff.get(fund_id, [])):
            report.late_reminders += 1
        if getattr(milestone, "_marked_late", False):
            report.marked_late += 1
    for milestone in soon:
        if _decide(milestone, DUE_SOON, today, []):
            report.due_soon_reminders += 1
    return report
