"""Creating (platform admins) and editing (the fund's staff) a fund."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from essaim.funds import services
from essaim.funds.forms import FundCreateForm, FundForm

from ..access import backoffice_view, get_fund
from ..forms import add_service_errors


def _render(request, form, *, fund=None):
    title = _("Modifier le fonds") if fund else _("Créer un fonds")
    breadcrumbs = [(_("Gestion"), reverse("backoffice:home"))]
    return render(
        request,
        "backoffice/fund_form.html",
        {
            "form": form,
            "current_fund": fund,
            "page_title": title,
            "breadcrumbs": breadcrumbs,
            # a file input cannot be filled again by the server: say so when it was emptied
            "logo_to_resend": form.is_bound and bool(form.errors) and "logo" in request.FILES,
        },
    )


@backoffice_view
@require_http_methods(["GET", "POST"])
def fund_create(request):
    if not request.user.has_perm("funds.create_fund"):
        raise PermissionDenied
    posted = request.method == "POST"
    form = FundCreateForm(request.POST if posted else None, request.FILES if posted else None)
    if posted and form.is_valid():
        try:
            fund = services.fund_create(actor=request.user, data=form.service_data())
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Le fonds « %s » est créé.") % fund.name)
            return redirect("backoffice:home")
    return _render(request, form)


@backoffice_view
@require_http_methods(["GET", "POST"])
def fund_edit(request, pk: int):
    fund = get_fund(request, pk, perm="funds.manage_fund")
    posted = request.method == "POST"
    form = FundForm(
        request.POST if posted else None, request.FILES if posted else None, instance=fund
    )
    if posted and form.is_valid():
        try:
            services.fund_update(fund=fund, actor=request.user, data=form.service_data())
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Le fonds « %s » est enregistré.") % fund.name)
            return redirect("backoffice:home")
    return _render(request, form, fund=fund)
