"""Named permission rules after the jury. Every rule takes an `Accompaniment` or an
`Engagement` (both lead to their dossier), or a `Call` for the staff-wide ones.

- fund staff of the call run everything;
- the team (owner and co-applicants with an account) sees its own workspace and engagement,
  writes in the workspace, signs the team's side;
- the coach sees and writes in the workspaces of the laureates assigned to them, moves their
  phases and milestones; never an engagement's money;
- the evaluator sees the workspaces of their laureates and writes their evaluation reports;
- anyone else is answered 404 by the views.
"""

import rules

from essaim.applications.rules import is_team_member
from essaim.funds.rules import is_fund_staff, is_platform_admin


def _application(obj):
    return obj if obj.__class__.__name__ == "Application" else obj.application


@rules.predicate
def is_laureate_staff(user, obj) -> bool:
    if obj.__class__.__name__ == "Call":
        return is_fund_staff(user, obj.fund)
    return is_fund_staff(user, _application(obj).call.fund)


@rules.predicate
def is_laureate_team(user, obj) -> bool:
    return is_team_member(user, _application(obj))


@rules.predicate
def is_coach(user, accompaniment) -> bool:
    return user.is_authenticated and accompaniment.coach_id == user.pk


@rules.predicate
def is_evaluator(user, accompaniment) -> bool:
    return user.is_authenticated and accompaniment.evaluator_id == user.pk


staff = is_laureate_staff | is_platform_admin

# a Call
rules.add_perm("accompaniment.manage_call", staff)
# an Accompaniment
rules.add_perm("accompaniment.view_workspace", staff | is_coach | is_evaluator | is_laureate_team)
rules.add_perm("accompaniment.write_workspace", staff | is_coach | is_laureate_team)
rules.add_perm("accompaniment.manage_accompaniment", staff)
rules.add_perm("accompaniment.move_phases", staff | is_coach)
rules.add_perm("accompaniment.update_milestones", staff | is_coach | is_laureate_team)
rules.add_perm("accompaniment.write_evaluation", is_evaluator)
rules.add_perm("accompaniment.view_evaluation", staff | is_evaluator | is_laureate_team)
# an Engagement
rules.add_perm("accompaniment.manage_engagement", staff)
rules.add_perm("accompaniment.view_engagement", staff | is_laureate_team)
rules.add_perm("accompaniment.sign_for_fund", staff)
rules.add_perm("accompaniment.sign_for_team", is_laureate_team)
