"""The reviewer's workspace: their dossiers per call and stage, one dossier with its scoring
form, its attachments, and declaring a conflict of interest.

Default-deny: a dossier is reached only through one of the person's own assignments and
only while no conflict of interest stands (`review.view_assignment`); anyone else gets 404,
so that nothing leaks, not even a dossier's existence.
"""

from pathlib import PurePosixPath

import rules
from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_safe

from essaim.applications.models import Attachment
from essaim.core.downloads import protected_file_response
from essaim.review.enums import ReviewStatus
from essaim.review.forms.scoring import ScoringForm
from essaim.review.models import Assignment
from essaim.review.selectors.workspace import (
    assignment_page_queryset,
    dossier_label,
    may_see_other_reviews,
    next_assignment,
    other_reviews,
    reviewer_workspace,
)
from essaim.review.services import conflicts
from essaim.review.services.reviews import (
    ReviewError,
    missing_criteria,
    save_review,
    scoring_closed_reason,
)


def _get_assignment(request, pk: int, queryset=None) -> Assignment:
    queryset = queryset if queryset is not None else Assignment.objects.select_related("stage")
    assignment = get_object_or_404(queryset, pk=pk, reviewer=request.user)
    # The rule itself, not `user.has_perm`: Django grants a superuser every permission, and a
    # platform admin who reviews must be kept out by a conflict like anyone else.
    if not rules.has_perm("review.view_assignment", request.user, assignment):
        raise Http404
    return assignment


def _crumbs():
    return [(_("Mes évaluations"), reverse("reviewers:home"))]


@login_required
@require_safe
def home(request):
    workspaces = reviewer_workspace(request.user)
    if not workspaces:
        raise PermissionDenied
    return render(
        request,
        "reviewers/home.html",
        {"workspaces": workspaces, "page_title": _("Mes évaluations")},
    )


def _review_rows(review, criteria) -> list[dict]:
    """The person's own review read back: each criterion with its note and comment."""
    scores = {score.criterion_id: score for score in review.scores.all()}
    return [{"criterion": c, "score": scores.get(c.pk)} for c in criteria]


@login_required
@require_http_methods(["GET", "POST"])
def assignment_detail(request, pk: int):
    assignment = _get_assignment(request, pk, assignment_page_queryset(request.user))
    stage, application = assignment.stage, assignment.application
    criteria = list(stage.criteria.all())
    review = getattr(assignment, "review", None)
    closed_reason = scoring_closed_reason(stage)
    submitted = review is not None and review.status == ReviewStatus.SUBMITTED
    editable = not submitted and not closed_reason

    form = None
    if editable:
        form = ScoringForm(
            request.POST if request.method == "POST" else None,
            stage=stage,
            criteria=criteria,
            review=review,
        )
    if request.method == "POST":
        if form is None or not rules.has_perm("review.score_assignment", request.user, assignment):
            messages.error(
                request,
                closed_reason
                or _("Cette évaluation a déjà été rendue : elle ne peut plus être modifiée."),
            )
            return redirect("reviewers:assignment", pk=assignment.pk)
        submit = request.POST.get("action") == "submit"
        if form.is_valid() and submit:
            missing = missing_criteria(criteria, form.score_data())
            if missing:
                form.add_review_error(ReviewError("", missing=missing))
        if form.is_valid():
            # Submitting first saves the draft, then asks for confirmation on its own page:
            # a submitted review can no longer be changed.
            try:
                save_review(
                    assignment=assignment,
                    scores=form.score_data(),
                    comment=form.cleaned_data["comment"],
                    comment_for_applicant=form.cleaned_data.get("comment_for_applicant", ""),
                    submit=False,
                    actor=request.user,
                )
            except ReviewError as error:
                form.add_review_error(error)
            else:
                if submit:
                    return redirect("reviewers:submit", pk=assignment.pk)
                messages.success(request, _("Votre brouillon est enregistré."))
                return redirect("reviewers:assignment", pk=assignment.pk)

    criteria_by_pk = {c.pk: c for c in criteria}
    others = []
    if may_see_other_reviews(stage, review):
        others = [
            {
                "label": other.label,
                "review": other.review,
                "rows": [
                    {"criterion": criteria_by_pk.get(s.criterion_id), "score": s}
                    for s in other.review.score_list
                    if s.criterion_id in criteria_by_pk
                ],
            }
            for other in other_reviews(assignment)
        ]
    label = dossier_label(stage, application)
    return render(
        request,
        "reviewers/assignment.html",
        {
            "assignment": assignment,
            "stage": stage,
            "call": stage.call,
            "application": application,
            "anonymous": not stage.shows_applicant_names,
            "label": label,
            "review": review,
            "submitted": submitted,
            "closed_reason": closed_reason,
            "form": form,
            "own_rows": _review_rows(review, criteria) if review is not None else [],
            "others": others,
            "others_visible": may_see_other_reviews(stage, review),
            "next_pk": next_assignment(assignment),
            "page_title": label,
            "breadcrumbs": _crumbs(),
        },
        status=422 if form is not None and form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def submit_review(request, pk: int):
    """Confirm the submission of the saved draft, restating that it is final."""
    assignment = _get_assignment(request, pk, assignment_page_queryset(request.user))
    stage = assignment.stage
    review = getattr(assignment, "review", None)
    if review is None or review.status == ReviewStatus.SUBMITTED or scoring_closed_reason(stage):
        return redirect("reviewers:assignment", pk=assignment.pk)
    criteria = list(stage.criteria.all())
    if request.method == "GET":
        # Reached by its address with a half-scored draft: say so on the scoring form rather
        # than offer a confirmation that would be refused.
        saved = {score.criterion_id: (score.value, "") for score in review.scores.all()}
        if missing_criteria(criteria, saved):
            messages.error(
                request, _("Donnez une note à chaque critère avant de rendre l'évaluation.")
            )
            return redirect(reverse("reviewers:assignment", args=[assignment.pk]) + "#evaluation")
    if request.method == "POST":
        try:
            save_review(
                assignment=assignment,
                scores={},
                comment=review.comment,
                comment_for_applicant=review.comment_for_applicant,
                submit=True,
                actor=request.user,
            )
        except ReviewError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Votre évaluation est rendue. Merci !"))
        return redirect("reviewers:assignment", pk=assignment.pk)
    label = dossier_label(stage, assignment.application)
    return render(
        request,
        "reviewers/submit_confirm.html",
        {
            "assignment": assignment,
            "stage": stage,
            "call": stage.call,
            "label": label,
            "review": review,
            "own_rows": _review_rows(review, criteria),
            "page_title": _("Rendre l'évaluation"),
            "breadcrumbs": [
                *_crumbs(),
                (label, reverse("reviewers:assignment", args=[assignment.pk])),
            ],
        },
    )


def _anonymous_filename(attachment: Attachment, position: int) -> str:
    suffix = PurePosixPath(attachment.original_name).suffix.lower()[:10]
    return _("piece-jointe-%(n)s") % {"n": position} + suffix


@login_required
@require_safe
def attachment_download(request, pk: int, attachment_pk: int):
    """A file of an assigned dossier, for its reviewer only; under an anonymous name when
    the stage hides who applied."""
    assignment = _get_assignment(request, pk)
    attachment = get_object_or_404(
        Attachment, pk=attachment_pk, application_id=assignment.application_id
    )
    filename = attachment.original_name
    if not assignment.stage.shows_applicant_names:
        order = list(
            Attachment.objects.filter(application_id=assignment.application_id)
            .order_by("created_at", "id")
            .values_list("pk", flat=True)
        )
        filename = _anonymous_filename(attachment, order.index(attachment.pk) + 1)
    # a download, nosniff, sandboxed (core.downloads)
    return protected_file_response(
        attachment.file, filename=filename, content_type=attachment.content_type
    )


class ConflictForm(forms.Form):
    details = forms.CharField(
        label=gettext_lazy("Précisions"),
        help_text=gettext_lazy(
            "Par exemple : « Je travaille avec l'un des membres de l'équipe. » "
            "Seule l'équipe du fonds les lit."
        ),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["details"].hide_optional = False


@login_required
@require_http_methods(["GET", "POST"])
def declare_conflict(request, pk: int):
    assignment = _get_assignment(
        request, pk, Assignment.objects.select_related("stage__call__fund", "application")
    )
    form = ConflictForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        conflicts.declare_conflict(
            application=assignment.application,
            person=request.user,
            details=form.cleaned_data["details"],
        )
        messages.success(
            request,
            _(
                "Votre conflit d'intérêts est enregistré : le dossier est retiré de votre liste "
                "et l'équipe du fonds voit votre déclaration."
            ),
        )
        return redirect("reviewers:home")
    label = dossier_label(assignment.stage, assignment.application)
    return render(
        request,
        "reviewers/declare_conflict.html",
        {
            "assignment": assignment,
            "stage": assignment.stage,
            "call": assignment.stage.call,
            "label": label,
            "form": form,
            "page_title": _("Déclarer un conflit d'intérêts"),
            "breadcrumbs": [
                *_crumbs(),
                (label, reverse("reviewers:assignment", args=[assignment.pk])),
            ],
        },
    )
