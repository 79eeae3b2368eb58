"""A call's statistics for its staff: its dossiers counted by type of body, size band,
région, département and state, each count linking to the staff list with that filter, and
the same figures as CSV."""

from decimal import ROUND_HALF_UP, Decimal

from django.http import StreamingHttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from essaim.applications.enums import ApplicationState
from essaim.applications.statistics import (
    DEFAULT_SCOPE,
    Scope,
    call_statistics,
    statistics_csv,
    statistics_filename,
)
from essaim.core.audit import record
from essaim.territory.enums import DEPARTEMENT_NAMES, REGION_NAMES, OrganisationType, SizeBand

from ..access import backoffice_view, get_call

# the values each staff-list filter accepts (applications.filters.ApplicationFilter)
FILTER_VALUES = {
    "type": set(OrganisationType.values),
    "taille": set(SizeBand.values),
    "region": set(REGION_NAMES),
    "departement": set(DEPARTEMENT_NAMES),
    "etat": set(ApplicationState.values),
}
# Bars are drawn by width classes (no inline style): st-w-0, st-w-2, … st-w-100.
BAR_STEP = 2


def _scope(request) -> str:
    value = request.GET.get("perimetre", "")
    return value if value in Scope.values else DEFAULT_SCOPE


def _bar_class(share: Decimal) -> str:
    width = int((share / BAR_STEP).quantize(Decimal(1), rounding=ROUND_HALF_UP)) * BAR_STEP
    if share and not width:
        width = BAR_STEP  # a dossier is never drawn as nothing
    return f"st-w-{width}"


def _tables(call, statistics) -> list[dict]:
    """Each breakdown with, per row, its bar class and its link to the filtered list."""
    list_url = reverse("backoffice:call_applications", args=[call.pk])
    tables = []
    for breakdown in statistics.breakdowns:
        rows = []
        for row in breakdown.rows:
            url = ""
            if row.key in FILTER_VALUES[breakdown.name]:
                url = f"{list_url}?{urlencode({breakdown.name: row.key})}"
            rows.append({"row": row, "url": url, "bar": _bar_class(row.share)})
        tables.append({"breakdown": breakdown, "id": f"par-{breakdown.name}", "rows": rows})
    return tables


@require_safe
@backoffice_view
def call_statistics_page(request, pk: int):
    call = get_call(request, pk)
    scope = _scope(request)
    statistics = call_statistics(call, scope=scope)
    page_url = reverse("backoffice:call_statistics", args=[call.pk])
    export_url = reverse("backoffice:call_statistics_export", args=[call.pk])
    query = "" if scope == DEFAULT_SCOPE else "?" + urlencode({"perimetre": scope})
    scopes = [
        {
            "label": label,
            "url": page_url
            + ("" if value == DEFAULT_SCOPE else "?" + urlencode({"perimetre": value})),
            "current": value == scope,
        }
        for value, label in Scope.choices
    ]
    return render(
        request,
        "backoffice/statistics/call_statistics.html",
        {
            "call": call,
            "current_fund": call.fund,
            "statistics": statistics,
            "tables": _tables(call, statistics),
            "scope": scope,
            "scope_label": Scope(scope).label,
            "scopes": scopes,
            "is_default_scope": scope == DEFAULT_SCOPE,
            "csv_url": export_url + query,
            "page_title": _("Statistiques"),
            "breadcrumbs": [
                (_("Gestion"), reverse("backoffice:home")),
                (call.title, reverse("backoffice:call_detail", args=[call.pk])),
            ],
        },
    )


@require_safe
@backoffice_view
def call_statistics_export(request, pk: int):
    """The page's breakdowns, same scope, as CSV (aggregates only: no personal data)."""
    call = get_call(request, pk)
    scope = _scope(request)
    statistics = call_statistics(call, scope=scope)
    # every export is written in the audit journal, aggregates included
    record(actor=request.user, action="statistics.exported", obj=call, data={"scope": scope})
    response = StreamingHttpResponse(
        statistics_csv(statistics), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{statistics_filename(call, scope)}"'
    response["Cache-Control"] = "no-store"
    return response
