"""Reciprocal engagements for staff: preparing a laureate's engagement, signing it for the
fund, recording payments, amending it, its PDF, and the call's envelope.

Anyone but the staff of the dossier's fund (or a platform admin) is answered 404: a team,
a coach, a reviewer or an outsider learns nothing, not even that the engagement exists.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from essaim.accompaniment.engagement_pdf import PdfUnavailable, render_engagement_pdf
from essaim.accompaniment.enums import EngagementStatus, SignatureSide
from essaim.accompaniment.forms.engagements import (
    AmendmentForm,
    EngagementForm,
    PaymentForm,
    SignatureForm,
    indicator_formset_class,
    tranche_formset_class,
)
from essaim.accompaniment.models import Engagement, Tranche
from essaim.accompaniment.selectors.engagements import (
    application_engagements,
    current_engagement,
    engagement_detail_queryset,
    signature_of,
)
from essaim.accompaniment.selectors.engagements import call_envelope as envelope_of
from essaim.accompaniment.services import engagements as services
from essaim.applications.enums import ApplicationState
from essaim.applications.models import Application
from essaim.core.audit import record
from essaim.funds.selectors import managed_calls

from ..forms import ErrorSummary, add_service_errors, silence

MANAGE = "accompaniment.manage_engagement"
ADDABLE = ("indicators", "tranches")
MAX_ROWS = 30


def _staff_application(request, pk: int) -> Application:
    application = get_object_or_404(
        Application.objects.select_related("call__fund").filter(
            call__in=managed_calls(request.user)
        ),
        pk=pk,
    )
    if not request.user.has_perm(MANAGE, application):
        raise Http404
    return application


def _staff_engagement(request, pk: int) -> Engagement:
    engagement = get_object_or_404(
        engagement_detail_queryset().filter(application__call__in=managed_calls(request.user)),
        pk=pk,
    )
    if not request.user.has_perm(MANAGE, engagement):
        raise Http404
    return engagement


def _crumbs(application: Application) -> list[tuple[str, str]]:
    call = application.call
    return [
        (_("Gestion"), reverse("backoffice:home")),
        (call.title, reverse("backoffice:call_detail", args=[call.pk])),
        (_("Dossiers"), reverse("backoffice:call_applications", args=[call.pk])),
        (
            application.reference or application.title,
            reverse("backoffice:application_detail", args=[application.pk]),
        ),
    ]


def _engagement_crumbs(engagement: Engagement) -> list[tuple[str, str]]:
    return [
        *_crumbs(engagement.application),
        (
            _("Engagement, version %(n)s") % {"n": engagement.version},
            reverse("backoffice:engagement_detail", args=[engagement.pk]),
        ),
    ]


def _with_one_more_row(data, prefix: str):
    data = data.copy()
    key = f"{prefix}-TOTAL_FORMS"
    try:
        count = int(data.get(key, "0"))
    except ValueError:
        return data
    data[key] = str(min(count + 1, MAX_ROWS))
    return data


def _put_service_errors(error: ValidationError, form, indicators, tranches) -> None:
    """Money and terms refused by the service, each beside what it is about."""
    if not hasattr(error, "error_dict"):
        add_service_errors(form, error)
        return
    for name, errors in error.error_dict.items():
        messages_ = [message for item in errors for message in item.messages]
        if name == "indicators":
            indicators._non_form_errors = indicators.error_class(
                [*indicators.non_form_errors(), *messages_]
            )
        elif name == "tranches":
            tranches._non_form_errors = tranches.error_class(
                [*tranches.non_form_errors(), *messages_]
            )
        else:
            add_service_errors(form, ValidationError({name: messages_}))


def _engagement_form_page(request, application: Application, engagement: Engagement | None):
    call = application.call
    posted = request.method == "POST"
    data = request.POST if posted else None
    adding = request.POST.get("add") if posted else None
    if adding in ADDABLE:
        data = _with_one_more_row(data, adding)
    if engagement is None:
        initial, indicator_rows, tranche_rows = {}, [], []
    else:
        initial = {name: getattr(engagement, name) for name in services.ENGAGEMENT_FIELDS}
        indicator_rows = [
            {name: getattr(i, name) for name in services.INDICATOR_FIELDS}
            for i in engagement.indicators.all()
        ]
        tranche_rows = [
            {"id": t.pk, **{name: getattr(t, name) for name in services.TRANCHE_FIELDS}}
            for t in engagement.tranches.all()
        ]
    form = EngagementForm(data, initial=initial, call=call)
    indicators = indicator_formset_class(extra=1 if indicator_rows else 2)(
        data, initial=indicator_rows, prefix="indicators"
    )
    tranches = None
    if call.is_funding:
        tranches = tranche_formset_class(extra=1 if tranche_rows else 2)(
            data, initial=tranche_rows, prefix="tranches"
        )
    if adding in ADDABLE:
        silence(form, indicators, tranches)
    elif posted and all(
        [form.is_valid(), indicators.is_valid(), tranches is None or tranches.is_valid()]
    ):
        arguments = {
            "actor": request.user,
            "data": form.service_data(),
            "indicators": indicators.rows(),
            "tranches": tranches.rows() if tranches is not None else [],
        }
        try:
            if engagement is None:
                saved = services.engagement_create(application=application, **arguments)
                messages.success(
                    request,
                    _("L'engagement est en préparation. Relisez-le, puis signez-le pour le fonds."),
                )
            else:
                saved = services.engagement_update(engagement=engagement, **arguments)
                messages.success(request, _("L'engagement est enregistré."))
        except ValidationError as error:
            _put_service_errors(error, form, indicators, tranches)
        else:
            return redirect("backoffice:engagement_detail", pk=saved.pk)
    title = (
        _("Préparer l'engagement réciproque")
        if engagement is None
        else _("Modifier l'engagement, version %(n)s") % {"n": engagement.version}
    )
    return render(
        request,
        "backoffice/engagements/engagement_form.html",
        {
            "application": application,
            "call": call,
            "current_fund": call.fund,
            "engagement": engagement,
            "signed_sides": [s.get_side_display() for s in engagement.signatures.all()]
            if engagement
            else [],
            "form": form,
            "indicators": indicators,
            "tranches": tranches,
            "summary": ErrorSummary(form, indicators, tranches),
            "page_title": title,
            "breadcrumbs": _crumbs(application)
            if engagement is None
            else _engagement_crumbs(engagement),
        },
        status=422 if posted and adding not in ADDABLE else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def engagement_create(request, pk: int):
    application = _staff_application(request, pk)
    if application.state not in ApplicationState.selected():
        raise Http404
    current = current_engagement(application_engagements(application))
    if current is not None:
        return redirect("backoffice:engagement_detail", pk=current.pk)
    return _engagement_form_page(request, application, None)


@login_required
@require_http_methods(["GET", "POST"])
def engagement_edit(request, pk: int):
    engagement = _staff_engagement(request, pk)
    if engagement.status != EngagementStatus.DRAFT:
        messages.error(
            request,
            _("Cet engagement est signé : il ne peut plus être modifié. Faites un avenant."),
        )
        return redirect("backoffice:engagement_detail", pk=engagement.pk)
    return _engagement_form_page(request, engagement.application, engagement)


@login_required
@require_GET
def engagement_detail(request, pk: int):
    engagement = _staff_engagement(request, pk)
    application = engagement.application
    versions = application_engagements(application)
    draft = next((v for v in versions if v.status == EngagementStatus.DRAFT), None)
    has_draft = draft is not None
    fund_signature = signature_of(engagement, SignatureSide.FUND)
    return render(
        request,
        "backoffice/engagements/engagement_detail.html",
        {
            "engagement": engagement,
            "application": application,
            "call": application.call,
            "current_fund": application.call.fund,
            "versions": versions,
            "draft": draft,
            "fund_signature": fund_signature,
            "team_signature": signature_of(engagement, SignatureSide.TEAM),
            "can_sign": engagement.status == EngagementStatus.DRAFT and fund_signature is None,
            "can_amend": engagement.status == EngagementStatus.SIGNED and not has_draft,
            "can_pay": engagement.status == EngagementStatus.SIGNED and not has_draft,
            "page_title": _("Engagement réciproque, version %(n)s") % {"n": engagement.version},
            "breadcrumbs": _crumbs(application),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def engagement_sign(request, pk: int):
    """The fund's signature, on a page that restates what signing means."""
    engagement = _staff_engagement(request, pk)
    if engagement.status != EngagementStatus.DRAFT or signature_of(engagement, SignatureSide.FUND):
        messages.error(request, _("Cet engagement n'attend pas la signature du fonds."))
        return redirect("backoffice:engagement_detail", pk=engagement.pk)
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
                side=SignatureSide.FUND,
                signer_name=form.cleaned_data["signer_name"],
                signer_function=form.cleaned_data["signer_function"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _(
                    "Vous avez signé pour le fonds. L'équipe est prévenue par e-mail qu'elle peut signer."
                ),
            )
            return redirect("backoffice:engagement_detail", pk=engagement.pk)
    return render(
        request,
        "backoffice/engagements/engagement_sign.html",
        {
            "engagement": engagement,
            "application": engagement.application,
            "call": engagement.application.call,
            "current_fund": engagement.application.call.fund,
            "form": form,
            "page_title": _("Signer l'engagement pour le fonds"),
            "breadcrumbs": _engagement_crumbs(engagement),
        },
        status=422 if posted else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def tranche_pay(request, pk: int, tranche_pk: int):
    engagement = _staff_engagement(request, pk)
    tranche = get_object_or_404(Tranche, pk=tranche_pk, engagement=engagement)
    posted = request.method == "POST"
    form = PaymentForm(
        request.POST if posted else None,
        initial={"paid_on": tranche.paid_on, "paid_amount": tranche.paid_amount or tranche.amount},
    )
    if posted and form.is_valid():
        try:
            services.tranche_record_payment(
                tranche=tranche,
                actor=request.user,
                paid_on=form.cleaned_data["paid_on"],
                paid_amount=form.cleaned_data["paid_amount"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Le versement est enregistré."))
            return redirect("backoffice:engagement_detail", pk=engagement.pk)
    return render(
        request,
        "backoffice/engagements/tranche_pay.html",
        {
            "engagement": engagement,
            "tranche": tranche,
            "application": engagement.application,
            "call": engagement.application.call,
            "current_fund": engagement.application.call.fund,
            "form": form,
            "page_title": _("Enregistrer un versement"),
            "breadcrumbs": _engagement_crumbs(engagement),
        },
        status=422 if posted else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def engagement_amend(request, pk: int):
    engagement = _staff_engagement(request, pk)
    posted = request.method == "POST"
    form = AmendmentForm(request.POST if posted else None)
    if posted and form.is_valid():
        try:
            amendment = services.engagement_amend(
                engagement=engagement, actor=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _(
                    "L'avenant (version %(n)s) est en préparation : modifiez-le, puis signez-le. "
                    "La version signée reste en vigueur jusqu'à sa signature."
                )
                % {"n": amendment.version},
            )
            return redirect("backoffice:engagement_edit", pk=amendment.pk)
    return render(
        request,
        "backoffice/engagements/engagement_amend.html",
        {
            "engagement": engagement,
            "application": engagement.application,
            "call": engagement.application.call,
            "current_fund": engagement.application.call.fund,
            "form": form,
            "page_title": _("Préparer un avenant"),
            "breadcrumbs": _engagement_crumbs(engagement),
        },
        status=422 if posted else 200,
    )


@login_required
@require_GET
def engagement_pdf(request, pk: int):
    engagement = _staff_engagement(request, pk)
    try:
        filename, content = render_engagement_pdf(engagement=engagement)
    except PdfUnavailable as exc:
        return render(
            request,
            "backoffice/engagements/pdf_unavailable.html",
            {
                "engagement": engagement,
                "application": engagement.application,
                "call": engagement.application.call,
                "current_fund": engagement.application.call.fund,
                "reason": str(exc),
                "page_title": _("PDF indisponible"),
            },
            status=503,
        )
    record(actor=request.user, action="engagement.pdf_exported", obj=engagement, to_value=filename)
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_GET
def call_envelope(request, pk: int):
    call = get_object_or_404(managed_calls(request.user), pk=pk)
    if not request.user.has_perm("accompaniment.manage_call", call):
        raise Http404
    return render(
        request,
        "backoffice/engagements/envelope.html",
        {
            "call": call,
            "current_fund": call.fund,
            "envelope": envelope_of(call),
            "page_title": _("Enveloppe et engagements"),
            "breadcrumbs": [
                (_("Gestion"), reverse("backoffice:home")),
                (call.title, reverse("backoffice:call_detail", args=[call.pk])),
            ],
        },
    )
