"""Named permission rules of the catalogue.

- a sheet born from a dossier is written by the dossier's team and the fund's staff, and
  published (or unpublished) by the fund's staff only; an innovation from outside the fund
  is written and published by staff of any fund (the person who added it, or an admin);
- news and testimonials belong to a fund's staff;
- a reuse is followed by the person who declared it, the innovation's team and the staff of
  the innovation's fund; anyone signed in may declare one on a published sheet.
"""

import rules

from essaim.applications.rules import is_team_member
from essaim.applications.visibility import jury_outcome_visible
from essaim.funds.rules import is_any_fund_staff, is_fund_staff, is_platform_admin


@rules.predicate
def is_innovation_staff(user, innovation) -> bool:
    if innovation.fund_id is None:
        return bool(is_any_fund_staff(user)) and innovation.created_by_id == user.pk
    return is_fund_staff(user, innovation.fund)


@rules.predicate
def is_innovation_team(user, innovation) -> bool:
    """The dossier's team, once it may know the dossier is laureate (a sheet written by staff
    before the results are announced must not tell it)."""
    application = innovation.application
    return (
        application is not None
        and is_team_member(user, application)
        and jury_outcome_visible(application)
    )


@rules.predicate
def is_published(user, innovation) -> bool:
    return innovation.is_published


@rules.predicate
def is_reuse_declarer(user, reuse) -> bool:
    return user.is_authenticated and reuse.declared_by_id == user.pk


@rules.predicate
def is_reuse_innovation_side(user, reuse) -> bool:
    return is_innovation_staff(user, reuse.innovation) or is_innovation_team(user, reuse.innovation)


@rules.predicate
def is_reuse_innovation_staff(user, reuse) -> bool:
    return is_innovation_staff(user, reuse.innovation)


@rules.predicate
def is_reuse_innovation_contact(user, reuse) -> bool:
    """A contact of the sheet with an account: the reuser's messages are e-mailed to them."""
    return user.is_authenticated and reuse.innovation.contacts.filter(user_id=user.pk).exists()


@rules.predicate
def is_signed_in(user) -> bool:
    return user.is_authenticated


staff = is_innovation_staff | is_platform_admin

# an Innovation
rules.add_perm("catalogue.view_innovation", is_published | staff | is_innovation_team)
rules.add_perm("catalogue.edit_innovation", staff | is_innovation_team)
rules.add_perm("catalogue.publish_innovation", staff)
rules.add_perm("catalogue.declare_reuse", is_signed_in & is_published)
# no object: adding a sheet from outside the fund
rules.add_perm("catalogue.add_external_innovation", is_any_fund_staff | is_platform_admin)
# a Fund
rules.add_perm("catalogue.manage_promotion", is_fund_staff | is_platform_admin)
# a Reuse
rules.add_perm(
    "catalogue.follow_reuse",
    is_reuse_declarer | is_reuse_innovation_side | is_reuse_innovation_contact | is_platform_admin,
)
# the body that reuses and the innovation's staff; the team's first answer moves it to
# "en contact" by itself
change_reuse_status = is_reuse_declarer | is_reuse_innovation_staff | is_platform_admin
rules.add_perm("catalogue.change_reuse_status", change_reuse_status)
# the innovation's side vouches for a reuse (it is then public); never its own declarer
confirm_reuse = ~is_reuse_declarer & (
    is_reuse_innovation_side | is_reuse_innovation_contact | is_platform_admin
)
rules.add_perm("catalogue.confirm_reuse", confirm_reuse)
