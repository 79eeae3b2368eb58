"""Giving a stage's dossiers to reviewers: the board (by hand), automatic assignment with
its confirmation and summary, and each reviewer's load."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from essaim.accounts.models import User
from essaim.applications.models import Application
from essaim.review.forms.setup import AssignForm
from essaim.review.models import Assignment
from essaim.review.selectors.assignment import (
    auto_assign_preview,
    board_applications,
    board_rows,
    stage_load,
)
from essaim.review.services import assignment as assignment_services
from essaim.review.services.assignment import AssignmentError, pool_user_ids

from ..access import backoffice_view
from .review_setup import get_call_object, get_stage, stage_crumbs

PAGE_SIZE = 50
MAX_SHORTFALL_MESSAGES = 10


def _board_url(stage_pk: int, page: str = "", incomplete: str = "", anchor: str = "") -> str:
    url = reverse("backoffice:assignment_board", args=[stage_pk])
    params = [f"page={page}" if page.isdigit() else "", "incomplets=1" if incomplete else ""]
    query = "&".join(p for p in params if p)
    return url + (f"?{query}" if query else "") + (f"#{anchor}" if anchor else "")


@backoffice_view
def assignment_board(request, stage_pk: int):
    stage = get_stage(request, stage_pk)
    incomplete_only = request.GET.get("incomplets") == "1"
    paginator = Paginator(board_applications(stage, incomplete_only=incomplete_only), PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    return render(
        request,
        "backoffice/review_setup/board.html",
        {
            "call": stage.call,
            "current_fund": stage.call.fund,
            "stage": stage,
            "rows": board_rows(stage, list(page.object_list)),
            "page": page,
            "paginator": paginator,
            "incomplete_only": incomplete_only,
            "page_title": _("Affectations"),
            "breadcrumbs": stage_crumbs(stage),
        },
    )


@backoffice_view
@require_POST
def assignment_add(request, stage_pk: int):
    stage = get_stage(request, stage_pk)
    pool = User.objects.filter(pk__in=pool_user_ids(stage))
    form = AssignForm(request.POST, pool=pool)
    page, incomplete = request.POST.get("page", ""), request.POST.get("incomplets", "")
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect(_board_url(stage.pk, page, incomplete))
    application = get_object_or_404(
        Application.objects.filter(call_id=stage.call_id), pk=form.cleaned_data["application"]
    )
    reviewer = pool.get(pk=form.cleaned_data["reviewer"])
    try:
        assignment_services.assign(
            stage=stage, application=application, reviewer=reviewer, actor=request.user
        )
    except AssignmentError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            _("Le dossier %(ref)s est confié à %(person)s.")
            % {"ref": application.reference or application.title, "person": reviewer},
        )
    return redirect(_board_url(stage.pk, page, incomplete, f"dossier-{application.pk}"))


@backoffice_view
@require_POST
def assignment_remove(request, assignment_pk: int):
    assignment = get_call_object(
        request,
        Assignment.objects.select_related("stage__call__fund", "reviewer", "application"),
        assignment_pk,
        "stage__call",
    )
    try:
        assignment_services.unassign(assignment=assignment, actor=request.user)
    except AssignmentError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            _("Le dossier %(ref)s n'est plus confié à %(person)s.")
            % {
                "ref": assignment.application.reference or assignment.application.title,
                "person": assignment.reviewer,
            },
        )
    return redirect(
        _board_url(
            assignment.stage_id,
            request.POST.get("page", ""),
            request.POST.get("incomplets", ""),
            f"dossier-{assignment.application_id}",
        )
    )


@backoffice_view
@require_http_methods(["GET", "POST"])
def auto_assign(request, stage_pk: int):
    """A page that says what will happen, then the assignment and its summary."""
    stage = get_stage(request, stage_pk)
    if request.method == "POST":
        summary = assignment_services.auto_assign(stage=stage, actor=request.user)
        messages.success(
            request,
            ngettext(
                "%(n)s affectation créée",
                "%(n)s affectations créées",
                summary.created,
            )
            % {"n": summary.created}
            + " — "
            + ngettext(
                "%(n)s évaluateur prévenu par e-mail.",
                "%(n)s évaluateurs prévenus par e-mail.",
                len(summary.new_by_reviewer),
            )
            % {"n": len(summary.new_by_reviewer)},
        )
        if summary.conflicts_detected:
            messages.warning(
                request,
                ngettext(
                    "%(n)s conflit d'intérêts possible a été détecté : vérifiez-le.",
                    "%(n)s conflits d'intérêts possibles ont été détectés : vérifiez-les.",
                    summary.conflicts_detected,
                )
                % {"n": summary.conflicts_detected},
            )
        if summary.shortfalls:
            messages.warning(
                request,
                ngettext(
                    "%(n)s dossier n'a pas pu recevoir %(k)s évaluateurs :",
                    "%(n)s dossiers n'ont pas pu recevoir %(k)s évaluateurs :",
                    len(summary.shortfalls),
                )
                % {"n": len(summary.shortfalls), "k": summary.per_application},
            )
            for shortfall in summary.shortfalls[:MAX_SHORTFALL_MESSAGES]:
                messages.warning(
                    request,
                    _("%(ref)s (%(got)s sur %(k)s) — %(reason)s")
                    % {
                        "ref": shortfall.reference or shortfall.title,
                        "got": shortfall.assigned,
                        "k": summary.per_application,
                        "reason": shortfall.reason,
                    },
                )
            rest = len(summary.shortfalls) - MAX_SHORTFALL_MESSAGES
            if rest > 0:
                messages.warning(
                    request,
                    ngettext(
                        "… et %(n)s autre dossier (filtre « dossiers incomplets »).",
                        "… et %(n)s autres dossiers (filtre « dossiers incomplets »).",
                        rest,
                    )
                    % {"n": rest},
                )
        return redirect("backoffice:assignment_board", stage_pk=stage.pk)
    return render(
        request,
        "backoffice/review_setup/auto_assign.html",
        {
            "call": stage.call,
            "current_fund": stage.call.fund,
            "stage": stage,
            "preview": auto_assign_preview(stage),
            "page_title": _("Affecter automatiquement"),
            "breadcrumbs": stage_crumbs(stage),
        },
    )


@backoffice_view
def reviewer_load(request, stage_pk: int):
    stage = get_stage(request, stage_pk)
    rows = stage_load(stage)
    return render(
        request,
        "backoffice/review_setup/load.html",
        {
            "call": stage.call,
            "current_fund": stage.call.fund,
            "stage": stage,
            "rows": rows,
            "totals": {
                "assigned": sum(row.assigned for row in rows),
                "submitted": sum(row.submitted for row in rows),
                "drafts": sum(row.drafts for row in rows),
            },
            "page_title": _("Charge des évaluateurs"),
            "breadcrumbs": stage_crumbs(stage),
        },
    )
