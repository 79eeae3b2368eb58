"""Named permission rules about funds and calls (django-rules)."""

import rules
from django.db.models import CharField, Value

from .enums import FundRole
from .models import Call, CallMembership, Fund, FundMembership


def _fund_of(obj) -> Fund | None:
    if isinstance(obj, Fund):
        return obj
    if isinstance(obj, Call):
        return obj.fund
    return getattr(obj, "fund", None)


REVIEWING_ROLES = (FundRole.REVIEWER, FundRole.JUROR)
ACCOMPANYING_ROLES = (FundRole.COACH, FundRole.EVALUATOR)


def _load_roles(user) -> None:
    """Read once per request, in one query, the funds a person manages and the calls they
    review, judge, coach or evaluate; cached on the user object (every page's menu needs
    them)."""
    fund_rows = FundMembership.objects.filter(user=user, role=FundRole.STAFF).values_list(
        "fund_id", Value("staff", output_field=CharField())
    )
    call_rows = CallMembership.objects.filter(
        user=user, role__in=REVIEWING_ROLES + ACCOMPANYING_ROLES
    ).values_list("call_id", "role")
    funds, reviewing, jury, accompanying = set(), set(), set(), set()
    for pk, role in fund_rows.union(call_rows, all=True):
        if role == "staff":
            funds.add(pk)
        elif role in REVIEWING_ROLES:
            reviewing.add(pk)
            if role == FundRole.JUROR:
                jury.add(pk)
        else:
            accompanying.add(pk)
    user._essaim_staff_fund_ids = funds
    user._essaim_reviewing_call_ids = reviewing
    user._essaim_jury_call_ids = jury
    user._essaim_accompanying_call_ids = accompanying


def staff_fund_ids(user) -> set[int]:
    """The funds a person manages, cached on the user object for the request."""
    if not user.is_authenticated:
        return set()
    if getattr(user, "_essaim_staff_fund_ids", None) is None:
        _load_roles(user)
    return user._essaim_staff_fund_ids


def accompanying_call_ids(user) -> set[int]:
    """The calls whose laureates a person coaches or evaluates, cached like the others."""
    if not user.is_authenticated:
        return set()
    if getattr(user, "_essaim_accompanying_call_ids", None) is None:
        _load_roles(user)
    return user._essaim_accompanying_call_ids


def reviewing_call_ids(user) -> set[int]:
    """The calls a person reviews or judges, cached on the user object for the request."""
    if not user.is_authenticated:
        return set()
    if getattr(user, "_essaim_reviewing_call_ids", None) is None:
        _load_roles(user)
    return user._essaim_reviewing_call_ids


def jury_call_ids(user) -> set[int]:
    """The calls on whose jury a person sits (a subset of `reviewing_call_ids`), read by the
    same cached query."""
    if not user.is_authenticated:
        return set()
    if getattr(user, "_essaim_jury_call_ids", None) is None:
        _load_roles(user)
    return user._essaim_jury_call_ids


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
