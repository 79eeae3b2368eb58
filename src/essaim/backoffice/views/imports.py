"""Importing past calls, dossiers and laureates into a fund: the upload form (with the
template sheet), the dry-run report, the confirmation and the real run's result."""

import contextlib

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from essaim.dataio.enums import ImportStatus
from essaim.dataio.forms import ImportUploadForm
from essaim.dataio.importing.validation import REQUIRED, column_labels
from essaim.dataio.imports import import_confirm, import_upload, template_file
from essaim.dataio.selectors import fund_imports
from essaim.dataio.writers import WRITERS

from ..access import backoffice_view, get_fund

RECENT = 10


def _breadcrumbs(fund):
    return [(_("Gestion"), reverse("backoffice:home"))]


@backoffice_view
def fund_import(request, pk: int):
    fund = get_fund(request, pk)
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            job = import_upload(actor=request.user, fund=fund, uploaded=form.cleaned_data["file"])
        except ValidationError as exc:
            form.add_error("file", exc.messages[0])
        else:
            return redirect("backoffice:fund_import_report", pk=fund.pk, job_pk=job.pk)
    from essaim.dataio.datasets.dossiers import DOSSIERS

    labels = column_labels()
    columns = [
        {"label": labels[c.key], "required": c.key in REQUIRED, "group": c.group}
        for c in DOSSIERS.columns_for(None)
        if c.importable
    ]
    return render(
        request,
        "backoffice/dataio/fund_import.html",
        {
            "fund": fund,
            "current_fund": fund,
            "form": form,
            "columns": columns,
            "imports": list(fund_imports(request.user, fund).order_by("-created_at")[:RECENT]),
            "page_title": _("Importer des dossiers"),
            "breadcrumbs": _breadcrumbs(fund),
        },
    )


@require_safe
@backoffice_view
def fund_import_template(request, pk: int, fmt: str):
    fund = get_fund(request, pk)
    if fmt not in ("csv", "xlsx"):
        raise Http404
    response = HttpResponse(template_file(fund, fmt), content_type=WRITERS[fmt].content_type)
    response["Content-Disposition"] = f'attachment; filename="modele-import-{fund.slug}.{fmt}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _import_job(request, fund, job_pk: int):
    return get_object_or_404(fund_imports(request.user, fund), pk=job_pk)


@require_safe
@backoffice_view
def fund_import_report(request, pk: int, job_pk: int):
    fund = get_fund(request, pk)
    job = _import_job(request, fund, job_pk)
    report = job.report or {}
    problems = report.get("problems", [])
    return render(
        request,
        "backoffice/dataio/import_report.html",
        {
            "fund": fund,
            "current_fund": fund,
            "job": job,
            "report": report,
            "problems": problems,
            "errors": [p for p in problems if p["severity"] == "error"],
            "warnings": [p for p in problems if p["severity"] != "error"],
            "can_confirm": job.status == ImportStatus.CHECKED
            and request.user.has_perm("dataio.run_import", fund),
            "in_progress": job.status in (ImportStatus.QUEUED, ImportStatus.RUNNING),
            "page_title": _("Rapport d'import"),
            "breadcrumbs": [
                *_breadcrumbs(fund),
                (_("Importer des dossiers"), reverse("backoffice:fund_import", args=[fund.pk])),
            ],
        },
    )


@require_POST
@backoffice_view
def fund_import_confirm(request, pk: int, job_pk: int):
    fund = get_fund(request, pk)
    job = _import_job(request, fund, job_pk)
    if not request.user.has_perm("dataio.run_import", fund):
        raise PermissionDenied
    # already confirmed (a double click): the report says where it stands
    with contextlib.suppress(ValidationError):
        import_confirm(actor=request.user, job=job)
    return redirect("backoffice:fund_import_report", pk=fund.pk, job_pk=job.pk)
