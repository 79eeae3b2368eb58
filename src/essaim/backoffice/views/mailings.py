"""Decision messages in the back-office: a call's templates per outcome (with a preview that
needs no JavaScript), preparing a mailing, its preview and confirmation, and its log."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from essaim.applications.enums import ApplicationState
from essaim.funds.models import Call
from essaim.funds.selectors import managed_calls
from essaim.review.enums import MailingStatus
from essaim.review.forms.mailings import MailingForm, MailTemplateForm
from essaim.review.mailings import MAIL_OUTCOMES, PLACEHOLDERS, sample_values
from essaim.review.models import Mailing
from essaim.review.selectors.mailings import (
    call_mailings,
    delivery_counts,
    latest_reasons,
    mailing_candidates,
    mailing_recipients,
    outcome_rows,
    placeholder_values,
    staff_mailing_queryset,
    template_text,
)
from essaim.review.services import mailings as services
from essaim.review.services.mailings import MailingError

from ..access import backoffice_view, get_call
from ..forms import add_service_errors

PERM = "review.manage_mailings"
PREVIEW_COUNT = 3


def _outcome_or_404(outcome: str) -> str:
    if outcome not in MAIL_OUTCOMES:
        raise Http404
    return outcome


def _get_mailing(request, pk: int) -> Mailing:
    """A mailing of a call the person manages (404 otherwise), and the right to run it."""
    mailing = get_object_or_404(
        staff_mailing_queryset().filter(call__in=managed_calls(request.user)), pk=pk
    )
    if not request.user.has_perm(PERM, mailing):
        raise PermissionDenied
    return mailing


def _crumbs(call: Call, *, with_overview: bool = True) -> list[tuple[str, str]]:
    crumbs = [
        (_("Gestion"), reverse("backoffice:home")),
        (call.title, reverse("backoffice:call_detail", args=[call.pk])),
    ]
    if with_overview:
        crumbs.append((_("Messages de décision"), reverse("backoffice:mailings", args=[call.pk])))
    return crumbs


def _outcome_label(outcome: str) -> str:
    return str(ApplicationState(outcome).label)


@backoffice_view
@require_GET
def mailings(request, pk: int):
    call = get_call(request, pk, perm=PERM)
    return render(
        request,
        "backoffice/mailings/overview.html",
        {
            "call": call,
            "current_fund": call.fund,
            "outcomes": outcome_rows(call),
            "mailings": call_mailings(call),
            "page_title": _("Messages de décision"),
            "breadcrumbs": _crumbs(call, with_overview=False),
        },
    )


def _preview(call: Call, outcome: str, subject: str, body: str) -> dict:
    """The message as the first dossier in that state would get it, or with stand-ins."""
    sample = mailing_candidates(call, outcome).first()
    if sample is None:
        values = sample_values()
    else:
        reason = latest_reasons([sample.pk], outcome).get(sample.pk, "")
        values = placeholder_values(sample, reason=reason)
    rendered_subject, rendered_body = services.render_message(subject, body, values)
    return {"sample": sample, "subject": rendered_subject, "body": rendered_body}


@backoffice_view
@require_http_methods(["GET", "POST"])
def mail_template_edit(request, pk: int, outcome: str):
    call = get_call(request, pk, perm=PERM)
    outcome = _outcome_or_404(outcome)
    current = template_text(call, outcome)
    posted = request.method == "POST"
    form = MailTemplateForm(
        request.POST if posted else None,
        initial={"subject": current.subject, "body": current.body},
    )
    preview = None
    if posted and form.is_valid():
        subject, body = form.cleaned_data["subject"], form.cleaned_data["body"]
        if "preview" in request.POST:
            preview = _preview(call, outcome, subject, body)
        else:
            try:
                services.save_mail_template(
                    call=call, outcome=outcome, subject=subject, body=body, actor=request.user
                )
            except ValidationError as error:
                add_service_errors(form, error)
            except MailingError as error:
                form.add_error(None, str(error))
            else:
                messages.success(
                    request,
                    _("Le modèle « %(outcome)s » est enregistré.")
                    % {"outcome": _outcome_label(outcome)},
                )
                return redirect("backoffice:mailings", pk=call.pk)
    return render(
        request,
        "backoffice/mailings/template_form.html",
        {
            "call": call,
            "current_fund": call.fund,
            "outcome": outcome,
            "outcome_label": _outcome_label(outcome),
            "is_default": current.is_default,
            "form": form,
            "preview": preview,
            "placeholders": PLACEHOLDERS.items(),
            "page_title": _("Modèle : %(outcome)s") % {"outcome": _outcome_label(outcome)},
            "breadcrumbs": _crumbs(call),
        },
    )


@backoffice_view
@require_http_methods(["GET", "POST"])
def mailing_create(request, pk: int, outcome: str):
    call = get_call(request, pk, perm=PERM)
    outcome = _outcome_or_404(outcome)
    candidates = list(mailing_candidates(call, outcome))
    current = template_text(call, outcome)
    form = MailingForm(
        request.POST if request.method == "POST" else None,
        candidates=candidates,
        initial={"subject": current.subject, "body": current.body},
    )
    if request.method == "POST" and form.is_valid():
        try:
            mailing = services.prepare_mailing(
                call=call,
                outcome=outcome,
                application_ids=form.cleaned_data["applications"],
                subject=form.cleaned_data["subject"],
                body=form.cleaned_data["body"],
                actor=request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        except MailingError as error:
            form.add_error(None, str(error))
        else:
            return redirect("backoffice:mailing_detail", pk=mailing.pk)
    return render(
        request,
        "backoffice/mailings/mailing_form.html",
        {
            "call": call,
            "current_fund": call.fund,
            "outcome": outcome,
            "outcome_label": _outcome_label(outcome),
            "candidates": candidates,
            "form": form,
            "placeholders": PLACEHOLDERS.items(),
            "page_title": _("Nouvel envoi : %(outcome)s") % {"outcome": _outcome_label(outcome)},
            "breadcrumbs": _crumbs(call),
        },
    )


@backoffice_view
@require_GET
def mailing_detail(request, pk: int):
    """A draft's preview and confirmation, or a confirmed mailing's log."""
    mailing = _get_mailing(request, pk)
    call = mailing.call
    recipients = list(mailing_recipients(mailing))
    is_draft = mailing.status == MailingStatus.DRAFT
    return render(
        request,
        "backoffice/mailings/preview.html" if is_draft else "backoffice/mailings/log.html",
        {
            "call": call,
            "current_fund": call.fund,
            "mailing": mailing,
            "recipients": recipients,
            "previews": recipients[:PREVIEW_COUNT],
            "without_address": [r for r in recipients if not r.emails],
            "counts": delivery_counts(recipients),
            "outcome_label": _outcome_label(mailing.outcome),
            "page_title": _("Vérifier l'envoi") if is_draft else _("Journal de l'envoi"),
            "breadcrumbs": _crumbs(call),
        },
    )


@backoffice_view
@require_POST
def mailing_confirm(request, pk: int):
    mailing = _get_mailing(request, pk)
    try:
        services.confirm_mailing(mailing=mailing, actor=request.user)
    except MailingError as error:
        messages.error(request, str(error))
    else:
        count = mailing.recipients.count()
        messages.success(
            request,
            _("L'envoi est confirmé : %(count)s messages partent maintenant.") % {"count": count},
        )
    return redirect("backoffice:mailing_detail", pk=mailing.pk)


@backoffice_view
@require_POST
def mailing_discard(request, pk: int):
    mailing = _get_mailing(request, pk)
    try:
        services.discard_mailing(mailing=mailing, actor=request.user)
    except MailingError as error:
        messages.error(request, str(error))
        return redirect("backoffice:mailing_detail", pk=mailing.pk)
    messages.success(request, _("L'envoi en préparation est abandonné ; rien n'est parti."))
    return redirect("backoffice:mailing_create", pk=mailing.call_id, outcome=mailing.outcome)


@backoffice_view
@require_GET
def mailing_recipient(request, pk: int, recipient_pk: int):
    """The exact message one team got (or will get)."""
    mailing = _get_mailing(request, pk)
    recipient = get_object_or_404(mailing.recipients.select_related("application"), pk=recipient_pk)
    call = mailing.call
    return render(
        request,
        "backoffice/mailings/recipient.html",
        {
            "call": call,
            "current_fund": call.fund,
            "mailing": mailing,
            "recipient": recipient,
            "outcome_label": _outcome_label(mailing.outcome),
            "page_title": recipient.application.reference or recipient.application.title,
            "breadcrumbs": [
                *_crumbs(call),
                (
                    _("Journal de l'envoi"),
                    reverse("backoffice:mailing_detail", args=[mailing.pk]),
                ),
            ],
        },
    )
