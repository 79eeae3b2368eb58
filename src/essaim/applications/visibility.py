"""What a dossier's team may know of its state: a jury outcome stays private until it is
announced.

A dossier that is laureate, waitlisted or not selected reads "Décision du jury en cours" in
the applicant's portal until either the call's results are published or staff confirmed a
decision mailing for that very outcome to that dossier (the mailing service writes an
`application.outcome_notified` audit row in the same transaction). Staff pages show the
real state; only the portal goes through `state_for_team`.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from essaim.core.models import AuditEvent

from .enums import ApplicationState as S
from .models import Application
from .next_steps import next_step

JURY_OUTCOMES = frozenset({S.LAUREATE, S.WAITLISTED, S.NOT_SELECTED})
PENDING = "jury_pending"
PENDING_LABEL = gettext_lazy("Décision du jury en cours")
NOTIFIED_ACTION = "application.outcome_notified"

_CACHE = "_essaim_notified_outcomes"
_OBJECT_TYPE = Application._meta.label_lower


def notified_outcomes(application_ids: Iterable[int]) -> dict[int, set[str]]:
    """{application id: outcomes announced to its team by a confirmed mailing}. One query,
    served by the audit trail's (object_type, object_id) index."""
    ids = [str(pk) for pk in application_ids]
    found: dict[int, set[str]] = defaultdict(set)
    if not ids:
        return found
    rows = AuditEvent.objects.filter(
        object_type=_OBJECT_TYPE, object_id__in=ids, action=NOTIFIED_ACTION
    ).values_list("object_id", "to_value")
    for object_id, outcome in rows:
        found[int(object_id)].add(outcome)
    return found


def prime(applications: Iterable[Application]) -> None:
    """Load what every dossier of a list needs, in one query for the whole list."""
    waiting = [
        a
        for a in applications
        if a.state in JURY_OUTCOMES
        and a.call.results_published_at is None
        and not hasattr(a, _CACHE)
    ]
    found = notified_outcomes(a.pk for a in waiting)
    for application in waiting:
        setattr(application, _CACHE, found.get(application.pk, set()))


def _notified(application: Application) -> set[str]:
    if not hasattr(application, _CACHE):
        # asked about a past outcome (the history), whatever the current state
        found = notified_outcomes([application.pk])
        setattr(application, _CACHE, found.get(application.pk, set()))
    return getattr(application, _CACHE)


def jury_outcome_visible(application: Application, outcome: str | None = None) -> bool:
    """May the team know that `outcome` (by default the current state) was decided?"""
    outcome = outcome or application.state
    if outcome not in JURY_OUTCOMES:
        return True
    if application.call.results_published_at is not None:
        return True
    return outcome in _notified(application)


def state_for_team(application: Application) -> tuple[str, str]:
    """(value, label) of the dossier's state as its team may see it."""
    if jury_outcome_visible(application):
        return application.state, str(S(application.state).label)
    return PENDING, str(PENDING_LABEL)


def next_step_for_team(application: Application) -> str:
    # worded to hold before and after the jury's sitting: a decision may be recorded early
    if jury_outcome_visible(application):
        return next_step(application)
    return _("Le jury étudie les dossiers ; sa décision vous sera communiquée par le fonds.")


@dataclass(frozen=True)
class HistoryEntry:
    to_value: str
    label: str
    created_at: datetime
    reason: str


def history_for_team(application: Application, events: Iterable[AuditEvent]) -> list[HistoryEntry]:
    """The dossier's state changes (newest first) as the team may read them.

    Unannounced jury outcomes become one "Décision du jury en cours" entry, without reason.
    """
    entries: list[HistoryEntry] = []
    pending_shown = False
    for event in events:
        value = event.to_value
        if value in JURY_OUTCOMES and not jury_outcome_visible(application, value):
            if not pending_shown:
                entries.append(HistoryEntry(PENDING, str(PENDING_LABEL), event.created_at, ""))
                pending_shown = True
            continue
        try:
            label = str(S(value).label)
        except ValueError:
            label = value
        entries.append(HistoryEntry(value, label, event.created_at, event.reason))
    return entries
