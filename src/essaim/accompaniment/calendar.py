"""A person's iCalendar feed: the dates of the laureates and juries they take part in.

What a person gets, and why:
- milestones: those they own, and every milestone of the laureates they follow — as coach,
  evaluator, team member with an account (owner or co-applicant), or staff of the call's
  fund; abandoned milestones are left out;
- phases (planned dates) of the same laureates;
- jury sessions of which they are a member, and every session of their funds' calls.
A platform administrator gets no more than their own roles give: the feed is a personal
agenda, not an export.

The feed reads four queries whatever its size. Dates more than three months old are left
out so that a long-running fund's feed stays small (a staff member of two funds with 500
laureates still gets about 4,000 events: see bench/portfolio.py). Every event has a stable UID (`jalon-12@host`,
`phase-7@host`, `jury-3@host`) so that calendar clients update events in place; times are
written in Europe/Paris with its VTIMEZONE, all-day events as dates.
"""

import datetime as dt
from dataclasses import dataclass
from urllib.parse import urlparse
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from icalendar import Calendar, Event, Timezone

from essaim.applications.enums import TeamAccess
from essaim.applications.models import Application, TeamMember
from essaim.funds.rules import staff_fund_ids
from essaim.review.models import JuryMember, JurySession

from .enums import MilestoneStatus, PhaseStatus
from .models import Milestone, Phase

PARIS = ZoneInfo("Europe/Paris")
HISTORY = dt.timedelta(days=92)
PRODID = "-//Essaim//Agenda des lauréats//FR"

# The rules of Europe/Paris since 1996, as calendar software writes them: one yearly rule
# per season instead of a list of dates that stops in 2038.
PARIS_VTIMEZONE = """BEGIN:VTIMEZONE
TZID:Europe/Paris
BEGIN:DAYLIGHT
TZOFFSETFROM:+0100
TZOFFSETTO:+0200
TZNAME:CEST
DTSTART:19700329T020000
RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU
END:DAYLIGHT
BEGIN:STANDARD
TZOFFSETFROM:+0200
TZOFFSETTO:+0100
TZNAME:CET
DTSTART:19701025T030000
RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU
END:STANDARD
END:VTIMEZONE
"""


def _followed(user, prefix: str) -> Q:
    """The laureates `user` follows, as a condition on the relation `prefix` leading to an
    Accompaniment (e.g. "accompaniment__")."""
    team = TeamMember.objects.filter(
        application=OuterRef(f"{prefix}application"),
        user=user,
        access__in=[TeamAccess.OWNER, TeamAccess.EDITOR],
    )
    return (
        Q(**{f"{prefix}coach": user})
        | Q(**{f"{prefix}evaluator": user})
        | Q(Exists(team))
        | Q(**{f"{prefix}application__call__fund_id__in": staff_fund_ids(user)})
    )


def milestones_for(user, *, since: dt.date) -> QuerySet[Milestone]:
    return (
        Milestone.objects.filter(Q(owner=user) | _followed(user, "accompaniment__"))
        .filter(due_on__gte=since)
        .exclude(status=MilestoneStatus.ABANDONED)
        .select_related("accompaniment__application__call", "owner", "phase")
        .order_by("due_on", "id")
    )


def phases_for(user, *, since: dt.date) -> QuerySet[Phase]:
    return (
        Phase.objects.filter(_followed(user, "accompaniment__"))
        .filter(planned_start__isnull=False, planned_end__gte=since)
        .select_related("accompaniment__application__call")
        .order_by("planned_start", "id")
    )


def jury_sessions_for(user, *, since: dt.datetime) -> QuerySet[JurySession]:
    seat = JuryMember.objects.filter(session=OuterRef("pk"), user=user)
    return (
        JurySession.objects.filter(Q(Exists(seat)) | Q(call__fund_id__in=staff_fund_ids(user)))
        .filter(starts_at__gte=since)
        .select_related("call")
        .order_by("starts_at", "id")
    )


@dataclass(frozen=True)
class FeedCounts:
    milestones: int
    phases: int
    jury_sessions: int

    @property
    def is_empty(self) -> bool:
        return not (self.milestones or self.phases or self.jury_sessions)


def feed_counts(user, *, now: dt.datetime | None = None) -> FeedCounts:
    """How many events of each kind the feed holds (three COUNT queries)."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    return FeedCounts(
        milestones=milestones_for(user, since=today - HISTORY).count(),
        phases=phases_for(user, since=today - HISTORY).count(),
        jury_sessions=jury_sessions_for(user, since=now - HISTORY).count(),
    )


@dataclass(frozen=True)
class FeedContent:
    milestones: list[Milestone]
    phases: list[Phase]
    jury_sessions: list[JurySession]

    @property
    def is_empty(self) -> bool:
        return not (self.milestones or self.phases or self.jury_sessions)


def feed_content(user, *, now: dt.datetime | None = None) -> FeedContent:
    now = now or timezone.now()
    today = timezone.localdate(now)
    return FeedContent(
        milestones=list(milestones_for(user, since=today - HISTORY)),
        phases=list(phases_for(user, since=today - HISTORY)),
        jury_sessions=list(jury_sessions_for(user, since=now - HISTORY)),
    )


def _laureate(application: Application) -> str:
    return application.organisation_name or application.title


def _all_day(event: Event, first: dt.date, last: dt.date) -> None:
    # DTEND of an all-day event is exclusive: the day after the last one.
    event.add("dtstart", first)
    event.add("dtend", max(last, first) + dt.timedelta(days=1))
    event.add("transp", "TRANSPARENT")  # a deadline does not make anyone busy


class _Writer:
    """Builds the events; labels are translated once per feed, not once per event (a fund's
    staff may have thousands of events)."""

    def __init__(self, stamp: dt.datetime):
        self.stamp = stamp
        self.domain = urlparse(settings.SITE_URL).hostname or "essaim"
        self.milestone_status = dict(MilestoneStatus.choices)
        self.phase_status = dict(PhaseStatus.choices)
        self.labels = {
            "milestone": _("Jalon : %(title)s — %(laureate)s"),
            "phase": _("Phase : %(name)s — %(laureate)s"),
            "jury": _("Jury : %(title)s — %(call)s"),
            "laureate": _("Lauréat : %(title)s"),
            "call": _("Appel : %(title)s"),
            "in_phase": _("Phase : %(name)s"),
            "status": _("État : %(status)s"),
            "owner": _("Responsable : %(name)s"),
            "planned": _("Dates prévues ; les dates réelles sont dans l'espace du lauréat."),
            "cat_milestone": _("Jalon"),
            "cat_phase": _("Phase d'accompagnement"),
            "cat_jury": _("Jury"),
        }

    def event(self, uid: str, summary: str, description: list) -> Event:
        event = Event()
        event.add("uid", f"{uid}@{self.domain}")
        event.add("dtstamp", self.stamp)
        event.add("summary", summary)
        event.add("description", "\n".join(line for line in description if line))
        return event

    def milestone(self, milestone: Milestone) -> Event:
        label = self.labels
        application = milestone.accompaniment.application
        event = self.event(
            f"jalon-{milestone.pk}",
            label["milestone"] % {"title": milestone.title, "laureate": _laureate(application)},
            [
                label["laureate"] % {"title": application.title},
                label["call"] % {"title": application.call.title},
                milestone.phase and label["in_phase"] % {"name": milestone.phase.name},
                label["status"] % {"status": self.milestone_status.get(milestone.status, "")},
                milestone.owner and label["owner"] % {"name": milestone.owner},
                milestone.description,
            ],
        )
        _all_day(event, milestone.due_on, milestone.due_on)
        event.add("categories", [label["cat_milestone"]])
        event.add("last-modified", milestone.updated_at)
        return event

    def phase(self, phase: Phase) -> Event:
        label = self.labels
        application = phase.accompaniment.application
        event = self.event(
            f"phase-{phase.pk}",
            label["phase"] % {"name": phase.name, "laureate": _laureate(application)},
            [
                label["laureate"] % {"title": application.title},
                label["call"] % {"title": application.call.title},
                label["status"] % {"status": self.phase_status.get(phase.status, "")},
                label["planned"],
            ],
        )
        _all_day(event, phase.planned_start, phase.planned_end or phase.planned_start)
        event.add("categories", [label["cat_phase"]])
        return event

    def jury_session(self, session: JurySession) -> Event:
        label = self.labels
        event = self.event(
            f"jury-{session.pk}",
            label["jury"] % {"title": session.title, "call": session.call.title},
            [label["call"] % {"title": session.call.title}, session.agenda],
        )
        # The session has a start time only: no end is invented.
        event.add("dtstart", session.starts_at.astimezone(PARIS))
        if session.place:
            event.add("location", session.place)
        event.add("categories", [label["cat_jury"]])
        event.add("last-modified", session.updated_at)
        return event


def build_calendar(user, *, now: dt.datetime | None = None) -> bytes:
    """The feed of `user` as iCalendar bytes (RFC 5545), in French."""
    now = now or timezone.now()
    content = feed_content(user, now=now)
    with translation.override("fr"):
        writer = _Writer(now.astimezone(dt.UTC))
        calendar = Calendar()
        calendar.add("prodid", PRODID)
        calendar.add("version", "2.0")
        calendar.add("calscale", "GREGORIAN")
        calendar.add("method", "PUBLISH")
        calendar.add("x-wr-calname", _("Essaim — agenda de %(name)s") % {"name": user})
        calendar.add("x-wr-timezone", "Europe/Paris")
        calendar.add("refresh-interval", dt.timedelta(hours=1), parameters={"VALUE": "DURATION"})
        calendar.add("x-published-ttl", "PT1H")
        calendar.add_component(Timezone.from_ical(PARIS_VTIMEZONE))
        for milestone in content.milestones:
            calendar.add_component(writer.milestone(milestone))
        for phase in content.phases:
            calendar.add_component(writer.phase(phase))
        for session in content.jury_sessions:
            calendar.add_component(writer.jury_session(session))
    return calendar.to_ical()
