"""Checking answers, submitting, the confirmation, the receipt, and withdrawing."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from essaim.applications.enums import ApplicationState
from essaim.applications.errors import ApplicationError
from essaim.applications.forms import SubmitForm, WithdrawForm
from essaim.applications.sections import missing_items, section_states
from essaim.applications.services import submission as submission_services

from ..access import full_application_queryset, get_application_for


@login_required
@require_http_methods(["GET", "POST"])
def application_check(request, pk: int):
    """ "Vérifiez votre dossier": every answer with a link to change it, then one submit button."""
    application = get_application_for(request, pk, queryset=full_application_queryset())
    if application.state != ApplicationState.DRAFT:
        return redirect("portal:application_detail", pk=pk)
    if not request.user.has_perm("applications.submit_application", application):
        return redirect("portal:application_detail", pk=pk)
    form = SubmitForm(request.POST if request.method == "POST" else None)
    submit_errors: list = []
    if request.method == "POST" and form.is_valid():
        try:
            submission_services.application_submit(application_id=application.pk, user=request.user)
        except ApplicationError as exc:
            submit_errors = exc.messages or [str(exc)]
            if not exc.messages:
                form.add_error(None, str(exc))
        else:
            return redirect("portal:application_confirmation", pk=pk)
        application = get_application_for(request, pk, queryset=full_application_queryset())
    missing = missing_items(application)
    call = application.call
    return render(
        request,
        "portal/application_check.html",
        {
            "application": application,
            "call": call,
            "fund": call.fund,
            "form": form,
            "missing": missing,
            "sections": section_states(application),
            "submit_errors": submit_errors,
            "is_open": call.is_open_at(timezone.now()),
        },
        status=422 if request.method == "POST" else 200,
    )


@login_required
def application_confirmation(request, pk: int):
    application = get_application_for(request, pk)
    if not application.reference:
        return redirect("portal:application_detail", pk=pk)
    recipients = application.team.filter(access__in=["owner", "editor"]).values_list(
        "email", flat=True
    )
    return render(
        request,
        "portal/application_confirmation.html",
        {
            "application": application,
            "call": application.call,
            "fund": application.call.fund,
            "recipients": list(recipients),
        },
    )


@login_required
def application_receipt(request, pk: int):
    application = get_application_for(request, pk)
    if not application.reference:
        return redirect("portal:application_detail", pk=pk)
    from essaim.applications.receipts import PdfUnavailable, render_receipt_pdf

    try:
        filename, content = render_receipt_pdf(application_id=application.pk)
    except PdfUnavailable as exc:
        return render(
            request,
            "portal/receipt_unavailable.html",
            {"application": application, "fund": application.call.fund, "reason": str(exc)},
            status=503,
        )
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def application_withdraw(request, pk: int):
    application = get_application_for(request, pk, perm="applications.withdraw_application")
    form = WithdrawForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            submission_services.application_withdraw(
                application=application, user=request.user, reason=form.cleaned_data["reason"]
            )
        except ApplicationError as exc:
            form.add_error("reason", str(exc))
        else:
            messages.success(request, _("Le dossier %s est retiré.") % application.reference)
            return redirect("portal:my_applications")
    return render(
        request,
        "portal/application_withdraw.html",
        {"application": application, "fund": application.call.fund, "form": form},
    )
