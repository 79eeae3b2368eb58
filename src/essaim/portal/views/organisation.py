"""The organisation section of a dossier: the title and the body carrying the project,
chosen in the referential with an accessible combobox; without JavaScript, typed text is
resolved on save and, when it designates several bodies, the person picks one on a search
page. A body missing from the referential can be added. The suggestions endpoint serves the
combobox (JSON, public: the referential is open data)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from essaim.applications.errors import ApplicationError
from essaim.applications.forms import OrganisationSectionForm
from essaim.applications.services.organisation import (
    application_add_organisation,
    application_save_organisation_section,
    application_set_organisation,
)
from essaim.territory.forms import OrganisationAddForm, OrganisationPickForm, OrganisationSearchForm
from essaim.territory.search import MAX_QUERY, search
from essaim.territory.suggestions import suggestion

from ..access import get_application_for

SEARCH_PAGE_SIZE = 20


def organisation_section(request, application, section):
    """Called by sections.section_edit for the "organisation" section."""
    posted = request.method == "POST"
    form = OrganisationSectionForm(request.POST if posted else None, instance=application)
    if posted and form.is_valid():
        data = form.cleaned_data
        try:
            application_save_organisation_section(
                application=application,
                user=request.user,
                title=data["title"],
                organisation=data["organisation"],
            )
        except ApplicationError as exc:
            form.add_error(None, str(exc))
        else:
            if form.needs_choice:
                # several bodies match the typed text: the search page lets the person pick
                url = reverse("portal:organisation_choose", args=[application.pk])
                query = urlencode({"q": data["organisation_query"]})
                return redirect(f"{url}?{query}")
            messages.success(request, _("Section « %s » enregistrée.") % section.title)
            return redirect("portal:application_detail", pk=application.pk)
    return render(
        request,
        "portal/organisation_section.html",
        {
            "application": application,
            "call": application.call,
            "fund": application.call.fund,
            "section": section,
            "form": form,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def organisation_choose(request, pk: int):
    """The search page: a GET form, then the results as radio buttons posted to choose."""
    application = get_application_for(request, pk, perm="applications.edit_application")
    search_form = OrganisationSearchForm(request.GET or None)
    pick_form = OrganisationPickForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and pick_form.is_valid():
        try:
            application_set_organisation(
                application=application,
                user=request.user,
                organisation=pick_form.cleaned_data["organisation"],
            )
        except ApplicationError as exc:
            pick_form.add_error("organisation", str(exc))
        else:
            messages.success(
                request,
                _("Organisme choisi : %s.") % pick_form.cleaned_data["organisation"].formal_name,
            )
            return redirect("portal:application_detail", pk=pk)
    query = request.POST.get("q") or request.GET.get("q", "")
    query = query.strip()[:MAX_QUERY]
    results = search(query, limit=SEARCH_PAGE_SIZE) if query else []
    return render(
        request,
        "portal/organisation_choose.html",
        {
            "application": application,
            "call": application.call,
            "fund": application.call.fund,
            "search_form": search_form,
            "form": pick_form,
            "query": query,
            "results": [suggestion(o) for o in results],
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def organisation_add(request, pk: int):
    """A body missing from the referential: added (or found, when it is a duplicate) and
    chosen for the dossier."""
    application = get_application_for(request, pk, perm="applications.edit_application")
    form = OrganisationAddForm(
        request.POST if request.method == "POST" else None,
        initial={"name": request.GET.get("nom", "")[:200]},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            added = application_add_organisation(
                application=application,
                user=request.user,
                kind=data["kind"],
                name=data["name"],
                departement=data["departement"],
                siren=data["siren"],
            )
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        except ApplicationError as exc:
            form.add_error("kind", str(exc))
        else:
            if added.created:
                message = _(
                    "« %s » est ajouté à la liste des organismes et choisi pour votre dossier."
                )
            else:
                message = _("« %s » était déjà dans la liste : il est choisi pour votre dossier.")
            messages.success(request, message % added.organisation.formal_name)
            return redirect("portal:application_detail", pk=pk)
    return render(
        request,
        "portal/organisation_add.html",
        {
            "application": application,
            "call": application.call,
            "fund": application.call.fund,
            "form": form,
        },
    )


@require_GET
def organisation_suggestions(request):
    """The combobox's suggestions as JSON: {"query", "results": [{id, label, name, detail}]}.
    Public and cacheless on purpose: the referential is open data, and this stays cheap
    (see territory.search) without a session."""
    query = request.GET.get("q", "")[:MAX_QUERY]
    results = [suggestion(o) for o in search(query)] if query.strip() else []
    return JsonResponse({"query": query, "results": results})
