"""A call's dossiers for its staff: the filtered list, its CSV export, one dossier in full."""

from django.core.paginator import Paginator
from django.http import StreamingHttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from essaim.applications import exports
from essaim.applications.enums import ApplicationState
from essaim.applications.filters import DEFAULT_SORT, ApplicationFilter
from essaim.applications.models import Application
from essaim.applications.selectors import (
    application_audit_trail,
    call_application_list,
    staff_application_detail,
    state_counts,
)

from ..access import backoffice_view, get_application, get_call

PAGE_SIZE = 25

# (sort key, header) of the sortable columns, in table order
COLUMNS = [
    ("reference", gettext_lazy("Référence")),
    ("titre", gettext_lazy("Titre du projet")),
    ("organisme", gettext_lazy("Organisme")),
    ("theme", gettext_lazy("Thématique")),
    ("depot", gettext_lazy("Déposé le")),
    ("etat", gettext_lazy("État")),
]
SORT_WORDS = {
    "reference": gettext_lazy("par référence"),
    "titre": gettext_lazy("par titre"),
    "organisme": gettext_lazy("par organisme"),
    "theme": gettext_lazy("par thématique"),
    "depot": gettext_lazy("par date de dépôt"),
    "etat": gettext_lazy("par état"),
}


def _sort_columns(request, current: str) -> list[dict]:
    """Each header's link and its aria-sort. A click on the sorted column reverses it; on
    another column sorts ascending (dates: newest first)."""
    current_key, descending = current.lstrip("-"), current.startswith("-")
    columns = []
    for key, label in COLUMNS:
        if key == current_key:
            target = key if descending else f"-{key}"
            aria_sort = "descending" if descending else "ascending"
        else:
            target = f"-{key}" if key == "depot" else key
            aria_sort = ""
        params = request.GET.copy()
        params.pop("page", None)
        params["tri"] = target
        columns.append(
            {"key": key, "label": label, "aria_sort": aria_sort, "url": f"?{params.urlencode()}"}
        )
    return columns


def _sort_description(current: str) -> str:
    key, descending = current.lstrip("-"), current.startswith("-")
    words = SORT_WORDS[key]
    order = _("ordre décroissant") if descending else _("ordre croissant")
    return _("triés %(what)s, %(order)s") % {"what": words, "order": order}


def _filterset(request, call):
    return ApplicationFilter(request.GET, queryset=call_application_list(call), call=call)


@backoffice_view
def call_applications(request, pk: int):
    call = get_call(request, pk)
    filterset = _filterset(request, call)
    paginator = Paginator(filterset.qs, PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    counts = state_counts(call)
    current_sort = filterset.current_sort
    current_state = filterset.form.cleaned_data.get("etat") or ""
    return render(
        request,
        "backoffice/call_applications.html",
        {
            "call": call,
            "current_fund": call.fund,
            "filterset": filterset,
            "form": filterset.form,
            "page": page,
            "paginator": paginator,
            "counts": counts,
            "current_state": current_state,
            "submitted_total": sum(
                row["count"] for row in counts if row["state"] != ApplicationState.DRAFT
            ),
            "columns": _sort_columns(request, current_sort),
            "sort_description": _sort_description(current_sort),
            "is_default_sort": current_sort == DEFAULT_SORT,
            "current_sort": current_sort,
            "draft_count": next(
                (row["count"] for row in counts if row["state"] == ApplicationState.DRAFT), 0
            ),
            "page_title": _("Dossiers"),
            "breadcrumbs": [
                (_("Gestion"), reverse("backoffice:home")),
                (call.title, reverse("backoffice:call_detail", args=[call.pk])),
            ],
        },
    )


@backoffice_view
def call_applications_export(request, pk: int):
    """The list's dossiers, same filters and order, as CSV streamed row by row."""
    call = get_call(request, pk)
    filterset = _filterset(request, call)
    lines = exports.call_applications_export(
        call=call,
        actor=request.user,
        queryset=filterset.qs,
        filters={
            name: request.GET.get(name, "")
            for name in ("q", "etat", "theme", "type", "departement", "region", "taille", "tri")
        },
    )
    response = StreamingHttpResponse(lines, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{exports.export_filename(call)}"'
    response["Cache-Control"] = "no-store"
    return response


@backoffice_view
def application_detail(request, pk: int):
    application = get_application(request, pk, staff_application_detail(Application.objects.all()))
    call = application.call
    return render(
        request,
        "backoffice/application_detail.html",
        {
            "application": application,
            "call": call,
            "current_fund": call.fund,
            "team": application.team.all(),
            "budget_lines": application.budget_lines.all(),
            "attachments": application.attachments.all(),
            "support": getattr(application, "support_request", None),
            "trail": application_audit_trail(application),
            "page_title": application.reference or application.title,
            "breadcrumbs": [
                (_("Gestion"), reverse("backoffice:home")),
                (call.title, reverse("backoffice:call_detail", args=[call.pk])),
                (_("Dossiers"), reverse("backoffice:call_applications", args=[call.pk])),
            ],
        },
    )
