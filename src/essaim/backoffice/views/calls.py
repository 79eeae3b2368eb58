"""A call in the back-office: its page, creating and editing it with its themes and stages,
and extending its closing time."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from essaim.applications.enums import ApplicationState
from essaim.applications.selectors import state_counts
from essaim.funds import services
from essaim.funds.forms import (
    CallForm,
    DeadlineExtensionForm,
    stage_formset_class,
    theme_formset_class,
)
from essaim.funds.models import Call
from essaim.funds.selectors import call_audit_events, deadline_extensions

from ..access import backoffice_view, get_call, get_fund
from ..call_steps import call_progress
from ..forms import ErrorSummary, add_service_errors, silence

# Rows that can be added without JavaScript: a button posts the form back with one more row
# of this formset (its prefix), keeping everything typed and judging nothing yet.
ADDABLE = ("themes", "stages")
MAX_ROWS = 30


def _call_crumbs(call: Call) -> list[tuple[str, str]]:
    return [
        (_("Gestion"), reverse("backoffice:home")),
        (call.title, reverse("backoffice:call_detail", args=[call.pk])),
    ]


@backoffice_view
def call_detail(request, pk: int):
    call = get_call(request, pk)
    counts = state_counts(call)
    return render(
        request,
        "backoffice/call_detail.html",
        {
            "call": call,
            "current_fund": call.fund,
            "counts": counts,
            "submitted_total": sum(
                row["count"] for row in counts if row["state"] != ApplicationState.DRAFT
            ),
            "themes": call.themes.all(),
            "progress": call_progress(
                call, stages=list(call.stages.all()), review_stages=list(call.review_stages.all())
            ),
            "extensions": deadline_extensions(list(call_audit_events(call))),
            "page_title": call.title,
            "breadcrumbs": [(_("Gestion"), reverse("backoffice:home"))],
        },
    )


def _with_one_more_row(data, prefix: str):
    data = data.copy()
    key = f"{prefix}-TOTAL_FORMS"
    try:
        count = int(data.get(key, "0"))
    except ValueError:
        return data
    data[key] = str(min(count + 1, MAX_ROWS))
    return data


def _call_form_page(request, call: Call, *, creating: bool):
    """Create or edit `call` (unsaved when creating) with its themes and stages."""
    posted = request.method == "POST"
    data = request.POST if posted else None
    adding = request.POST.get("add") if posted else None
    if adding in ADDABLE:
        data = _with_one_more_row(data, adding)
    form = CallForm(data, instance=call)
    themes = theme_formset_class(extra=2 if creating else 1)(data, instance=call, prefix="themes")
    stages = stage_formset_class(extra=3 if creating else 1)(data, instance=call, prefix="stages")

    if adding in ADDABLE:
        silence(form, themes, stages)
    elif posted and all([form.is_valid(), themes.is_valid(), stages.is_valid()]):
        try:
            if creating:
                saved = services.call_create(
                    fund=call.fund,
                    actor=request.user,
                    data=form.service_data(),
                    themes=themes.rows(),
                    stages=stages.rows(),
                )
                messages.success(request, _("L'appel « %s » est créé.") % saved.title)
            else:
                saved = services.call_update(
                    call=call,
                    actor=request.user,
                    data=form.service_data(),
                    themes=themes.rows(),
                    stages=stages.rows(),
                )
                messages.success(request, _("L'appel « %s » est enregistré.") % saved.title)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return redirect("backoffice:call_detail", pk=saved.pk)

    breadcrumbs = [(_("Gestion"), reverse("backoffice:home"))]
    if not creating:
        breadcrumbs = _call_crumbs(call)
    return render(
        request,
        "backoffice/call_form.html",
        {
            "call": call,
            "current_fund": call.fund,
            "creating": creating,
            "form": form,
            "themes": themes,
            "stages": stages,
            "summary": ErrorSummary(form, themes, stages),
            "page_title": _("Nouvel appel") if creating else _("Modifier l'appel"),
            "breadcrumbs": breadcrumbs,
        },
    )


@backoffice_view
@require_http_methods(["GET", "POST"])
def call_create(request, fund_pk: int):
    fund = get_fund(request, fund_pk, perm="funds.manage_call")
    return _call_form_page(request, Call(fund=fund), creating=True)


@backoffice_view
@require_http_methods(["GET", "POST"])
def call_edit(request, pk: int):
    call = get_call(request, pk)
    return _call_form_page(request, call, creating=False)


@backoffice_view
@require_http_methods(["GET", "POST"])
def call_extend_deadline(request, pk: int):
    """Two steps: the form, then a page that restates the consequence before it is done."""
    call = get_call(request, pk)
    posted = request.method == "POST"
    form = DeadlineExtensionForm(request.POST if posted else None, call=call)
    context = {
        "call": call,
        "current_fund": call.fund,
        "form": form,
        "page_title": _("Prolonger la clôture"),
        "breadcrumbs": _call_crumbs(call),
    }
    if posted and "edit" in request.POST:
        silence(form)
    elif posted and form.is_valid():
        if "confirm" not in request.POST:
            return render(request, "backoffice/call_extend_confirm.html", context)
        try:
            services.call_extend_deadline(
                call=call,
                actor=request.user,
                new_closes_at=form.cleaned_data["new_closes_at"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("La clôture de l'appel est prolongée."))
            return redirect("backoffice:call_detail", pk=call.pk)
    return render(request, "backoffice/call_extend.html", context)
