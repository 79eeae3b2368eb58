"""After the jury: reciprocal engagements, accompaniment in phases with milestones, shared
workspaces, independent evaluation, calendar feeds."""

from .engagements import Engagement, Indicator, Signature, Tranche
from .evaluation import CalendarFeed, EvaluationReport
from .programme import (
    Accompaniment,
    Cohort,
    Document,
    JournalEntry,
    Milestone,
    MilestoneReminder,
    Phase,
    PhaseTemplate,
)

__all__ = [
    "Accompaniment",
    "CalendarFeed",
    "Cohort",
    "Document",
    "Engagement",
    "EvaluationReport",
    "Indicator",
    "JournalEntry",
    "Milestone",
    "MilestoneReminder",
    "Phase",
    "PhaseTemplate",
    "Signature",
    "Tranche",
]
