"""One page per section of the dossier. Saving works without JavaScript (a plain button) and,
with htmx, silently as the person types ("Enregistré à 14 h 32")."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from essaim.applications.errors import ApplicationError
from essaim.applications.forms import SECTION_FORMS, BudgetLineFormSet
from essaim.applications.sections import sections_for
from essaim.applications.services.drafts import application_save_fields

from ..access import get_application_for
from .organisation import organisation_section


@login_required
@require_http_methods(["GET", "POST"])
def section_edit(request, pk: int, section: str):
    application = get_application_for(request, pk, perm="applications.edit_application")
    call = application.call
    known = {s.slug: s for s in sections_for(call)}
    if section not in known or section not in SECTION_FORMS:
        raise Http404
    if section == "organisation":  # the referential's combobox: a view of its own
        return organisation_section(request, application, known[section])
    form_class = SECTION_FORMS[section]
    form = form_class(request.POST if request.method == "POST" else None, instance=application)
    formset = None
    if section == "budget":
        formset = BudgetLineFormSet(
            request.POST if request.method == "POST" else None, instance=application, prefix="lines"
        )

    if request.method == "POST":
        valid = form.is_valid() and (formset is None or formset.is_valid())
        if valid:
            try:
                with transaction.atomic():
                    application_save_fields(
                        application=application,
                        user=request.user,
                        data={name: form.cleaned_data[name] for name in form.Meta.fields},
                    )
                    if formset is not None:
                        formset.save()
            except ApplicationError as exc:
                form.add_error(None, str(exc))
            else:
                if request.htmx:
                    return _save_status(request, saved_at=application.last_saved_at)
                if formset is not None and "add_line" in request.POST:
                    return redirect("portal:section_edit", pk=pk, section=section)
                messages.success(request, _("Section « %s » enregistrée.") % known[section].title)
                return redirect("portal:application_detail", pk=pk)
        if request.htmx:
            return _save_status(request, errors=True)

    return render(
        request,
        "portal/section_edit.html",
        {
            "application": application,
            "call": call,
            "fund": call.fund,
            "section": known[section],
            "form": form,
            "formset": formset,
            "autosave": formset is None,
        },
    )


def _save_status(request, *, saved_at=None, errors=False):
    return render(
        request,
        "portal/includes/save_status.html",
        {"saved_at": saved_at or timezone.now(), "errors": errors},
    )
