"""A stage's ranking for the staff (filtered, sorted, exported), and the first selection:
shortlisting the ticked dossiers, with a confirmation page before anything is decided."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_safe

from essaim.applications.enums import ApplicationState
from essaim.funds.selectors import managed_calls
from essaim.review import ranking_export as exports
from essaim.review.enums import ReviewStageKind
from essaim.review.forms.ranking import FILTER_NAMES, SORT_COLUMNS, RankingFilterForm, ShortlistForm
from essaim.review.models import ReviewStage
from essaim.review.ranking import DISAGREEMENT_RANGE, DISPLAY_SCALE
from essaim.review.selectors.ranking_table import (
    RankingRow,
    filter_rows,
    first_selection_table,
    ranking_table,
    sort_rows,
)
from essaim.review.services.shortlist import shortlist_many

from ..access import backoffice_view, get_call
from ..forms import silence

PAGE_SIZE = 100
PERM = "review.manage_selection"
NUMERIC_COLUMNS = {"rang", "avis", "moyenne", "mediane", "ecart", "normalise"}


def get_stage(request, pk: int) -> ReviewStage:
    """A review stage of a call the person manages (404 otherwise), checked against the rule."""
    stage = get_object_or_404(
        ReviewStage.objects.select_related("call__fund").filter(
            call__in=managed_calls(request.user)
        ),
        pk=pk,
    )
    if not request.user.has_perm(PERM, stage.call):
        raise PermissionDenied
    return stage


def _sort_columns(request, current: str) -> list[dict]:
    """Each header's link and aria-sort. A click on the sorted column reverses it; on another
    column sorts it in its natural direction (scores: highest first)."""
    current_key, descending = current.lstrip("-"), current.startswith("-")
    columns = []
    for key, (label, descending_first) in SORT_COLUMNS.items():
        if key == current_key:
            target = key if descending else f"-{key}"
            aria_sort = "descending" if descending else "ascending"
        else:
            target = f"-{key}" if descending_first else key
            aria_sort = ""
        params = request.GET.copy()
        params.pop("page", None)
        params["tri"] = target
        columns.append(
            {
                "key": key,
                "label": label,
                "aria_sort": aria_sort,
                "url": f"?{params.urlencode()}",
                "numeric": key in NUMERIC_COLUMNS,
            }
        )
    return columns


def _sort_description(current: str) -> str:
    label = SORT_COLUMNS[current.lstrip("-")][0]
    order = _("ordre décroissant") if current.startswith("-") else _("ordre croissant")
    return _("triés par « %(column)s », %(order)s") % {"column": label, "order": order}


def _shown_rows(filters: RankingFilterForm, rows: list[RankingRow]) -> list[RankingRow]:
    theme = filters.value("theme")
    shown = filter_rows(
        rows,
        theme_id=theme.pk if theme else None,
        state=filters.value("etat"),
        disagreement_only=bool(filters.value("desaccord")),
        min_reviews=filters.value("min_avis"),
    )
    return sort_rows(shown, filters.sort)


def _decide(request, form: ShortlistForm, rows: list[RankingRow], context: dict):
    """The decision's two steps: a valid form shows the confirmation page; the confirmed
    form decides each ticked dossier and comes back to the list. Returns a response, or None
    to show the list again (with the form's errors, or as typed after "Modifier")."""
    if "edit" in request.POST:
        silence(form)
        return None
    if not form.is_valid():
        return None
    chosen_ids = set(form.cleaned_data["dossiers"])
    chosen = [row for row in rows if row.application.pk in chosen_ids]
    outcome = form.cleaned_data["decision"]
    if "confirm" not in request.POST:
        return render(
            request,
            "backoffice/ranking/shortlist_confirm.html",
            {
                **context,
                "form": form,
                "chosen": chosen,
                "outcome_label": ApplicationState(outcome).label,
                "page_title": _("Confirmer la décision"),
            },
        )
    report = shortlist_many(
        applications=[row.application for row in chosen],
        outcome=outcome,
        actor=request.user,
        reason=form.cleaned_data["reason"],
        internal_note=form.cleaned_data["internal_note"],
    )
    if report.decided:
        n = len(report.decided)
        if outcome == ApplicationState.SHORTLISTED:
            text = ngettext("%(n)s dossier présélectionné.", "%(n)s dossiers présélectionnés.", n)
        else:
            text = ngettext(
                "%(n)s dossier non présélectionné.", "%(n)s dossiers non présélectionnés.", n
            )
        messages.success(request, text % {"n": n})
    for application, reason in report.refused:
        messages.error(
            request,
            _("%(reference)s n'a pas été décidé : %(reason)s")
            % {"reference": application.reference or application.title, "reason": reason},
        )
    return redirect(request.get_full_path())


def _table_page(request, *, call, stage, rows, template_context: dict, decides: bool):
    filters = RankingFilterForm(request.GET, call=call)
    filters.is_valid()
    shown = _shown_rows(filters, rows)
    context = {"call": call, "current_fund": call.fund, "stage": stage, **template_context}

    decision_form = None
    if decides:
        decidable = [
            row.application.pk for row in rows if row.application.state == ApplicationState.ELIGIBLE
        ]
        posted = request.method == "POST"
        decision_form = ShortlistForm(request.POST if posted else None, choices=decidable)
        if posted:
            response = _decide(request, decision_form, rows, context)
            if response is not None:
                return response
    elif request.method == "POST":
        raise Http404

    paginator = Paginator(shown, PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    return render(
        request,
        "backoffice/ranking/ranking.html",
        {
            **context,
            "filters": filters,
            "page": page,
            "paginator": paginator,
            "total": len(rows),
            "columns": _sort_columns(request, filters.sort),
            "sort_description": _sort_description(filters.sort),
            "current_sort": filters.sort,
            "decides": decides,
            "decision_form": decision_form,
            "selected": decision_form.selected if decision_form is not None else set(),
            "disagreement_points": DISAGREEMENT_RANGE * DISPLAY_SCALE,
            "eligible_state": ApplicationState.ELIGIBLE,
        },
        status=422 if decision_form is not None and decision_form.errors else 200,
    )


def _crumbs(call) -> list[tuple[str, str]]:
    return [
        (_("Gestion"), reverse("backoffice:home")),
        (call.title, reverse("backoffice:call_detail", args=[call.pk])),
    ]


@backoffice_view
@require_http_methods(["GET", "POST"])
def ranking(request, stage_pk: int):
    stage = get_stage(request, stage_pk)
    call = stage.call
    heading = _("Classement — %(stage)s") % {"stage": stage.display_title}
    return _table_page(
        request,
        call=call,
        stage=stage,
        rows=ranking_table(stage),
        decides=stage.kind == ReviewStageKind.FIRST_SELECTION,
        template_context={
            "heading": heading,
            "export_url": reverse("backoffice:ranking_export", args=[stage.pk]),
            "page_title": heading,
            "breadcrumbs": _crumbs(call),
        },
    )


@backoffice_view
@require_safe
def ranking_export(request, stage_pk: int):
    """The ranking's rows, same filters and order, every page, as CSV streamed line by line."""
    stage = get_stage(request, stage_pk)
    filters = RankingFilterForm(request.GET, call=stage.call)
    filters.is_valid()
    lines = exports.ranking_csv(
        stage=stage,
        actor=request.user,
        rows=_shown_rows(filters, ranking_table(stage)),
        filters={name: request.GET.get(name, "") for name in (*FILTER_NAMES, "tri")},
    )
    response = StreamingHttpResponse(lines, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{exports.export_filename(stage)}"'
    response["Cache-Control"] = "no-store"
    return response


@backoffice_view
@require_http_methods(["GET", "POST"])
def first_selection(request, pk: int):
    """The call's eligible dossiers to shortlist, with their ranking line when reviewers
    scored them at a first-selection stage — calls may also shortlist without reviews."""
    call = get_call(request, pk, perm=PERM)
    if not call.uses_first_selection:
        raise Http404
    stage = call.review_stages.filter(kind=ReviewStageKind.FIRST_SELECTION).first()
    return _table_page(
        request,
        call=call,
        stage=stage,
        rows=first_selection_table(call, stage),
        decides=True,
        template_context={
            "heading": _("Première sélection"),
            "export_url": "",  # the stage's ranking page exports its scores
            "page_title": _("Première sélection"),
            "breadcrumbs": _crumbs(call),
        },
    )
