"""Who may use the back-office, and loading its objects for the person asking.

Every view is default-deny: it declares the named rule it needs. Anonymous people are sent
to the login page; people without back-office access get 403; a fund's staff asking for
another fund's object get 404, because every lookup starts from the funds they manage.
"""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from essaim.applications.models import Application
from essaim.funds.models import Call, Fund
from essaim.funds.selectors import managed_calls, managed_funds


def backoffice_view(view):
    """Signed in, and holding `funds.access_backoffice` (staff of a fund, platform admin)."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.has_perm("funds.access_backoffice"):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return login_required(wrapper)


def get_fund(request, pk: int, perm: str = "funds.manage_fund") -> Fund:
    fund = get_object_or_404(managed_funds(request.user), pk=pk)
    if not request.user.has_perm(perm, fund):
        raise PermissionDenied
    return fund


def get_call(request, pk: int, perm: str = "funds.manage_call") -> Call:
    call = get_object_or_404(managed_calls(request.user).select_related("fund"), pk=pk)
    if not request.user.has_perm(perm, call):
        raise PermissionDenied
    return call


def get_application(request, pk: int, queryset: QuerySet[Application]) -> Application:
    """A dossier of a call the person manages, with its audit trail readable."""
    application = get_object_or_404(queryset.filter(call__in=managed_calls(request.user)), pk=pk)
    if not request.user.has_perm("applications.view_application", application):
        raise Http404
    if not request.user.has_perm("applications.view_audit", application):
        raise PermissionDenied
    return application
