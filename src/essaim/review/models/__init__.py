"""Selection: review stages and criteria, assignments, conflicts, reviews and scores,
decisions, support rounds, jury sessions and decision mailings."""

from .decisions import Decision
from .jury import JuryItem, JuryMember, JurySession
from .mailings import Mailing, MailingRecipient, MailTemplate
from .reviews import Assignment, Conflict, Review, Score
from .stages import Criterion, ReviewStage
from .support import SupportFeedback, SupportRound

__all__ = [
    "Assignment",
    "Conflict",
    "Criterion",
    "Decision",
    "JuryItem",
    "JuryMember",
    "JurySession",
    "MailTemplate",
    "Mailing",
    "MailingRecipient",
    "Review",
    "ReviewStage",
    "Score",
    "SupportFeedback",
    "SupportRound",
]
