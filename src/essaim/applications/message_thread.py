"""Reading a dossier's message thread, for its team or its fund's staff. Fixed query counts."""

from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet

from .models import Application, Message

# how many of the latest messages the panel on the dossier page shows
PANEL_SIZE = 3


def thread(application: Application) -> QuerySet[Message]:
    """Every message of the dossier, oldest first, with its author. One query."""
    return (
        Message.objects.filter(application=application)
        .select_related("author")
        .order_by("created_at", "id")
    )


@dataclass
class ThreadSummary:
    """What a dossier page's panel shows: the latest messages, oldest first, the total and
    how many of the other side's messages this side has not read."""

    latest: list[Message] = field(default_factory=list)
    total: int = 0
    unread: int = 0


def thread_summary(application: Application, *, for_staff: bool) -> ThreadSummary:
    """Two queries whatever the length of the thread."""
    messages = list(
        Message.objects.filter(application=application)
        .select_related("author")
        .order_by("-created_at", "-id")[:PANEL_SIZE]
    )
    messages.reverse()
    unread_filter = (
        {"from_staff": False, "read_by_staff_at__isnull": True}
        if for_staff
        else {"from_staff": True, "read_by_team_at__isnull": True}
    )
    counts = Message.objects.filter(application=application).aggregate(
        total=Count("id"), unread=Count("id", filter=Q(**unread_filter))
    )
    return ThreadSummary(latest=messages, total=counts["total"], unread=counts["unread"])
