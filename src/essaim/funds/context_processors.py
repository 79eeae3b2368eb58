import rules


def roles(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"user_is_fund_staff": False}
    return {"user_is_fund_staff": rules.has_perm("funds.access_backoffice", user)}
