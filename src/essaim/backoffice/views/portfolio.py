"""The staff's portfolio of laureates across the calls they manage: a sortable, filtered
table, and the same laureates as a timeline of their phases."""

from django.core.paginator import Paginator
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from essaim.accompaniment.selectors.portfolio import (
    DEFAULT_SORT,
    PortfolioFilter,
    laureates,
    timeline,
    with_phases,
)

from ..access import backoffice_view

PAGE_SIZE = 25

# (sort key, header, first click descending) of the sortable columns, in table order
COLUMNS = [
    ("appel", gettext_lazy("Appel et cohorte"), False),
    ("organisme", gettext_lazy("Lauréat"), False),
    ("accompagnant", gettext_lazy("Accompagnant"), False),
    ("phase", gettext_lazy("Phase en cours"), False),
    ("jalon", gettext_lazy("Prochain jalon"), False),
    ("retard", gettext_lazy("En retard"), True),
    ("engage", gettext_lazy("Engagé"), True),
    ("verse", gettext_lazy("Versé"), True),
]
SORT_WORDS = {
    "appel": gettext_lazy("par appel"),
    "organisme": gettext_lazy("par organisme"),
    "cohorte": gettext_lazy("par cohorte"),
    "accompagnant": gettext_lazy("par accompagnant"),
    "phase": gettext_lazy("par phase en cours"),
    "jalon": gettext_lazy("par date du prochain jalon"),
    "retard": gettext_lazy("par nombre de jalons en retard"),
    "engage": gettext_lazy("par montant engagé"),
    "verse": gettext_lazy("par montant versé"),
}


def _sort_columns(request, current: str) -> list[dict]:
    """Each header's link and its aria-sort. A click on the sorted column reverses it."""
    current_key, descending = current.lstrip("-"), current.startswith("-")
    columns = []
    for key, label, first_descending in COLUMNS:
        if key == current_key:
            target = key if descending else f"-{key}"
            aria_sort = "descending" if descending else "ascending"
        else:
            target = f"-{key}" if first_descending else key
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
    order = _("ordre décroissant") if descending else _("ordre croissant")
    return _("triés %(what)s, %(order)s") % {"what": SORT_WORDS[key], "order": order}


def _portfolio(request, *, view: str):
    today = timezone.localdate()
    filterset = PortfolioFilter(
        request.GET, queryset=laureates(request.user, today=today), user=request.user, today=today
    )
    queryset = filterset.qs
    if view == "timeline":
        queryset = with_phases(queryset)
    paginator = Paginator(queryset, PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    current_sort = filterset.current_sort
    params = request.GET.copy()
    params.pop("page", None)
    other_view = "backoffice:portfolio" if view == "timeline" else "backoffice:portfolio_timeline"
    context = {
        "filterset": filterset,
        "form": filterset.form,
        "page": page,
        "paginator": paginator,
        "today": today,
        "view": view,
        "action": reverse(
            "backoffice:portfolio_timeline" if view == "timeline" else "backoffice:portfolio"
        ),
        "other_view_url": reverse(other_view) + (f"?{params.urlencode()}" if params else ""),
        "columns": _sort_columns(request, current_sort),
        "sort_description": _sort_description(current_sort),
        "is_default_sort": current_sort == DEFAULT_SORT,
        "current_sort": current_sort,
        "page_title": _("Frise des lauréats") if view == "timeline" else _("Portefeuille"),
        "breadcrumbs": [(_("Gestion"), reverse("backoffice:home"))],
    }
    if view == "timeline":
        context["breadcrumbs"].append((_("Portefeuille"), reverse("backoffice:portfolio")))
        context["timeline"] = timeline(list(page.object_list), today=today)
        template = "backoffice/portfolio/timeline.html"
    else:
        template = "backoffice/portfolio/portfolio.html"
    return render(request, template, context)


@backoffice_view
def portfolio(request):
    return _portfolio(request, view="table")


@backoffice_view
def portfolio_timeline(request):
    return _portfolio(request, view="timeline")
