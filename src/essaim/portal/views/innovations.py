"""The team writes the public sheet of its laureate dossier: start it (pre-filled from the
dossier), edit it, add resources, preview it. The fund's staff publish it.

Only a laureate dossier has a sheet. Anyone who may not write it gets 404: outsiders,
reviewers, listed members without an account role, teams of other dossiers.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from essaim.applications.enums import ApplicationState
from essaim.applications.visibility import jury_outcome_visible
from essaim.catalogue.forms.sheets import (
    ResourceForm,
    SheetEditing,
    SheetStartForm,
    submit_resource,
)
from essaim.catalogue.models import Innovation
from essaim.catalogue.selectors.sheets import sheet_for_editing
from essaim.catalogue.services import sheets as services

from ..access import get_application_for


def _sheet_of(request, pk: int):
    """The laureate dossier and its sheet (or None) for a person who may write it."""
    application = get_application_for(request, pk)
    # a jury outcome stays private until announced: no sheet before that
    if application.state not in ApplicationState.selected() or not jury_outcome_visible(
        application
    ):
        raise Http404
    innovation = sheet_for_editing().filter(application=application).first()
    probe = innovation or Innovation(application=application, fund=application.call.fund)
    if not request.user.has_perm("catalogue.edit_innovation", probe):
        raise Http404
    return application, innovation


def _context(application, innovation, **extra):
    return {
        "application": application,
        "fund": application.call.fund,
        "innovation": innovation,
        **extra,
    }


@login_required
@require_http_methods(["GET", "POST"])
def innovation_sheet(request, pk: int):
    application, innovation = _sheet_of(request, pk)
    if innovation is None:
        form = SheetStartForm(request.POST if request.method == "POST" else None)
        if request.method == "POST" and form.is_valid():
            try:
                services.sheet_create_from_application(
                    application=application, actor=request.user, topic=form.cleaned_data["topic"]
                )
            except ValidationError as exc:
                form.add_error(None, exc.messages[0])
            else:
                messages.success(
                    request,
                    _("La fiche est créée à partir de votre dossier : complétez-la."),
                )
                return redirect("portal:innovation_sheet", pk=application.pk)
        return render(
            request,
            "portal/innovations/start.html",
            _context(application, None, form=form, current=_("Fiche innovation")),
        )
    editing = SheetEditing(request, innovation)
    if request.method == "POST" and editing.is_valid() and editing.save(request.user):
        messages.success(request, _("La fiche est enregistrée."))
        return redirect("portal:innovation_sheet", pk=application.pk)
    return render(
        request,
        "portal/innovations/edit.html",
        _context(
            application,
            innovation,
            editing=editing,
            cancel_url=reverse("portal:application_detail", args=[application.pk]),
            current=_("Fiche innovation"),
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def innovation_resources(request, pk: int):
    application, innovation = _sheet_of(request, pk)
    if innovation is None:
        return redirect("portal:innovation_sheet", pk=application.pk)
    posted = request.method == "POST"
    form = ResourceForm(request.POST if posted else None, request.FILES if posted else None)
    if posted and form.is_valid():
        resource = submit_resource(form, innovation=innovation, actor=request.user)
        if resource is not None:
            messages.success(request, _("« %s » est ajoutée à la fiche.") % resource.title)
            return redirect("portal:innovation_resources", pk=application.pk)
    resources = list(innovation.resources.all())
    for resource in resources:
        resource.delete_url = reverse(
            "portal:innovation_resource_delete", args=[application.pk, resource.pk]
        )
    return render(
        request,
        "portal/innovations/resources.html",
        _context(
            application,
            innovation,
            form=form,
            resources=resources,
            current=_("Ressources de la fiche"),
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def innovation_resource_delete(request, pk: int, resource_pk: int):
    application, innovation = _sheet_of(request, pk)
    if innovation is None:
        raise Http404
    resource = get_object_or_404(innovation.resources, pk=resource_pk)
    if request.method == "POST":
        services.resource_delete(resource=resource, actor=request.user)
        messages.success(request, _("« %s » est retirée de la fiche.") % resource.title)
        return redirect("portal:innovation_resources", pk=application.pk)
    return render(
        request,
        "portal/innovations/resource_delete.html",
        _context(
            application,
            innovation,
            resource=resource,
            cancel_url=reverse("portal:innovation_resources", args=[application.pk]),
            current=_("Retirer une ressource"),
        ),
    )
