"""Sign-ins of the people who run funds go into the audit trail.

Only fund staff and platform administrators: they reach every dossier of a fund, so who
entered and when is worth keeping; applicants' sign-ins are not recorded (they would drown
the journal). A failed sign-in is recorded only when the address is a staff account (someone
trying its password); the lock-out itself is django-axes's work.
"""

from django.contrib.auth import get_user_model
from django.db import transaction

from .audit import record

SIGNED_IN = "sign_in"
SIGN_IN_FAILED = "sign_in.failed"


def _staff_funds(user) -> tuple[bool, list[int]]:
    # Imported here: core sits below funds, which reads the roles.
    from essaim.funds.rules import is_platform_admin, staff_fund_ids

    return is_platform_admin(user), sorted(staff_fund_ids(user))


def _client(request) -> dict:
    if request is None:
        return {}
    return {"ip": request.META.get("REMOTE_ADDR", "")}


def _record_for_funds(*, user, actor, action: str, request, extra: dict | None = None) -> None:
    admin, fund_ids = _staff_funds(user)
    if not admin and not fund_ids:
        return
    data = {**_client(request), "superuser": admin, **(extra or {})}
    with transaction.atomic():
        # One row per fund the person runs, so that each fund's staff see it; one without
        # a fund for a platform administrator who runs none.
        for fund_id in fund_ids or [None]:
            record(
                actor=actor,
                action=action,
                obj=user,
                actor_label=str(user) if actor else "",
                fund_id=fund_id,
                data=data,
            )


def staff_signed_in(sender, request, user, **kwargs) -> None:
    """`user_logged_in` receiver."""
    _record_for_funds(user=user, actor=user, action=SIGNED_IN, request=request)


def staff_sign_in_failed(sender, credentials, request=None, **kwargs) -> None:
    """`user_login_failed` receiver: the typed address names a staff account."""
    login = next(
        (credentials.get(key) for key in ("email", "login", "username") if credentials.get(key)),
        "",
    )
    if not isinstance(login, str) or not login or len(login) > 254:
        return
    user = get_user_model()._default_manager.filter(email__iexact=login.strip()).first()
    if user is None:
        return
    _record_for_funds(user=user, actor=None, action=SIGN_IN_FAILED, request=request)
