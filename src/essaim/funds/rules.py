"""Named permission rules about funds and calls (django-rules)."""

import rules

from .enums import FundRole
from .models import Call, Fund, FundMembership


def _fund_of(obj) -> Fund | None:
    if isinstance(obj, Fund):
        return obj
    if isinstance(obj, Call):
        return obj.fund
    return getattr(obj, "fund", None)


def staff_fund_ids(user) -> set[int]:
    """The funds a person manages, cached on the user object for the request."""
    if not user.is_authenticated:
        return set()
    cached = getattr(user, "_essaim_staff_fund_ids", None)
    if cached is None:
        cached = set(
            FundMembership.objects.filter(user=user, role=FundRole.STAFF).values_list(
                "fund_id", flat=True
            )
        )
        user._essaim_staff_fund_ids = cached
    return cached


@rules.predicate
def is_fund_staff(user, obj) -> bool:
    fund = _fund_of(obj)
    return fund is not None and fund.pk in staff_fund_ids(user)


@rules.predicate
def is_any_fund_staff(user) -> bool:
    return bool(staff_fund_ids(user))


@rules.predicate
def is_platform_admin(user) -> bool:
    return user.is_authenticated and user.is_superuser


rules.add_perm("funds.access_backoffice", is_any_fund_staff | is_platform_admin)
rules.add_perm("funds.create_fund", is_platform_admin)
rules.add_perm("funds.manage_fund", is_fund_staff | is_platform_admin)
rules.add_perm("funds.manage_call", is_fund_staff | is_platform_admin)
