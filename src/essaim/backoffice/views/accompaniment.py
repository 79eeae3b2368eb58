"""Staff set-up of a call's accompaniment: the template of phases, the cohorts, the coaches
and evaluators invited by e-mail, placing each laureate, finishing an accompaniment.

Default-deny: every lookup starts from the calls the person manages and checks
`accompaniment.manage_call`; anyone else (another fund's staff, a coach, an evaluator, a
laureate's team, an outsider) gets 404, so that nothing leaks.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from essaim.accompaniment.enums import PhaseStatus
from essaim.accompaniment.forms.setup import (
    AccompanimentInvitationForm,
    CohortForm,
    FinishForm,
    PhaseTemplateForm,
    PlacementForm,
)
from essaim.accompaniment.models import Accompaniment, Cohort, PhaseTemplate
from essaim.accompaniment.selectors.setup import (
    accompaniment_invitations,
    call_accompaniment,
    call_people,
    placement_choices,
)
from essaim.accompaniment.services import setup as services
from essaim.applications.enums import ApplicationState
from essaim.applications.models import Application
from essaim.funds.models import Call, Invitation
from essaim.funds.selectors import managed_calls
from essaim.review.services import invitations as invitation_services

from ..forms import add_service_errors
from . import invitation_actions

PERM = "accompaniment.manage_call"


# --- loading objects for the person asking ------------------------------------------------


def _call_object(request, queryset, pk: int, call_path: str = "call"):
    """An object of a call the person manages and may run the accompaniment of; 404 else."""
    obj = get_object_or_404(
        queryset.filter(**{f"{call_path}__in": managed_calls(request.user)}), pk=pk
    )
    call = obj
    for part in call_path.split("__"):
        call = getattr(call, part)
    if not request.user.has_perm(PERM, call):
        raise Http404
    return obj


def _get_call(request, pk: int) -> Call:
    call = get_object_or_404(managed_calls(request.user), pk=pk)
    if not request.user.has_perm(PERM, call):
        raise Http404
    return call


def _get_laureate(request, pk: int) -> Application:
    return _call_object(
        request,
        Application.objects.filter(state__in=ApplicationState.selected()).select_related(
            "call__fund"
        ),
        pk,
    )


def _crumbs(call: Call, *, with_page: bool = True) -> list[tuple[str, str]]:
    crumbs = [
        (_("Gestion"), reverse("backoffice:home")),
        (call.title, reverse("backoffice:call_detail", args=[call.pk])),
    ]
    if with_page:
        crumbs.append(
            (_("Accompagnement"), reverse("backoffice:call_accompaniment", args=[call.pk]))
        )
    return crumbs


def _context(call: Call, **extra) -> dict:
    return {"call": call, "current_fund": call.fund, **extra}


def _back(call: Call, anchor: str = "") -> str:
    url = reverse("backoffice:call_accompaniment", args=[call.pk])
    return f"{url}#{anchor}" if anchor else url


def _placement_form(call: Call, choices, application: Application, data=None, accompaniment=None):
    """`choices` has the call's `cohorts`, `coaches` and `evaluators`, loaded once."""
    return PlacementForm(
        data,
        cohorts=choices.cohorts,
        coaches=choices.coaches,
        evaluators=choices.evaluators,
        coach_required=services.coach_required(call),
        with_evaluator=call.has_independent_evaluation,
        accompaniment=accompaniment,
        auto_id=f"id_{application.pk}_%s",
    )


# --- the call's accompaniment page --------------------------------------------------------


@login_required
def call_accompaniment_page(request, pk: int):
    call = _get_call(request, pk)
    page = call_accompaniment(call)
    for row in page.laureates:
        if row.accompaniment is None and row.application.state == ApplicationState.LAUREATE:
            row.form = _placement_form(call, page, row.application)
    return render(
        request,
        "backoffice/accompaniment/call.html",
        _context(
            call,
            page=page,
            counts=page.counts(),
            coach_required=services.coach_required(call),
            page_title=_("Accompagnement des lauréats"),
            breadcrumbs=_crumbs(call, with_page=False),
        ),
    )


# --- the template of phases ---------------------------------------------------------------


@login_required
@require_POST
def template_default(request, pk: int):
    call = _get_call(request, pk)
    try:
        services.apply_default_template(call=call, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Les quatre phases du modèle par défaut sont ajoutées."))
    return redirect(_back(call, "template"))


def _get_phase(request, pk: int) -> PhaseTemplate:
    return _call_object(request, PhaseTemplate.objects.select_related("call__fund"), pk)


def _phase_form_page(request, call, form, *, phase=None):
    return render(
        request,
        "backoffice/accompaniment/phase_form.html",
        _context(
            call,
            form=form,
            phase=phase,
            page_title=_("Modifier la phase") if phase else _("Ajouter une phase"),
            breadcrumbs=_crumbs(call),
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def phase_create(request, pk: int):
    call = _get_call(request, pk)
    form = PhaseTemplateForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            phase = services.phase_template_add(call=call, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("La phase « %s » est ajoutée.") % phase.name)
            return redirect(_back(call, "template"))
    return _phase_form_page(request, call, form)


@login_required
@require_http_methods(["GET", "POST"])
def phase_edit(request, phase_pk: int):
    phase = _get_phase(request, phase_pk)
    form = PhaseTemplateForm(request.POST if request.method == "POST" else None, phase=phase)
    if request.method == "POST" and form.is_valid():
        try:
            services.phase_template_update(phase=phase, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("La phase « %s » est enregistrée.") % phase.name)
            return redirect(_back(phase.call, "template"))
    return _phase_form_page(request, phase.call, form, phase=phase)


@login_required
@require_http_methods(["GET", "POST"])
def phase_delete(request, phase_pk: int):
    phase = _get_phase(request, phase_pk)
    call = phase.call
    if request.method == "POST":
        services.phase_template_delete(phase=phase, actor=request.user)
        messages.success(request, _("La phase « %s » est retirée du modèle.") % phase.name)
        return redirect(_back(call, "template"))
    return render(
        request,
        "backoffice/accompaniment/phase_delete.html",
        _context(
            call,
            phase=phase,
            started=Accompaniment.objects.filter(application__call=call).count(),
            page_title=_("Retirer la phase"),
            breadcrumbs=_crumbs(call),
        ),
    )


@login_required
@require_POST
def phase_move(request, phase_pk: int):
    phase = _get_phase(request, phase_pk)
    try:
        services.phase_template_move(
            phase=phase, actor=request.user, direction=request.POST.get("direction", "")
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("La phase « %s » est déplacée.") % phase.name)
    return redirect(_back(phase.call, "template"))


# --- cohorts ------------------------------------------------------------------------------


def _cohort_form_page(request, call, form, *, cohort=None):
    return render(
        request,
        "backoffice/accompaniment/cohort_form.html",
        _context(
            call,
            form=form,
            cohort=cohort,
            page_title=_("Modifier la cohorte") if cohort else _("Nouvelle cohorte"),
            breadcrumbs=_crumbs(call),
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def cohort_create(request, pk: int):
    call = _get_call(request, pk)
    form = CohortForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            cohort = services.cohort_create(call=call, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("La cohorte « %s » est créée.") % cohort.name)
            return redirect(_back(call, "cohorts"))
    return _cohort_form_page(request, call, form)


@login_required
@require_http_methods(["GET", "POST"])
def cohort_edit(request, cohort_pk: int):
    cohort = _call_object(request, Cohort.objects.select_related("call__fund"), cohort_pk)
    form = CohortForm(request.POST if request.method == "POST" else None, cohort=cohort)
    if request.method == "POST" and form.is_valid():
        try:
            services.cohort_update(cohort=cohort, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("La cohorte « %s » est enregistrée.") % cohort.name)
            return redirect(_back(cohort.call, "cohorts"))
    return _cohort_form_page(request, cohort.call, form, cohort=cohort)


# --- coaches and evaluators ---------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def people(request, pk: int):
    call = _get_call(request, pk)
    form = AccompanimentInvitationForm(
        request.POST if request.method == "POST" else None,
        with_evaluator=call.has_independent_evaluation,
    )
    if request.method == "POST" and form.is_valid():
        try:
            invitation = invitation_services.invite(
                call=call,
                actor=request.user,
                email=form.cleaned_data["email"],
                full_name=form.cleaned_data["full_name"],
                role=form.cleaned_data["role"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("L'invitation est envoyée à %s.") % invitation.email)
            return redirect("backoffice:accompaniment_people", pk=call.pk)
    coaches, evaluators = call_people(call)
    return render(
        request,
        "backoffice/accompaniment/people.html",
        _context(
            call,
            form=form,
            coaches=coaches,
            evaluators=evaluators,
            invitations=accompaniment_invitations(call),
            page_title=_("Accompagnants et évaluateurs"),
            breadcrumbs=_crumbs(call),
        ),
    )


def _get_invitation(request, pk: int) -> Invitation:
    invitation = _call_object(request, Invitation.objects.select_related("call__fund"), pk)
    if invitation.role not in invitation_services.ACCOMPANIMENT_ROLES:
        raise Http404
    return invitation


@login_required
@require_POST
def invitation_resend(request, invitation_pk: int):
    invitation = _get_invitation(request, invitation_pk)
    return invitation_actions.resend(request, invitation, back="backoffice:accompaniment_people")


@login_required
@require_POST
def invitation_revoke(request, invitation_pk: int):
    invitation = _get_invitation(request, invitation_pk)
    return invitation_actions.revoke(request, invitation, back="backoffice:accompaniment_people")


# --- one laureate: placing, changing, finishing -------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def placement(request, pk: int):
    """Start a laureate's accompaniment, or change its cohort, coach or evaluator."""
    application = _get_laureate(request, pk)
    call = application.call
    accompaniment = (
        Accompaniment.objects.select_related("cohort", "coach", "evaluator")
        .filter(application=application)
        .first()
    )
    if application.state == ApplicationState.ACCOMPANIED:
        messages.error(request, _("Cet accompagnement est terminé : il ne change plus."))
        return redirect(_back(call, "laureates"))
    choices = placement_choices(call)
    form = _placement_form(
        call,
        choices,
        application,
        request.POST if request.method == "POST" else None,
        accompaniment=accompaniment,
    )
    if request.method == "POST" and form.is_valid():
        try:
            if accompaniment is None:
                services.start_accompaniment(
                    application=application, actor=request.user, **form.objects()
                )
                done = _("L'accompagnement de « %s » commence.")
            else:
                services.change_accompaniment(
                    accompaniment=accompaniment, actor=request.user, **form.objects()
                )
                done = _("L'accompagnement de « %s » est mis à jour.")
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, done % application.title)
            return redirect(_back(call, "laureates"))
    return render(
        request,
        "backoffice/accompaniment/placement.html",
        _context(
            call,
            application=application,
            accompaniment=accompaniment,
            form=form,
            has_phases=choices.has_phases,
            page_title=_("Modifier l'accompagnement")
            if accompaniment
            else _("Démarrer l'accompagnement"),
            breadcrumbs=_crumbs(call),
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def finish(request, pk: int):
    application = _get_laureate(request, pk)
    call = application.call
    accompaniment = Accompaniment.objects.filter(application=application).first()
    if accompaniment is None or application.state != ApplicationState.IN_ACCOMPANIMENT:
        messages.error(request, _("Cet accompagnement n'est pas en cours."))
        return redirect(_back(call, "laureates"))
    phases = list(accompaniment.phases.order_by("position", "id"))
    unfinished = [phase for phase in phases if phase.status != PhaseStatus.DONE]
    form = FinishForm(
        request.POST if request.method == "POST" else None, unfinished=bool(unfinished)
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.finish_accompaniment(
                accompaniment=accompaniment,
                actor=request.user,
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request, _("L'accompagnement de « %s » est terminé.") % application.title
            )
            return redirect("backoffice:application_detail", pk=application.pk)
    return render(
        request,
        "backoffice/accompaniment/finish.html",
        _context(
            call,
            application=application,
            form=form,
            phases=phases,
            unfinished=unfinished,
            page_title=_("Terminer l'accompagnement"),
            breadcrumbs=_crumbs(call),
        ),
    )
