"""The audit journal ("Journal d'audit"): who did what and when, searchable by the staff of
the funds concerned, exported as CSV (and that export itself written in the journal).

A fund's staff read their funds' rows only; a platform administrator reads every row.
Filters are a plain GET form (the address can be shared); pages of 50 rows.
"""

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import StreamingHttpResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from essaim.core.audit_export import audit_log_export as export_lines
from essaim.core.selectors import audit_events_for
from essaim.funds.rules import is_platform_admin
from essaim.funds.selectors import managed_funds

from ..access import backoffice_view
from ..filters_audit import AuditEventFilter, object_type_choices

PAGE_SIZE = 50
# Objects that have a back-office page of their own, linked from their rows.
OBJECT_PAGES = {
    "applications.application": "backoffice:application_detail",
    "funds.call": "backoffice:call_detail",
    "funds.fund": "backoffice:fund_edit",
}


def _check_access(request):
    if not request.user.has_perm("core.view_audit_log"):
        raise PermissionDenied


def _filterset(request):
    funds = managed_funds(request.user)
    return AuditEventFilter(request.GET, queryset=audit_events_for(request.user), funds=funds)


def _object_url(event) -> str:
    name = OBJECT_PAGES.get(event.object_type)
    if not name or not event.object_id.isdigit():
        return ""
    try:
        return reverse(name, args=[int(event.object_id)])
    except NoReverseMatch:
        return ""


@require_safe
@backoffice_view
def audit_log(request):
    _check_access(request)
    filterset = _filterset(request)
    paginator = Paginator(filterset.qs, PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    type_labels = dict(object_type_choices())
    rows = [
        {
            "event": event,
            "object_label": type_labels.get(event.object_type, event.object_type),
            "object_url": _object_url(event),
        }
        for event in page.object_list
    ]
    return render(
        request,
        "backoffice/audit_log/list.html",
        {
            "filterset": filterset,
            "form": filterset.form,
            "page": page,
            "paginator": paginator,
            "rows": rows,
            "page_title": _("Journal d'audit"),
            "breadcrumbs": [(_("Gestion"), reverse("backoffice:home"))],
        },
    )


@require_safe
@backoffice_view
def audit_log_export(request):
    """The journal's rows, same filters and order, as CSV streamed row by row."""
    _check_access(request)
    filterset = _filterset(request)
    chosen = filterset.form.cleaned_data.get("fonds") if filterset.form.is_valid() else None
    if chosen is not None:
        funds = [chosen]
    elif is_platform_admin(request.user):
        funds = []  # a platform administrator's export covers every fund: one row, no fund
    else:
        funds = list(managed_funds(request.user).order_by("pk"))
    lines = export_lines(
        actor=request.user, queryset=filterset.qs, filters=filterset.applied, funds=funds
    )
    stamp = timezone.localtime().strftime("%Y-%m-%d")
    response = StreamingHttpResponse(lines, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="journal-audit-{stamp}.csv"'
    response["Cache-Control"] = "no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
