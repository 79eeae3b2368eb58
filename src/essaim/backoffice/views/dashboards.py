"""The dashboards of a call and of a fund, for the fund's staff: the steps from draft to
reuse, who applied and when, the reviews, the accompaniment and the envelope — charts drawn
on the server as SVG, each followed by the table of its data (essaim.insight)."""

from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from essaim.insight.figures import call_dashboard as build_call_dashboard
from essaim.insight.figures import fund_dashboard as build_fund_dashboard

from ..access import backoffice_view, get_call, get_fund


@require_safe
@backoffice_view
def call_dashboard(request, pk: int):
    call = get_call(request, pk)
    dashboard = build_call_dashboard(call, today=timezone.localdate())
    return render(
        request,
        "backoffice/dashboards/call.html",
        {
            "call": call,
            "current_fund": call.fund,
            "dashboard": dashboard,
            "generated_at": timezone.now(),
            "page_title": _("Tableau de bord"),
            "breadcrumbs": [
                (_("Gestion"), reverse("backoffice:home")),
                (call.title, reverse("backoffice:call_detail", args=[call.pk])),
            ],
        },
    )


@require_safe
@backoffice_view
def fund_dashboard(request, pk: int):
    fund = get_fund(request, pk)
    calls = list(fund.calls.select_related("fund").order_by("opens_at", "id"))
    dashboard = build_fund_dashboard(fund, calls, today=timezone.localdate())
    return render(
        request,
        "backoffice/dashboards/fund.html",
        {
            "current_fund": fund,
            "calls": calls,
            "dashboard": dashboard,
            "generated_at": timezone.now(),
            "page_title": _("Tableau de bord"),
            "breadcrumbs": [(_("Gestion"), reverse("backoffice:home"))],
        },
    )
