"""Reuse for the staff: how many bodies take up each innovation of the funds they manage,
by status, and the spread over time (new declarations and deployments per month), as a page
with accessible tables and as CSV; and, per innovation, the list of its reuses with a link
to each thread. A platform admin sees every innovation."""

import csv
from collections.abc import Iterator
from decimal import ROUND_HALF_UP, Decimal

from django.http import Http404, StreamingHttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from essaim.catalogue.enums import ReuseStatus
from essaim.catalogue.models import Reuse
from essaim.catalogue.selectors.reuse import (
    STATUS_ORDER,
    followed_innovations,
    reuse_statistics,
)
from essaim.core.audit import record
from essaim.funds.selectors import managed_funds

from ..access import backoffice_view

# Bars reuse the statistics page's width classes: st-w-0, st-w-2, … st-w-100.
BAR_STEP = 2
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
STATUSES = [ReuseStatus(status) for status in STATUS_ORDER]


def _scope(request):
    """The innovations followed, narrowed to one managed fund with ?fonds=<id>."""
    funds = list(managed_funds(request.user).order_by("name"))
    innovations = followed_innovations(request.user)
    chosen = None
    value = request.GET.get("fonds", "")
    if value:
        chosen = next((fund for fund in funds if str(fund.pk) == value), None)
        if chosen is None:
            raise Http404
        innovations = innovations.filter(fund=chosen)
    return funds, chosen, innovations


def bar_class(count: int, peak: int) -> str:
    if not peak:
        return "st-w-0"
    share = Decimal(count * 100) / peak / BAR_STEP
    width = int(share.quantize(Decimal(1), rounding=ROUND_HALF_UP)) * BAR_STEP
    if count and not width:
        width = BAR_STEP
    return f"st-w-{width}"


@require_safe
@backoffice_view
def reuse_stats(request):
    funds, chosen, innovations = _scope(request)
    statistics = reuse_statistics(innovations)
    peak = statistics.peak
    months = [
        {
            "row": month,
            "declared_bar": bar_class(month.declared, peak),
            "deployed_bar": bar_class(month.deployed, peak),
        }
        for month in statistics.months
    ]
    rows = [
        {"row": row, "counts": [row.counts[status] for status in STATUS_ORDER]}
        for row in statistics.innovations
    ]
    page_url = reverse("backoffice:reuse_stats")
    query = "?" + urlencode({"fonds": chosen.pk}) if chosen else ""
    return render(
        request,
        "backoffice/reuse/reuse_stats.html",
        {
            "statistics": statistics,
            "statuses": STATUSES,
            "status_totals": [statistics.by_status[status] for status in STATUS_ORDER],
            "rows": rows,
            "months": months,
            "funds": funds,
            "chosen_fund": chosen,
            "fund_links": [
                {"label": _("Tous les fonds"), "url": page_url, "current": chosen is None}
            ]
            + [
                {
                    "label": fund.name,
                    "url": page_url + "?" + urlencode({"fonds": fund.pk}),
                    "current": chosen is not None and fund.pk == chosen.pk,
                }
                for fund in funds
            ],
            "csv_url": reverse("backoffice:reuse_stats_export") + query,
            "page_title": _("Réutilisations"),
            "breadcrumbs": [(_("Gestion"), reverse("backoffice:home"))],
        },
    )


@require_safe
@backoffice_view
def reuse_list(request, pk: int):
    """The reuses of one innovation the person follows: body, département, status, and a
    link to the thread."""
    innovation = get_object_or_404(followed_innovations(request.user).select_related("fund"), pk=pk)
    reuses = list(
        Reuse.objects.filter(innovation=innovation)
        .select_related("organisation")
        .order_by("-updated_at", "-id")
    )
    return render(
        request,
        "backoffice/reuse/reuse_list.html",
        {
            "innovation": innovation,
            "current_fund": innovation.fund,
            "reuses": reuses,
            "page_title": innovation.title,
            "breadcrumbs": [
                (_("Gestion"), reverse("backoffice:home")),
                (_("Réutilisations"), reverse("backoffice:reuse_stats")),
            ],
        },
    )


class _Echo:
    def write(self, value: str) -> str:
        return value


def _text(value: str) -> str:
    value = value or ""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def statistics_csv(statistics) -> Iterator[str]:
    """Per innovation the count of reuses by status, then per month the new declarations
    and the deployments; CSV for Excel in French (UTF-8 with BOM, `;`). Aggregates only."""
    writer = csv.writer(_Echo(), delimiter=";", lineterminator="\r\n")
    yield "\ufeff" + writer.writerow(
        [_("Tableau"), _("Innovation ou mois"), _("Fonds")]
        + [str(status.label) for status in STATUSES]
        + [_("Total"), _("Nouvelles déclarations"), _("Déploiements")]
    )
    for row in statistics.innovations:
        yield writer.writerow(
            [_("Par innovation"), _text(row.title), _text(row.fund)]
            + [row.counts[status] for status in STATUS_ORDER]
            + [row.total, "", ""]
        )
    for month in statistics.months:
        yield writer.writerow(
            [_("Par mois"), month.month.strftime("%Y-%m"), ""]
            + [""] * len(STATUSES)
            + ["", month.declared, month.deployed]
        )


@require_safe
@backoffice_view
def reuse_stats_export(request):
    funds, chosen, innovations = _scope(request)
    statistics = reuse_statistics(innovations)
    # written in the audit journal of each fund the export covers
    for fund in [chosen] if chosen else funds:
        record(actor=request.user, action="reuse_stats.exported", obj=fund)
    name = f"reutilisations-{chosen.slug}.csv" if chosen else "reutilisations.csv"
    response = StreamingHttpResponse(
        statistics_csv(statistics), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "no-store"
    return response
