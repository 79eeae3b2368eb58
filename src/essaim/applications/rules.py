"""Named permission rules about dossiers.

A dossier is seen by its team (owner and co-applicants with an account) and by the staff of
its fund; edited by its team while it is a draft; nobody else learns it exists (views
answer 404 to outsiders).
"""

import rules

from essaim.funds.rules import is_fund_staff, is_platform_admin

from .enums import ApplicationState, TeamAccess
from .models import Application, TeamMember


def _team_access(user, application: Application) -> str | None:
    if not user.is_authenticated:
        return None
    cache = getattr(user, "_essaim_team_access", None)
    if cache is None:
        cache = {}
        user._essaim_team_access = cache
    if application.pk not in cache:
        cache[application.pk] = (
            TeamMember.objects.filter(
                application_id=application.pk,
                user=user,
                access__in=[TeamAccess.OWNER, TeamAccess.EDITOR],
            )
            .values_list("access", flat=True)
            .first()
        )
    return cache[application.pk]


@rules.predicate
def is_team_member(user, application: Application) -> bool:
    return _team_access(user, application) is not None


@rules.predicate
def is_owner(user, application: Application) -> bool:
    return _team_access(user, application) == TeamAccess.OWNER


@rules.predicate
def is_call_staff(user, application: Application) -> bool:
    return is_fund_staff(user, application.call.fund)


@rules.predicate
def is_editable(user, application: Application) -> bool:
    return not application.is_frozen


@rules.predicate
def is_withdrawable(user, application: Application) -> bool:
    return application.state in ApplicationState.before_decision() and (
        application.state != ApplicationState.DRAFT
    )


rules.add_perm("applications.view_application", is_team_member | is_call_staff | is_platform_admin)
rules.add_perm("applications.edit_application", is_team_member & is_editable)
rules.add_perm("applications.manage_team", is_team_member & is_editable)
rules.add_perm("applications.remove_team_member", is_owner & is_editable)
rules.add_perm("applications.submit_application", is_team_member & is_editable)
rules.add_perm("applications.withdraw_application", is_team_member & is_withdrawable)
rules.add_perm("applications.view_audit", is_call_staff | is_platform_admin)

# --- messages ---
# The dossier's thread: its team (owner, co-applicants) and its fund's staff write in it, in
# every state, drafts included (a question before submitting).
rules.add_perm("applications.write_team_message", is_team_member)
rules.add_perm("applications.write_staff_message", is_call_staff | is_platform_admin)
