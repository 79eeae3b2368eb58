"""Exports for a fund's staff: the export form of a call (data, format, columns), the ZIP of
a call's or one dossier's files, a job's progress page and its JSON status, the download,
and the list of my recent exports.

Jobs are read through `dataio.selectors.my_exports`: someone else's job is a 404, and the
download also checks `dataio.download_export` (still staff of the fund).
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from essaim.applications.models import Application
from essaim.dataio.datasets import DATASETS
from essaim.dataio.enums import Dataset, ExportFormat, JobStatus
from essaim.dataio.exports import export_start
from essaim.dataio.forms import ExportForm
from essaim.dataio.selectors import my_exports, my_recent_exports
from essaim.dataio.writers import WRITERS

from ..access import backoffice_view, get_application, get_call


def _dataset(request) -> str:
    value = request.GET.get("donnees", "")
    return value if value in DATASETS else Dataset.DOSSIERS


def _breadcrumbs(call):
    return [
        (_("Gestion"), reverse("backoffice:home")),
        (call.title, reverse("backoffice:call_detail", args=[call.pk])),
    ]


@backoffice_view
def call_exports(request, pk: int):
    call = get_call(request, pk)
    dataset = _dataset(request)
    spec = DATASETS[dataset]
    form = ExportForm(request.POST or None, spec=spec, call=call)
    extra_errors = []
    if request.method == "POST" and form.is_valid():
        try:
            job = export_start(
                actor=request.user,
                call=call,
                dataset=dataset,
                fmt=form.cleaned_data["format"],
                columns=form.cleaned_data["columns"],
                filters=form.filters(),
            )
        except ValidationError as exc:
            extra_errors = [{"message": message} for message in exc.messages]
        else:
            return redirect("backoffice:export_job", pk=job.pk)
    page_url = reverse("backoffice:call_exports", args=[call.pk])
    datasets = [
        {
            "label": Dataset(key).label,
            "url": page_url + ("" if key == Dataset.DOSSIERS else f"?donnees={key}"),
            "current": key == dataset,
        }
        for key in DATASETS
    ]
    recent = [job for job in my_recent_exports(request.user) if job.call_id == call.pk]
    return render(
        request,
        "backoffice/dataio/call_exports.html",
        {
            "call": call,
            "current_fund": call.fund,
            "form": form,
            "groups": form.column_groups(),
            "extra_errors": extra_errors,
            "dataset": dataset,
            "dataset_label": Dataset(dataset).label,
            "datasets": datasets,
            "action": request.get_full_path(),
            "recent": recent,
            "page_title": _("Exporter"),
            "breadcrumbs": _breadcrumbs(call),
        },
    )


@require_POST
@backoffice_view
def call_archive_start(request, pk: int):
    """The ZIP of a call's dossiers (their PDFs and attachments), for the jury."""
    call = get_call(request, pk)
    job = export_start(
        actor=request.user, call=call, dataset=Dataset.DOSSIERS, fmt=ExportFormat.ZIP
    )
    return redirect("backoffice:export_job", pk=job.pk)


@require_POST
@backoffice_view
def application_archive_start(request, pk: int):
    """The ZIP of one dossier, through the same job machinery (a few seconds at most)."""
    application = get_application(request, pk, Application.objects.select_related("call__fund"))
    job = export_start(
        actor=request.user,
        call=application.call,
        dataset=Dataset.DOSSIERS,
        fmt=ExportFormat.ZIP,
        application=application,
    )
    return redirect("backoffice:export_job", pk=job.pk)


def _job(request, pk: int):
    job = get_object_or_404(my_exports(request.user).select_related("call__fund"), pk=pk)
    if not request.user.has_perm("dataio.download_export", job):
        raise PermissionDenied
    return job


def _status(job) -> dict:
    return {
        "status": job.status,
        "label": str(job.get_status_display()),
        "done": job.done,
        "total": job.total,
        "percent": job.percent,
        "finished": job.is_finished,
        "download_url": reverse("backoffice:export_download", args=[job.pk])
        if job.status == JobStatus.DONE and job.file
        else "",
    }


@require_safe
@backoffice_view
def export_job(request, pk: int):
    job = _job(request, pk)
    call = job.call
    return render(
        request,
        "backoffice/dataio/export_job.html",
        {
            "job": job,
            "call": call,
            "current_fund": call.fund,
            "status": _status(job),
            "status_url": reverse("backoffice:export_job_status", args=[job.pk]),
            "page_title": _("Export"),
            "breadcrumbs": [
                *_breadcrumbs(call),
                (_("Exporter"), reverse("backoffice:call_exports", args=[call.pk])),
            ],
        },
    )


@require_safe
@backoffice_view
def export_job_status(request, pk: int):
    response = JsonResponse(_status(_job(request, pk)))
    response["Cache-Control"] = "no-store"
    return response


CONTENT_TYPES = {fmt: writer.content_type for fmt, writer in WRITERS.items()}
CONTENT_TYPES[ExportFormat.ZIP] = "application/zip"


@require_safe
@backoffice_view
def export_download(request, pk: int):
    job = _job(request, pk)
    if job.status != JobStatus.DONE or not job.file:
        raise Http404
    response = FileResponse(
        job.file.open("rb"),
        as_attachment=True,
        filename=job.filename,
        content_type=CONTENT_TYPES.get(job.format, "application/octet-stream"),
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store"
    return response


@require_safe
@backoffice_view
def export_list(request):
    return render(
        request,
        "backoffice/dataio/export_list.html",
        {
            "jobs": my_recent_exports(request.user, limit=50),
            "page_title": _("Mes exports"),
            "breadcrumbs": [(_("Gestion"), reverse("backoffice:home"))],
        },
    )
