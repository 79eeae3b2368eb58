"""Named permission rules of the selection.

Staff of the call's fund run every step. A reviewer or juror sees a dossier only while it is
assigned to them and no conflict of interest stands (suspected or confirmed); anyone else
is answered 404 by the views.
"""

import rules

from essaim.funds.enums import FundRole
from essaim.funds.models import CallMembership
from essaim.funds.rules import is_fund_staff, is_platform_admin

from .enums import ConflictStatus, ReviewStatus
from .models import Assignment, Conflict, Review

REVIEWING_ROLES = (FundRole.REVIEWER, FundRole.JUROR)


def _call_of(obj):
    return getattr(obj, "call", None) or getattr(getattr(obj, "stage", None), "call", None)


@rules.predicate
def is_selection_staff(user, obj) -> bool:
    """Staff of the fund that runs the call of `obj` (a call, a stage, a dossier…)."""
    call = obj if obj.__class__.__name__ == "Call" else _call_of(obj)
    return call is not None and is_fund_staff(user, call.fund)


@rules.predicate
def is_call_reviewer(user, call) -> bool:
    if not user.is_authenticated:
        return False
    return CallMembership.objects.filter(call=call, user=user, role__in=REVIEWING_ROLES).exists()


def blocking_conflict(user, application) -> bool:
    return Conflict.objects.filter(
        application=application,
        person=user,
        status__in=[ConflictStatus.SUSPECTED, ConflictStatus.CONFIRMED],
    ).exists()


@rules.predicate
def is_assigned_without_conflict(user, application) -> bool:
    """Some stage assigns this dossier to the person, and no conflict stands."""
    if not user.is_authenticated:
        return False
    return Assignment.objects.filter(application=application, reviewer=user).exists() and (
        not blocking_conflict(user, application)
    )


@rules.predicate
def is_own_assignment(user, assignment) -> bool:
    return (
        user.is_authenticated
        and assignment.reviewer_id == user.pk
        and not blocking_conflict(user, assignment.application)
    )


@rules.predicate
def review_still_open(user, assignment) -> bool:
    try:
        return assignment.review.status == ReviewStatus.DRAFT
    except Review.DoesNotExist:
        return True


rules.add_perm("review.manage_selection", is_selection_staff | is_platform_admin)
rules.add_perm("review.view_as_reviewer", is_assigned_without_conflict)
rules.add_perm("review.score_assignment", is_own_assignment & review_still_open)
rules.add_perm("review.view_assignment", is_own_assignment)

# --- jury ---
# Staff of the call's fund run its jury sessions (members, dossiers, decisions, minutes).
rules.add_perm("review.manage_jury", is_selection_staff | is_platform_admin)

# --- results ---
# Staff of the call's fund write decision messages, send them, and publish the results.
rules.add_perm("review.manage_mailings", is_selection_staff | is_platform_admin)
rules.add_perm("review.publish_results", is_selection_staff | is_platform_admin)
