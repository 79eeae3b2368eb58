"""The reciprocal engagement for the laureate's team: reading it, signing it for the team,
downloading its PDF.

The team reads a version once the fund has signed it (before that it is the fund's draft,
and the dossier page only says it is being prepared). Anyone outside the dossier gets 404.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from essaim.accompaniment.engagement_pdf import PdfUnavailable, render_engagement_pdf
from essaim.accompaniment.enums import EngagementStatus, SignatureSide
from essaim.accompaniment.forms.engagements import SignatureForm
from essaim.accompaniment.models import Engagement
from essaim.accompaniment.selectors.engagements import (
    application_engagements,
    engagement_detail_queryset,
    signature_of,
)
from essaim.accompaniment.services import engagements as services
from essaim.applications.visibility import jury_outcome_visible

from ..access import get_application_for


def _team_engagement(request, pk: int, engagement_pk: int) -> Engagement:
    application = get_application_for(request, pk)
    if not jury_outcome_visible(application):
        raise Http404  # the team does not know yet that it is a laureate
    engagement = get_object_or_404(
        engagement_detail_queryset(), pk=engagement_pk, application=application
    )
    if not request.user.has_perm("accompaniment.view_engagement", engagement):
        raise Http404
    if engagement.status == EngagementStatus.DRAFT and not signature_of(
        engagement, SignatureSide.FUND
    ):
        raise Http404  # still the fund's working draft
    return engagement


def _context(engagement: Engagement) -> dict:
    application = engagement.application
    return {
        "engagement": engagement,
        "application": application,
        "call": application.call,
        "fund": application.call.fund,
        "fund_signature": signature_of(engagement, SignatureSide.FUND),
        "team_signature": signature_of(engagement, SignatureSide.TEAM),
    }


def _awaits_team(engagement: Engagement) -> bool:
    return (
        engagement.status == EngagementStatus.DRAFT
        and signature_of(engagement, SignatureSide.FUND) is not None
        and signature_of(engagement, SignatureSide.TEAM) is None
    )


@login_required
@require_GET
def engagement_detail(request, pk: int, engagement_pk: int):
    engagement = _team_engagement(request, pk, engagement_pk)
    versions = [
        v
        for v in application_engagements(engagement.application)
        if v.status != EngagementStatus.DRAFT or signature_of(v, SignatureSide.FUND)
    ]
    return render(
        request,
        "portal/engagements/engagement_detail.html",
        {
            **_context(engagement),
            "versions": versions,
            "can_sign": _awaits_team(engagement)
            and request.user.has_perm("accompaniment.sign_for_team", engagement),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def engagement_sign(request, pk: int, engagement_pk: int):
    """The team's signature, on a page that restates what signing means."""
    engagement = _team_engagement(request, pk, engagement_pk)
    if not request.user.has_perm("accompaniment.sign_for_team", engagement):
        raise PermissionDenied
    if not _awaits_team(engagement):
        messages.error(request, _("Cet engagement n'attend pas la signature de votre équipe."))
        return redirect(
            "portal:engagement_detail", pk=engagement.application_id, engagement_pk=engagement.pk
        )
    posted = request.method == "POST"
    form = SignatureForm(
        request.POST if posted else None,
        initial={
            "signer_name": request.user.full_name,
            "signer_function": getattr(request.user, "job_title", ""),
        },
    )
    if posted and form.is_valid():
        try:
            services.engagement_sign(
                engagement=engagement,
                actor=request.user,
                side=SignatureSide.TEAM,
                signer_name=form.cleaned_data["signer_name"],
                signer_function=form.cleaned_data["signer_function"],
            )
        except ValidationError as error:
            for field, errors in getattr(error, "error_dict", {None: error.error_list}).items():
                for item in errors:
                    form.add_error(field if field in form.fields else None, item)
        else:
            messages.success(
                request,
                _("Vous avez signé l'engagement pour votre équipe : il est désormais en vigueur."),
            )
            return redirect(
                "portal:engagement_detail",
                pk=engagement.application_id,
                engagement_pk=engagement.pk,
            )
    return render(
        request,
        "portal/engagements/engagement_sign.html",
        {**_context(engagement), "form": form},
        status=422 if posted else 200,
    )


@login_required
@require_GET
def engagement_pdf(request, pk: int, engagement_pk: int):
    engagement = _team_engagement(request, pk, engagement_pk)
    try:
        filename, content = render_engagement_pdf(engagement=engagement)
    except PdfUnavailable as exc:
        return render(
            request,
            "portal/engagements/pdf_unavailable.html",
            {**_context(engagement), "reason": str(exc)},
            status=503,
        )
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response
