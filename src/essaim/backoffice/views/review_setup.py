"""Setting up a call's reviews: its review stages and their criteria, and the pool of
reviewers and jurors invited by e-mail."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from essaim.funds.enums import FundRole
from essaim.funds.models import Call, Invitation
from essaim.funds.selectors import managed_calls
from essaim.review.enums import ReviewStatus
from essaim.review.forms.setup import (
    CriterionForm,
    InvitationForm,
    ReviewStageCreateForm,
    ReviewStageForm,
)
from essaim.review.models import Criterion, ReviewStage
from essaim.review.selectors.assignment import call_invitations, call_pool
from essaim.review.services import invitations as invitation_services
from essaim.review.services import stages as stage_services

from ..access import backoffice_view, get_call
from ..forms import add_service_errors
from . import invitation_actions

PERM = "review.manage_selection"


# --- loading objects for the person asking ------------------------------------------------


def get_selection_call(request, pk: int) -> Call:
    return get_call(request, pk, perm=PERM)


def get_call_object(request, queryset, pk: int, call_path: str = "call"):
    """An object of a call the person manages (404 otherwise), checked against the rule."""
    obj = get_object_or_404(
        queryset.filter(**{f"{call_path}__in": managed_calls(request.user)}), pk=pk
    )
    call = obj
    for part in call_path.split("__"):
        call = getattr(call, part)
    if not request.user.has_perm(PERM, call):
        raise PermissionDenied
    return obj


def get_stage(request, pk: int) -> ReviewStage:
    return get_call_object(request, ReviewStage.objects.select_related("call__fund"), pk)


def call_crumbs(call: Call, *, with_stages: bool = True) -> list[tuple[str, str]]:
    crumbs = [
        (_("Gestion"), reverse("backoffice:home")),
        (call.title, reverse("backoffice:call_detail", args=[call.pk])),
    ]
    if with_stages:
        crumbs.append((_("Évaluation"), reverse("backoffice:review_stages", args=[call.pk])))
    return crumbs


def stage_crumbs(stage: ReviewStage) -> list[tuple[str, str]]:
    return [
        *call_crumbs(stage.call),
        (stage.display_title, reverse("backoffice:review_stage_detail", args=[stage.pk])),
    ]


def _context(call: Call, **extra) -> dict:
    return {"call": call, "current_fund": call.fund, **extra}


# --- stages -------------------------------------------------------------------------------


@backoffice_view
def review_stages(request, pk: int):
    call = get_selection_call(request, pk)
    stages = (
        ReviewStage.objects.filter(call=call)
        .annotate(
            n_criteria=Count("criteria", distinct=True),
            n_assignments=Count("assignments", distinct=True),
            n_submitted=Count(
                "assignments",
                filter=Q(assignments__review__status=ReviewStatus.SUBMITTED),
                distinct=True,
            ),
        )
        .order_by("position", "id")
    )
    return render(
        request,
        "backoffice/review_setup/stages.html",
        _context(
            call,
            stages=stages,
            can_add=len(stages) < 3,
            page_title=_("Étapes d'évaluation et critères"),
            breadcrumbs=call_crumbs(call, with_stages=False),
        ),
    )


@backoffice_view
@require_http_methods(["GET", "POST"])
def review_stage_create(request, pk: int):
    call = get_selection_call(request, pk)
    used = set(call.review_stages.values_list("kind", flat=True))
    form = ReviewStageCreateForm(
        request.POST if request.method == "POST" else None, used_kinds=used
    )
    if request.method == "POST" and form.is_valid():
        try:
            stage = stage_services.stage_create(
                call=call,
                actor=request.user,
                data=form.service_data(),
                criteria_set=form.cleaned_data["criteria_set"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("L'étape « %s » est créée.") % stage.display_title)
            return redirect("backoffice:review_stage_detail", stage_pk=stage.pk)
    return render(
        request,
        "backoffice/review_setup/stage_form.html",
        _context(
            call,
            form=form,
            creating=True,
            page_title=_("Nouvelle étape d'évaluation"),
            breadcrumbs=call_crumbs(call),
        ),
    )


@backoffice_view
def review_stage_detail(request, stage_pk: int):
    stage = get_stage(request, stage_pk)
    return _stage_page(request, stage, CriterionForm())


def _stage_page(request, stage: ReviewStage, criterion_form: CriterionForm):
    call = stage.call
    return render(
        request,
        "backoffice/review_setup/stage_detail.html",
        _context(
            call,
            stage=stage,
            criteria=list(stage.criteria.all()),
            has_reviews=stage_services.stage_has_reviews(stage),
            form=criterion_form,
            page_title=stage.display_title,
            breadcrumbs=call_crumbs(call),
        ),
    )


@backoffice_view
@require_http_methods(["GET", "POST"])
def review_stage_edit(request, stage_pk: int):
    stage = get_stage(request, stage_pk)
    call = stage.call
    used = set(call.review_stages.values_list("kind", flat=True))
    form = ReviewStageForm(
        request.POST if request.method == "POST" else None, stage=stage, used_kinds=used
    )
    if request.method == "POST" and form.is_valid():
        try:
            stage_services.stage_update(stage=stage, actor=request.user, data=form.service_data())
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("L'étape « %s » est enregistrée.") % stage.display_title)
            return redirect("backoffice:review_stage_detail", stage_pk=stage.pk)
    return render(
        request,
        "backoffice/review_setup/stage_form.html",
        _context(
            call,
            stage=stage,
            form=form,
            creating=False,
            page_title=_("Modifier l'étape"),
            breadcrumbs=stage_crumbs(stage),
        ),
    )


@backoffice_view
@require_http_methods(["GET", "POST"])
def review_stage_delete(request, stage_pk: int):
    stage = get_stage(request, stage_pk)
    call = stage.call
    has_reviews = stage_services.stage_has_reviews(stage)
    if request.method == "POST":
        try:
            stage_services.stage_delete(stage=stage, actor=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect("backoffice:review_stage_detail", stage_pk=stage.pk)
        messages.success(request, _("L'étape « %s » est supprimée.") % stage.display_title)
        return redirect("backoffice:review_stages", pk=call.pk)
    return render(
        request,
        "backoffice/review_setup/stage_delete.html",
        _context(
            call,
            stage=stage,
            has_reviews=has_reviews,
            assignment_count=stage.assignments.count(),
            page_title=_("Supprimer l'étape"),
            breadcrumbs=stage_crumbs(stage),
        ),
    )


# --- criteria -----------------------------------------------------------------------------


def _get_criterion(request, pk: int) -> Criterion:
    return get_call_object(
        request, Criterion.objects.select_related("stage__call__fund"), pk, "stage__call"
    )


@backoffice_view
@require_http_methods(["GET", "POST"])
def criterion_create(request, stage_pk: int):
    stage = get_stage(request, stage_pk)
    form = CriterionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            criterion = stage_services.criterion_add(
                stage=stage, actor=request.user, data=form.service_data()
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Le critère « %s » est ajouté.") % criterion.label)
            return redirect("backoffice:review_stage_detail", stage_pk=stage.pk)
    return _stage_page(request, stage, form)


@backoffice_view
@require_http_methods(["GET", "POST"])
def criterion_edit(request, criterion_pk: int):
    criterion = _get_criterion(request, criterion_pk)
    stage = criterion.stage
    form = CriterionForm(request.POST if request.method == "POST" else None, criterion=criterion)
    if request.method == "POST" and form.is_valid():
        try:
            stage_services.criterion_update(
                criterion=criterion, actor=request.user, data=form.service_data()
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Le critère « %s » est enregistré.") % criterion.label)
            return redirect("backoffice:review_stage_detail", stage_pk=stage.pk)
    return render(
        request,
        "backoffice/review_setup/criterion_form.html",
        _context(
            stage.call,
            stage=stage,
            criterion=criterion,
            form=form,
            has_reviews=stage_services.stage_has_reviews(stage),
            page_title=_("Modifier le critère"),
            breadcrumbs=stage_crumbs(stage),
        ),
    )


@backoffice_view
@require_http_methods(["GET", "POST"])
def criterion_delete(request, criterion_pk: int):
    criterion = _get_criterion(request, criterion_pk)
    stage = criterion.stage
    if request.method == "POST":
        try:
            stage_services.criterion_delete(criterion=criterion, actor=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Le critère « %s » est supprimé.") % criterion.label)
        return redirect("backoffice:review_stage_detail", stage_pk=stage.pk)
    return render(
        request,
        "backoffice/review_setup/criterion_delete.html",
        _context(
            stage.call,
            stage=stage,
            criterion=criterion,
            page_title=_("Supprimer le critère"),
            breadcrumbs=stage_crumbs(stage),
        ),
    )


@backoffice_view
@require_POST
def criterion_move(request, criterion_pk: int):
    criterion = _get_criterion(request, criterion_pk)
    try:
        stage_services.criterion_move(
            criterion=criterion, actor=request.user, direction=request.POST.get("direction", "")
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Le critère « %s » est déplacé.") % criterion.label)
    return redirect(
        reverse("backoffice:review_stage_detail", args=[criterion.stage_id]) + "#criteria"
    )


# --- the pool: invitations and members ----------------------------------------------------


@backoffice_view
@require_http_methods(["GET", "POST"])
def review_pool(request, pk: int):
    call = get_selection_call(request, pk)
    form = InvitationForm(request.POST if request.method == "POST" else None)
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
            return redirect("backoffice:review_pool", pk=call.pk)
    members = call_pool(call)
    return render(
        request,
        "backoffice/review_setup/pool.html",
        _context(
            call,
            form=form,
            invitations=list(call_invitations(call)),
            reviewers=[m for m in members if m.membership.role == FundRole.REVIEWER],
            jurors=[m for m in members if m.membership.role == FundRole.JUROR],
            page_title=_("Évaluateurs et jurés"),
            breadcrumbs=call_crumbs(call),
        ),
    )


def _get_invitation(request, pk: int) -> Invitation:
    return get_call_object(request, Invitation.objects.select_related("call__fund"), pk)


@backoffice_view
@require_POST
def invitation_resend(request, invitation_pk: int):
    invitation = _get_invitation(request, invitation_pk)
    return invitation_actions.resend(request, invitation, back="backoffice:review_pool")


@backoffice_view
@require_POST
def invitation_revoke(request, invitation_pk: int):
    invitation = _get_invitation(request, invitation_pk)
    return invitation_actions.revoke(request, invitation, back="backoffice:review_pool")
