"""Loading a dossier for the person asking, or answering 404 when they may not see it.

Outsiders get 404 rather than 403 so that others' dossiers leak nothing, not even their
existence. A team member asking for something the dossier's state forbids gets 403.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from essaim.applications.models import Application


def get_application_for(
    request,
    pk: int,
    perm: str = "applications.view_application",
    queryset: QuerySet | None = None,
) -> Application:
    queryset = queryset if queryset is not None else Application.objects.all()
    application = get_object_or_404(queryset.select_related("call__fund"), pk=pk)
    if not request.user.has_perm("applications.view_application", application):
        raise Http404
    if perm != "applications.view_application" and not request.user.has_perm(perm, application):
        raise PermissionDenied
    return application


def full_application_queryset() -> QuerySet:
    """Everything the task list, the check page and the receipt read, in a fixed number of
    queries."""
    return Application.objects.select_related(
        "call__fund", "theme", "support_request"
    ).prefetch_related("team", "budget_lines", "attachments", "call__stages", "call__themes")
