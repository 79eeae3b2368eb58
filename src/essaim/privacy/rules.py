"""Named permission rules of the personal-data pages (django-rules).

Everyone signed in reaches their own data; nobody reaches anyone else's (the views take no
identifier: they always work on the person asking)."""

import rules

from essaim.funds.rules import is_any_fund_staff, is_platform_admin


@rules.predicate
def is_active_person(user) -> bool:
    return user.is_authenticated and user.is_active


@rules.predicate
def is_django_admin(user) -> bool:
    return user.is_authenticated and user.is_staff


# Fund staff and administrators must first be removed from their role by someone else
# (essaim.privacy.account_deletion.deletion_blockers says so, in words).
rules.add_perm("privacy.export_own_data", is_active_person)
rules.add_perm(
    "privacy.delete_own_account",
    is_active_person & ~is_any_fund_staff & ~is_platform_admin & ~is_django_admin,
)
