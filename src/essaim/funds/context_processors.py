import rules

from .rules import accompanying_call_ids, reviewing_call_ids


def roles(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"user_is_fund_staff": False, "user_reviews": False, "user_accompanies": False}
    # both read by the same cached query (funds.rules._load_roles)
    return {
        "user_is_fund_staff": rules.has_perm("funds.access_backoffice", user),
        "user_reviews": bool(reviewing_call_ids(user)),
        "user_accompanies": bool(accompanying_call_ids(user)),
    }
