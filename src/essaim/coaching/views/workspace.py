"""The shared workspace of a laureate: its team, its coach, its evaluator and the fund's
staff follow the phases and milestones, keep a journal, file deliverables, and read the
evaluator's reports.

Default-deny: a workspace is reached only by those `accompaniment.view_workspace` lets in;
anyone else gets 404, so that nothing leaks, not even its existence. Someone who may read a
workspace but not do one of its actions (an evaluator writing in the journal, a team moving
a phase) gets 403. Files are only served by `document_download`, never by a media URL.
"""

import rules
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from essaim.accompaniment.enums import EvaluationMoment, ReportStatus
from essaim.accompaniment.forms.workspace import (
    DocumentForm,
    JournalForm,
    MilestoneForm,
    MilestoneStatusForm,
    PhaseMoveForm,
    ReportForm,
)
from essaim.accompaniment.models import Accompaniment, Document, EvaluationReport, Milestone, Phase
from essaim.accompaniment.selectors.workspace import (
    engagement_in_force,
    home_rows,
    possible_owners,
    schedule_gap,
    visible_accompaniments,
    workspace_content,
    workspace_queryset,
)
from essaim.accompaniment.services import evaluation as evaluation_services
from essaim.accompaniment.services import timeline as timeline_services
from essaim.accompaniment.services import workspace as workspace_services
from essaim.accompaniment.services.workspace import WorkspaceError
from essaim.applications.uploads import format_size
from essaim.applications.visibility import jury_outcome_visible, prime
from essaim.core.downloads import protected_file_response

HOME_PAGE_SIZE = 50


def _get_accompaniment(request, pk: int, perm: str | None = None) -> Accompaniment:
    accompaniment = get_object_or_404(workspace_queryset(), pk=pk)
    # The rules themselves, not `user.has_perm`: a superuser is not an evaluator.
    if not rules.has_perm("accompaniment.view_workspace", request.user, accompaniment):
        raise Http404
    if not _outcome_known(request.user, accompaniment):
        raise Http404
    if perm and not rules.has_perm(perm, request.user, accompaniment):
        raise PermissionDenied
    return accompaniment


def _outcome_known(user, accompaniment: Accompaniment) -> bool:
    """A team learns it is laureate when the results are announced, not from this space."""
    if jury_outcome_visible(accompaniment.application):
        return True
    return accompaniment.evaluator_id == user.pk or rules.has_perm(
        "accompaniment.move_phases", user, accompaniment
    )


def _crumbs(accompaniment: Accompaniment | None = None) -> list[tuple[str, str]]:
    crumbs = [(_("Accompagnement"), reverse("coaching:home"))]
    if accompaniment is not None:
        crumbs.append(
            (
                accompaniment.application.title,
                reverse("coaching:workspace", args=[accompaniment.pk]),
            )
        )
    return crumbs


def _context(accompaniment: Accompaniment, **extra) -> dict:
    application = accompaniment.application
    return {
        "accompaniment": accompaniment,
        "application": application,
        "call": application.call,
        "fund": application.call.fund,
        "breadcrumbs": _crumbs(accompaniment),
        **extra,
    }


def _back(accompaniment: Accompaniment, anchor: str = "") -> str:
    url = reverse("coaching:workspace", args=[accompaniment.pk])
    return f"{url}#{anchor}" if anchor else url


def _status(form) -> int:
    return 422 if form is not None and form.errors else 200


@login_required
@require_safe
def home(request):
    queryset, team_ids = visible_accompaniments(request.user)
    page = Paginator(queryset, HOME_PAGE_SIZE).get_page(request.GET.get("page"))
    accompaniments = list(page.object_list)
    prime([a.application for a in accompaniments])
    rows = [
        row
        for row in home_rows(request.user, accompaniments, team_ids)
        if _outcome_known(request.user, row.accompaniment)
    ]
    return render(
        request,
        "coaching/home.html",
        {
            "rows": rows,
            "page": page,
            "page_title": _("Accompagnement"),
        },
    )


@login_required
@require_safe
def workspace(request, pk: int):
    accompaniment = _get_accompaniment(request, pk)
    user = request.user
    content = workspace_content(accompaniment)
    engagement = engagement_in_force(accompaniment)
    may = {
        "write": rules.has_perm("accompaniment.write_workspace", user, accompaniment),
        "move": rules.has_perm("accompaniment.move_phases", user, accompaniment),
        "milestones": rules.has_perm("accompaniment.update_milestones", user, accompaniment),
        "view_evaluation": rules.has_perm("accompaniment.view_evaluation", user, accompaniment),
        "write_evaluation": rules.has_perm("accompaniment.write_evaluation", user, accompaniment),
    }
    reports = []
    if may["write_evaluation"] or may["view_evaluation"]:
        for moment in EvaluationMoment:
            report = content.reports.get(moment.value)
            submitted = report is not None and report.status == ReportStatus.SUBMITTED
            if submitted or may["write_evaluation"]:
                reports.append({"moment": moment, "report": report, "submitted": submitted})
    show_evaluation = bool(reports) or (
        may["view_evaluation"]
        and (
            accompaniment.application.call.has_independent_evaluation or accompaniment.evaluator_id
        )
    )
    for block in content.blocks:
        for document in block.documents:
            document.size_label = format_size(document.size) if document.size else ""
    for milestone in content.milestones:
        for document in milestone.evidence_list:
            document.size_label = format_size(document.size) if document.size else ""
    return render(
        request,
        "coaching/workspace.html",
        {
            **_context(accompaniment),
            "breadcrumbs": _crumbs(),
            "content": content,
            "may": may,
            "reports": reports,
            "show_evaluation": show_evaluation,
            "engagement": engagement,
            # for those who re-plan: an amendment moved the engagement's end past the plan
            "schedule_gap": schedule_gap(engagement, content.phases) if may["move"] else None,
            "user_pk": user.pk,
            "page_title": accompaniment.application.title,
        },
    )


# --- phases ---


def _move_phase(request, pk: int, phase_pk: int, *, complete: bool):
    accompaniment = _get_accompaniment(request, pk, "accompaniment.move_phases")
    phase = get_object_or_404(Phase, pk=phase_pk, accompaniment=accompaniment)
    phase.accompaniment = accompaniment
    phases = list(accompaniment.phases.order_by("position", "id"))
    index = next(i for i, p in enumerate(phases) if p.pk == phase.pk)
    following = phases[index + 1] if index + 1 < len(phases) else None
    label = _("Date de fin de la phase") if complete else _("Date de début de la phase")
    form = PhaseMoveForm(request.POST if request.method == "POST" else None, label=label)
    if request.method == "POST" and form.is_valid():
        try:
            if complete:
                started = timeline_services.complete_phase(
                    phase=phase, actor=request.user, on=form.cleaned_data["on"]
                )
            else:
                timeline_services.start_phase(
                    phase=phase, actor=request.user, on=form.cleaned_data["on"]
                )
                started = None
        except WorkspaceError as exc:
            form.add_error("on", str(exc))
        else:
            if complete and started is not None:
                text = _("La phase « %(done)s » est terminée ; la phase « %(next)s » commence.") % {
                    "done": phase.name,
                    "next": started.name,
                }
            elif complete:
                text = _("La phase « %(done)s » est terminée : c'était la dernière.") % {
                    "done": phase.name
                }
            else:
                text = _("La phase « %(name)s » a commencé.") % {"name": phase.name}
            messages.success(request, text)
            return redirect(_back(accompaniment, "phases"))
    title = _("Terminer la phase") if complete else _("Démarrer la phase")
    return render(
        request,
        "coaching/phase_move.html",
        _context(
            accompaniment,
            phase=phase,
            following=following,
            complete=complete,
            form=form,
            page_title=f"{title} « {phase.name} »",
        ),
        status=_status(form),
    )


@login_required
@require_http_methods(["GET", "POST"])
def phase_start(request, pk: int, phase_pk: int):
    return _move_phase(request, pk, phase_pk, complete=False)


@login_required
@require_http_methods(["GET", "POST"])
def phase_complete(request, pk: int, phase_pk: int):
    return _move_phase(request, pk, phase_pk, complete=True)


# --- milestones ---


def _milestone_form_page(request, accompaniment: Accompaniment, milestone: Milestone | None):
    phases = list(accompaniment.phases.order_by("position", "id"))
    owners = possible_owners(accompaniment)
    initial = {}
    if milestone is not None:
        initial = {
            "title": milestone.title,
            "due_on": milestone.due_on,
            "owner": milestone.owner_id,
            "phase": milestone.phase_id,
            "description": milestone.description,
        }
    elif request.GET.get("phase"):
        initial = {"phase": request.GET["phase"]}
    form = MilestoneForm(
        request.POST if request.method == "POST" else None,
        initial=initial,
        phases=phases,
        owners=owners,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        fields = {
            "actor": request.user,
            "title": data["title"],
            "due_on": data["due_on"],
            "owner": data["owner"],
            "phase": data["phase"],
            "description": data["description"],
        }
        try:
            if milestone is None:
                milestone = timeline_services.add_milestone(accompaniment=accompaniment, **fields)
                text = _("Le jalon « %s » est ajouté.")
            else:
                milestone.accompaniment = accompaniment
                milestone = timeline_services.edit_milestone(milestone=milestone, **fields)
                text = _("Le jalon « %s » est modifié.")
        except WorkspaceError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, text % milestone.title)
            return redirect(_back(accompaniment, f"milestone-{milestone.pk}"))
    title = _("Ajouter un jalon") if milestone is None else _("Modifier le jalon")
    return render(
        request,
        "coaching/milestone_form.html",
        _context(accompaniment, milestone=milestone, form=form, page_title=title),
        status=_status(form),
    )


@login_required
@require_http_methods(["GET", "POST"])
def milestone_add(request, pk: int):
    accompaniment = _get_accompaniment(request, pk, "accompaniment.move_phases")
    return _milestone_form_page(request, accompaniment, None)


def _get_milestone(accompaniment: Accompaniment, milestone_pk: int) -> Milestone:
    milestone = get_object_or_404(
        Milestone.objects.select_related("phase", "owner"),
        pk=milestone_pk,
        accompaniment=accompaniment,
    )
    milestone.accompaniment = accompaniment
    return milestone


@login_required
@require_http_methods(["GET", "POST"])
def milestone_edit(request, pk: int, milestone_pk: int):
    accompaniment = _get_accompaniment(request, pk, "accompaniment.move_phases")
    return _milestone_form_page(request, accompaniment, _get_milestone(accompaniment, milestone_pk))


@login_required
@require_http_methods(["GET", "POST"])
def milestone_status(request, pk: int, milestone_pk: int):
    accompaniment = _get_accompaniment(request, pk, "accompaniment.update_milestones")
    milestone = _get_milestone(accompaniment, milestone_pk)
    initial = {}
    if milestone.status in timeline_services.SETTABLE_STATUSES:
        initial = {"status": milestone.status, "achieved_on": milestone.achieved_on}
    form = MilestoneStatusForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            milestone = timeline_services.set_milestone_status(
                milestone=milestone,
                actor=request.user,
                status=data["status"],
                achieved_on=data["achieved_on"],
                reason=data["reason"],
            )
        except WorkspaceError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request,
                _("Le jalon « %(title)s » est maintenant : %(status)s.")
                % {"title": milestone.title, "status": milestone.get_status_display().lower()},
            )
            return redirect(_back(accompaniment, f"milestone-{milestone.pk}"))
    return render(
        request,
        "coaching/milestone_status.html",
        _context(
            accompaniment,
            milestone=milestone,
            form=form,
            page_title=_("État du jalon « %s »") % milestone.title,
        ),
        status=_status(form),
    )


def _document_page(request, accompaniment, *, milestone=None):
    phases = (
        None if milestone is not None else list(accompaniment.phases.order_by("position", "id"))
    )
    initial = {}
    if phases is not None and request.GET.get("phase"):
        initial = {"phase": request.GET["phase"]}
    form = DocumentForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
        initial=initial,
        phases=phases,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        upload = data.get("file") or None
        try:
            if milestone is not None:
                document = timeline_services.attach_evidence(
                    milestone=milestone,
                    actor=request.user,
                    title=data["title"],
                    upload=upload,
                    url="" if upload else data["url"],
                )
            else:
                document = workspace_services.add_document(
                    accompaniment=accompaniment,
                    actor=request.user,
                    title=data["title"],
                    upload=upload,
                    url="" if upload else data["url"],
                    phase=data.get("phase"),
                )
        except WorkspaceError as exc:
            form.add_error("file" if upload else "url", str(exc))
        else:
            messages.success(request, _("« %s » est ajouté.") % document.title)
            anchor = (
                f"milestone-{milestone.pk}"
                if milestone
                else (f"phase-{document.phase_id}" if document.phase_id else "other")
            )
            return redirect(_back(accompaniment, anchor))
    if milestone is not None:
        title = _("Ajouter une preuve au jalon « %s »") % milestone.title
    else:
        title = _("Ajouter un livrable")
    return render(
        request,
        "coaching/document_form.html",
        _context(accompaniment, milestone=milestone, form=form, page_title=title),
        status=_status(form),
    )


@login_required
@require_http_methods(["GET", "POST"])
def milestone_evidence(request, pk: int, milestone_pk: int):
    accompaniment = _get_accompaniment(request, pk, "accompaniment.update_milestones")
    return _document_page(
        request, accompaniment, milestone=_get_milestone(accompaniment, milestone_pk)
    )


# --- journal and documents ---


@login_required
@require_http_methods(["GET", "POST"])
def journal_add(request, pk: int):
    accompaniment = _get_accompaniment(request, pk, "accompaniment.write_workspace")
    phases = list(accompaniment.phases.order_by("position", "id"))
    initial = {"phase": request.GET["phase"]} if request.GET.get("phase") else {}
    form = JournalForm(
        request.POST if request.method == "POST" else None, initial=initial, phases=phases
    )
    if request.method == "POST" and form.is_valid():
        try:
            entry = workspace_services.add_journal_entry(
                accompaniment=accompaniment,
                actor=request.user,
                body=form.cleaned_data["body"],
                phase=form.cleaned_data["phase"],
            )
        except WorkspaceError as exc:
            form.add_error("body", str(exc))
        else:
            messages.success(request, _("Votre note est ajoutée au journal."))
            anchor = f"phase-{entry.phase_id}" if entry.phase_id else "other"
            return redirect(_back(accompaniment, anchor))
    return render(
        request,
        "coaching/journal_form.html",
        _context(accompaniment, form=form, page_title=_("Écrire dans le journal")),
        status=_status(form),
    )


@login_required
@require_http_methods(["GET", "POST"])
def document_add(request, pk: int):
    accompaniment = _get_accompaniment(request, pk, "accompaniment.write_workspace")
    return _document_page(request, accompaniment)


@login_required
@require_safe
def document_download(request, pk: int, document_pk: int):
    """A workspace's file, for those who may read the workspace; 404 for anyone else."""
    accompaniment = _get_accompaniment(request, pk)
    document = get_object_or_404(Document, pk=document_pk, accompaniment=accompaniment)
    # a download, nosniff, sandboxed (core.downloads); 404 for a link without a file
    return protected_file_response(
        document.file,
        filename=document.original_name or document.title,
        content_type=document.content_type,
    )


@login_required
@require_http_methods(["GET", "POST"])
def document_remove(request, pk: int, document_pk: int):
    accompaniment = _get_accompaniment(request, pk)
    document = get_object_or_404(Document, pk=document_pk, accompaniment=accompaniment)
    document.accompaniment = accompaniment
    if not workspace_services.may_remove_document(document, request.user):
        raise PermissionDenied
    if request.method == "POST":
        workspace_services.remove_document(document=document, actor=request.user)
        messages.success(request, _("« %s » est retiré de l'espace.") % document.title)
        return redirect(_back(accompaniment, "phases"))
    return render(
        request,
        "coaching/document_remove.html",
        _context(accompaniment, document=document, page_title=_("Retirer un document")),
    )


# --- evaluation ---


def _moment(moment: str) -> EvaluationMoment:
    if moment not in EvaluationMoment.values:
        raise Http404
    return EvaluationMoment(moment)


@login_required
@require_http_methods(["GET", "POST"])
def report_edit(request, pk: int, moment: str):
    """The evaluator's draft of one moment's report; saving it, then submitting it."""
    accompaniment = _get_accompaniment(request, pk, "accompaniment.write_evaluation")
    moment = _moment(moment)
    report = EvaluationReport.objects.filter(accompaniment=accompaniment, moment=moment).first()
    if report is not None and report.status == ReportStatus.SUBMITTED:
        return redirect(_back(accompaniment, f"evaluation-{moment.value}"))
    initial = {}
    if report is not None:
        initial = {f: getattr(report, f) for f in evaluation_services.REPORT_FIELDS}
    form = ReportForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            report = evaluation_services.save_report(
                accompaniment=accompaniment,
                actor=request.user,
                moment=moment.value,
                **{f: form.cleaned_data[f] for f in evaluation_services.REPORT_FIELDS},
            )
        except WorkspaceError as exc:
            form.add_error(None, str(exc))
        else:
            if request.POST.get("action") == "submit":
                missing = evaluation_services.missing_parts(report)
                if not missing:
                    return redirect(
                        "coaching:report_submit", pk=accompaniment.pk, moment=moment.value
                    )
                for field, label in zip(
                    evaluation_services.REPORT_FIELDS,
                    (_("Questions évaluatives"), _("Constats"), _("Recommandations")),
                    strict=True,
                ):
                    if label in missing:
                        form.add_error(
                            field, _("Complétez cette partie avant de remettre le rapport.")
                        )
            else:
                messages.success(request, _("Votre brouillon est enregistré."))
                return redirect("coaching:report_edit", pk=accompaniment.pk, moment=moment.value)
    return render(
        request,
        "coaching/report_form.html",
        _context(
            accompaniment,
            moment=moment,
            report=report,
            form=form,
            page_title=EvaluationMoment(moment).report_title,
        ),
        status=_status(form),
    )


@login_required
@require_http_methods(["GET", "POST"])
def report_submit(request, pk: int, moment: str):
    """Confirm the submission of the saved draft, restating that it is final."""
    accompaniment = _get_accompaniment(request, pk, "accompaniment.write_evaluation")
    moment = _moment(moment)
    report = EvaluationReport.objects.filter(accompaniment=accompaniment, moment=moment).first()
    if report is None or report.status == ReportStatus.SUBMITTED:
        return redirect(_back(accompaniment, f"evaluation-{moment.value}"))
    if evaluation_services.missing_parts(report):
        messages.error(request, _("Complétez les trois parties avant de remettre le rapport."))
        return redirect("coaching:report_edit", pk=accompaniment.pk, moment=moment.value)
    if request.method == "POST":
        try:
            evaluation_services.submit_report(report=report, actor=request.user)
        except WorkspaceError as exc:
            messages.error(request, str(exc))
            return redirect("coaching:report_edit", pk=accompaniment.pk, moment=moment.value)
        messages.success(
            request,
            _(
                "Votre rapport est remis : l'équipe du fonds en est avertie et l'équipe lauréate peut le lire."
            ),
        )
        return redirect(_back(accompaniment, f"evaluation-{moment.value}"))
    return render(
        request,
        "coaching/report_submit.html",
        _context(
            accompaniment,
            moment=moment,
            report=report,
            page_title=_("Remettre le rapport"),
        ),
    )
