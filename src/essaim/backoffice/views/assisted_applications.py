"""The "dépôt accompagné": the fund's staff enter and submit a dossier received on paper, by
phone or by e-mail, for the applicant.

Pages: start (how and when it arrived, who carries it), entry (every section of the call on
one page, as on the paper form), organisation search (the combobox's fallback), files (the
signed support's scan and other documents), check, confirmation. Only the staff of the
call's fund reach them (get_call: 404 for another fund's staff, 403 without back-office
access); a dossier is looked up within the call, among the assisted drafts.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from essaim.applications.assisted import applicant_of
from essaim.applications.enums import ApplicationState, AttachmentKind, SubmissionChannel
from essaim.applications.errors import ApplicationError
from essaim.applications.forms import SECTION_FORMS, BudgetLineFormSet, OrganisationSectionForm
from essaim.applications.models import Application, Attachment
from essaim.applications.sections import section_states, sections_for
from essaim.applications.services import assisted as services
from essaim.applications.services.attachments import attachment_delete
from essaim.applications.services.organisation import application_set_organisation
from essaim.funds.models import Call
from essaim.territory.forms import OrganisationPickForm, OrganisationSearchForm
from essaim.territory.search import MAX_QUERY, search
from essaim.territory.suggestions import suggestion

from ..access import backoffice_view, get_call
from ..forms_assisted import (
    ApplicantFields,
    AssistedFileForm,
    AssistedStartForm,
    AssistedSubmitForm,
    SupervisorForm,
)

SEARCH_PAGE_SIZE = 20
# The sections typed on the entry page with the portal's own forms, in the call's order.
ENTRY_SECTIONS = ("problem", "idea", "impact", "budget")


class PageErrors:
    """Looks like a form to core/includes/error_summary.html and gathers the errors of every
    form and formset of a page, each linking to its own field."""

    def __init__(self, *forms):
        self.forms = [form for form in forms if form is not None]

    @property
    def errors(self) -> bool:
        return any(
            form.total_error_count() if hasattr(form, "forms") else bool(form.errors)
            for form in self.forms
        )

    def non_field_errors(self) -> list:
        errors = []
        for form in self.forms:
            if hasattr(form, "forms"):
                errors.extend(form.non_form_errors())
                for sub in form.forms:
                    errors.extend(sub.non_field_errors())
            else:
                errors.extend(form.non_field_errors())
        return errors

    def __iter__(self):
        for form in self.forms:
            for sub in form.forms if hasattr(form, "forms") else [form]:
                yield from sub


def _crumbs(call: Call, *extra) -> list[tuple[str, str]]:
    return [
        (_("Gestion"), reverse("backoffice:home")),
        (call.title, reverse("backoffice:call_detail", args=[call.pk])),
        *extra,
    ]


def _start_crumb(call: Call) -> tuple[str, str]:
    return (_("Dépôt accompagné"), reverse("backoffice:assisted_start", args=[call.pk]))


def _assisted_drafts(call: Call):
    return Application.objects.filter(
        call=call,
        state=ApplicationState.DRAFT,
        submission_channel__in=SubmissionChannel.assisted(),
    )


def _get_draft(call: Call, application_pk: int) -> Application:
    """An assisted draft of `call`, with everything the pages read, or 404."""
    queryset = (
        _assisted_drafts(call)
        .select_related("call__fund", "theme", "support_request", "organisation")
        .prefetch_related("team", "budget_lines", "attachments", "call__stages", "call__themes")
    )
    return get_object_or_404(queryset, pk=application_pk)


def _page(request, template: str, call: Call, context: dict, *, status: int = 200):
    context = {"call": call, "current_fund": call.fund, **context}
    return render(request, f"backoffice/assisted/{template}", context, status=status)


# --- start ---------------------------------------------------------------------------------


@backoffice_view
@require_http_methods(["GET", "POST"])
def assisted_start(request, pk: int):
    """The assisted drafts in progress, and the form to start a new one."""
    call = get_call(request, pk)
    posted = request.method == "POST"
    form = AssistedStartForm(request.POST if posted else None, call=call)
    if posted and form.is_valid():
        data = form.cleaned_data
        try:
            application = services.assisted_application_start(
                call=call,
                actor=request.user,
                channel=data["channel"],
                received_on=data["received_on"],
                title=data["title"],
                applicant_name=data["applicant_name"],
                applicant_email=data["applicant_email"],
                applicant_job_title=data["applicant_job_title"],
            )
        except ApplicationError as exc:
            form.add_error(None, str(exc))
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error(None, message)
        else:
            messages.success(
                request,
                _("Le dossier « %s » est créé : saisissez maintenant son contenu.")
                % application.title,
            )
            return redirect("backoffice:assisted_edit", pk=call.pk, application_pk=application.pk)
    drafts = (
        _assisted_drafts(call)
        .select_related("created_by")
        .prefetch_related(Prefetch("team"))
        .order_by("-updated_at", "-id")
    )
    return _page(
        request,
        "start.html",
        call,
        {
            "form": form,
            "drafts": [(draft, applicant_of(draft)) for draft in drafts],
            "page_title": _("Dépôt accompagné"),
            "breadcrumbs": _crumbs(call),
        },
        status=422 if posted else 200,
    )


# --- entry: every section on one page -----------------------------------------------------


def _entry_forms(application: Application, data) -> dict:
    call = application.call
    owner = applicant_of(application)
    support = getattr(application, "support_request", None)
    slugs = [s.slug for s in sections_for(call) if s.slug in ENTRY_SECTIONS]
    forms = {
        "reception": ApplicantFields(
            data,
            call=call,
            initial={
                "channel": application.submission_channel,
                "received_on": application.received_on,
                "applicant_name": owner.full_name if owner else "",
                "applicant_job_title": owner.job_title if owner else "",
            },
        ),
        "organisation": OrganisationSectionForm(data, instance=application),
        "sections": [(slug, SECTION_FORMS[slug](data, instance=application)) for slug in slugs],
        "lines": BudgetLineFormSet(data, instance=application, prefix="lines")
        if call.is_funding
        else None,
        "supervisor": SupervisorForm(
            data,
            initial={
                "supervisor_name": support.supervisor_name,
                "supervisor_function": support.supervisor_function,
                "supervisor_email": support.supervisor_email,
            }
            if support
            else None,
        )
        if call.requires_hierarchical_support
        else None,
    }
    return forms


def _all_forms(forms: dict) -> list:
    return [
        forms["reception"],
        forms["organisation"],
        *[form for _slug, form in forms["sections"]],
        forms["lines"],
        forms["supervisor"],
    ]


def _budget_rows(formset) -> list:
    return [
        (form.cleaned_data["label"], form.cleaned_data["amount"])
        for form in formset.forms
        if form.cleaned_data
        and not form.cleaned_data.get("DELETE")
        and form.cleaned_data.get("label")
        and form.cleaned_data.get("amount") is not None
    ]


def _put_errors(forms: list, error: ValidationError) -> None:
    """A model refusal next to the field it names, wherever that field is on the page."""
    if not hasattr(error, "error_dict"):
        for message in error.messages:
            forms[0].add_error(None, message)
        return
    for name, errors in error.error_dict.items():
        target = next(
            (f for f in forms if f is not None and name in getattr(f, "fields", {})), None
        )
        for item in errors:
            (target or forms[0]).add_error(name if target else None, item)


def _save_entry(request, application: Application, forms: dict):
    """Save the page; returns a redirect or None (errors were put on the forms)."""
    reception, organisation = forms["reception"], forms["organisation"]
    fields = {}
    for _slug, form in forms["sections"]:
        fields.update({name: form.cleaned_data[name] for name in form.Meta.fields})
    supervisor = forms["supervisor"]
    try:
        services.assisted_application_save(
            application=application,
            actor=request.user,
            channel=reception.cleaned_data["channel"],
            received_on=reception.cleaned_data["received_on"],
            applicant={
                "full_name": reception.cleaned_data["applicant_name"],
                "job_title": reception.cleaned_data["applicant_job_title"],
            },
            fields=fields,
            title=organisation.cleaned_data["title"],
            organisation=organisation.cleaned_data.get("organisation"),
            budget_lines=_budget_rows(forms["lines"]) if forms["lines"] is not None else None,
            supervisor=supervisor.supervisor() if supervisor is not None else None,
        )
    except ApplicationError as exc:
        reception.add_error(None, str(exc))
        return None
    except ValidationError as exc:
        _put_errors(_all_forms(forms), exc)
        return None
    call_pk, pk = application.call_id, application.pk
    if organisation.needs_choice:
        # several bodies match the typed text: the search page lets the staff pick one
        url = reverse("backoffice:assisted_organisation", args=[call_pk, pk])
        query = urlencode({"q": organisation.cleaned_data["organisation_query"]})
        return redirect(f"{url}?{query}")
    if "add_line" in request.POST:
        return redirect(reverse("backoffice:assisted_edit", args=[call_pk, pk]) + "#budget")
    if "files" in request.POST:
        return redirect("backoffice:assisted_files", pk=call_pk, application_pk=pk)
    if "check" in request.POST:
        return redirect("backoffice:assisted_check", pk=call_pk, application_pk=pk)
    messages.success(request, _("Le dossier est enregistré."))
    return redirect("backoffice:assisted_edit", pk=call_pk, application_pk=pk)


@backoffice_view
@require_http_methods(["GET", "POST"])
def assisted_edit(request, pk: int, application_pk: int):
    call = get_call(request, pk)
    application = _get_draft(call, application_pk)
    posted = request.method == "POST"
    forms = _entry_forms(application, request.POST if posted else None)
    if posted:
        every = [form for form in _all_forms(forms) if form is not None]
        if all([form.is_valid() for form in every]):
            response = _save_entry(request, application, forms)
            if response is not None:
                return response
    return _page(
        request,
        "edit.html",
        call,
        {
            "application": application,
            "applicant": applicant_of(application),
            "forms": forms,
            "summary": PageErrors(*_all_forms(forms)),
            "signed_scan": _signed_scan(application),
            "page_title": application.title,
            "breadcrumbs": _crumbs(call, _start_crumb(call)),
        },
        status=422 if posted else 200,
    )


def _signed_scan(application: Application) -> Attachment | None:
    return next(
        (a for a in application.attachments.all() if a.kind == AttachmentKind.SIGNED_SUPPORT),
        None,
    )


# --- organisation search (without JavaScript, or several matches) --------------------------


@backoffice_view
@require_http_methods(["GET", "POST"])
def assisted_organisation(request, pk: int, application_pk: int):
    call = get_call(request, pk)
    application = _get_draft(call, application_pk)
    search_form = OrganisationSearchForm(request.GET or None)
    pick_form = OrganisationPickForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and pick_form.is_valid():
        chosen = pick_form.cleaned_data["organisation"]
        try:
            application_set_organisation(
                application=application, user=request.user, organisation=chosen
            )
        except ApplicationError as exc:
            pick_form.add_error("organisation", str(exc))
        else:
            messages.success(request, _("Organisme choisi : %s.") % chosen.formal_name)
            return redirect(
                reverse("backoffice:assisted_edit", args=[call.pk, application.pk])
                + "#organisation"
            )
    query = (request.POST.get("q") or request.GET.get("q", "")).strip()[:MAX_QUERY]
    results = search(query, limit=SEARCH_PAGE_SIZE) if query else []
    return _page(
        request,
        "organisation.html",
        call,
        {
            "application": application,
            "search_form": search_form,
            "form": pick_form,
            "query": query,
            "results": [suggestion(o) for o in results],
            "page_title": _("Choisir l’organisme"),
            "breadcrumbs": _crumbs(
                call,
                _start_crumb(call),
                (
                    application.title,
                    reverse("backoffice:assisted_edit", args=[call.pk, application.pk]),
                ),
            ),
        },
    )


# --- files: the signed support's scan and other documents ----------------------------------


@backoffice_view
@require_http_methods(["GET", "POST"])
def assisted_files(request, pk: int, application_pk: int):
    call = get_call(request, pk)
    application = _get_draft(call, application_pk)
    posted = request.method == "POST"
    action = request.POST.get("action") if posted else None
    scan_form = AssistedFileForm(
        request.POST if action == "scan" else None,
        request.FILES if action == "scan" else None,
        signed_support=True,
        prefix="scan",
    )
    document_form = AssistedFileForm(
        request.POST if action == "document" else None,
        request.FILES if action == "document" else None,
        signed_support=False,
        prefix="document",
    )
    target = {"scan": scan_form, "document": document_form}.get(action)
    if action == "delete":
        attachment_pk = request.POST.get("attachment", "")
        attachment = get_object_or_404(
            Attachment,
            application=application,
            pk=int(attachment_pk) if attachment_pk.isdigit() else 0,
        )
        try:
            attachment_delete(attachment=attachment, actor=request.user)
            services.assisted_attachment_removed(application=application, actor=request.user)
        except ApplicationError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("« %s » est retiré du dossier.") % attachment.original_name)
        return redirect("backoffice:assisted_files", pk=call.pk, application_pk=application.pk)
    if target is not None and target.is_valid():
        try:
            added = services.assisted_attachment_add(
                application=application,
                actor=request.user,
                upload=target.cleaned_data["file"],
                signed_support=action == "scan",
                description=target.cleaned_data.get("description", ""),
            )
        except ApplicationError as exc:
            target.add_error("file", str(exc))
        else:
            messages.success(request, _("« %s » est joint au dossier.") % added.original_name)
            return redirect("backoffice:assisted_files", pk=call.pk, application_pk=application.pk)
    return _page(
        request,
        "files.html",
        call,
        {
            "application": application,
            "attachments": list(application.attachments.all()),
            "signed_scan": _signed_scan(application),
            "scan_form": scan_form,
            "document_form": document_form,
            "summary": PageErrors(scan_form, document_form),
            "page_title": _("Pièces du dossier"),
            "breadcrumbs": _crumbs(
                call,
                _start_crumb(call),
                (
                    application.title,
                    reverse("backoffice:assisted_edit", args=[call.pk, application.pk]),
                ),
            ),
        },
        status=422 if target is not None else 200,
    )


# --- check and submit ----------------------------------------------------------------------


@backoffice_view
@require_http_methods(["GET", "POST"])
def assisted_check(request, pk: int, application_pk: int):
    call = get_call(request, pk)
    application = _get_draft(call, application_pk)
    posted = request.method == "POST"
    form = AssistedSubmitForm(request.POST if posted else None)
    submit_errors: list = []
    if posted and form.is_valid():
        try:
            services.assisted_application_submit(application=application, actor=request.user)
        except ApplicationError as exc:
            submit_errors = exc.messages or [str(exc)]
        else:
            return redirect("backoffice:assisted_done", pk=call.pk, application_pk=application.pk)
        application = _get_draft(call, application_pk)
    edit_url = reverse("backoffice:assisted_edit", args=[call.pk, application.pk])
    files_url = reverse("backoffice:assisted_files", args=[call.pk, application.pk])
    missing = [
        {"message": item.message, "url": _missing_url(item, edit_url, files_url)}
        for item in services.assisted_missing(application)
    ]
    return _page(
        request,
        "check.html",
        call,
        {
            "application": application,
            "applicant": applicant_of(application),
            "form": form,
            "missing": missing,
            "submit_errors": [] if missing else submit_errors,
            "sections": section_states(application),
            "signed_scan": _signed_scan(application),
            "page_title": _("Vérifier et déposer"),
            "breadcrumbs": _crumbs(
                call,
                _start_crumb(call),
                (
                    application.title,
                    reverse("backoffice:assisted_edit", args=[call.pk, application.pk]),
                ),
            ),
        },
        status=422 if posted else 200,
    )


def _missing_url(item, edit_url: str, files_url: str) -> str:
    """Where to fix a missing item: the field on the entry page, or the files page."""
    if item.anchor == "scan":
        return files_url
    if item.anchor:
        return f"{edit_url}#id_{item.anchor}"
    anchors = {"team": "applicant", "budget": "budget", "support": "support"}
    return f"{edit_url}#{anchors.get(item.section, item.section)}"


@backoffice_view
def assisted_done(request, pk: int, application_pk: int):
    call = get_call(request, pk)
    application = get_object_or_404(
        Application.objects.filter(call=call, submission_channel__in=SubmissionChannel.assisted())
        .exclude(reference=None)
        .prefetch_related("team"),
        pk=application_pk,
    )
    return _page(
        request,
        "done.html",
        call,
        {
            "application": application,
            "applicant": applicant_of(application),
            "page_title": _("Dossier déposé"),
            "breadcrumbs": _crumbs(call, _start_crumb(call)),
        },
    )
