"""The "Pièces jointes" section: the files of a dossier, adding one, removing one, and
downloading one — always through this view, which checks who is asking."""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_safe

from essaim.applications.errors import ApplicationError
from essaim.applications.models import Attachment
from essaim.applications.services import attachments as attachment_services
from essaim.applications.uploads import ACCEPT_ATTRIBUTE, ACCEPTED_LABELS, format_size
from essaim.core.downloads import protected_file_response

from ..access import get_application_for


class AttachmentForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Fichier"),
        error_messages={
            "required": gettext_lazy("Choisissez le fichier à joindre."),
            "empty": gettext_lazy("Le fichier choisi est vide : choisissez-en un autre."),
            "invalid": gettext_lazy("Aucun fichier n'a été reçu : choisissez-le à nouveau."),
        },
    )
    description = forms.CharField(
        label=gettext_lazy("Description"),
        help_text=gettext_lazy("Ce que contient le fichier, en quelques mots."),
        max_length=200,
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].widget.attrs["accept"] = ACCEPT_ATTRIBUTE
        self.fields["file"].help_text = _(
            "Formats acceptés : %(formats)s. %(max_file)s au maximum par fichier ; "
            "%(max_count)s fichiers et %(max_total)s au total pour le dossier."
        ) % {
            "formats": ACCEPTED_LABELS,
            "max_file": format_size(settings.ESSAIM_MAX_ATTACHMENT_BYTES),
            "max_count": settings.ESSAIM_MAX_ATTACHMENTS,
            "max_total": format_size(settings.ESSAIM_MAX_APPLICATION_BYTES),
        }


@login_required
@require_http_methods(["GET", "POST"])
def attachments(request, pk: int):
    application = get_application_for(request, pk)
    editable = request.user.has_perm("applications.edit_application", application)
    form = None
    if editable:
        form = AttachmentForm(
            request.POST if request.method == "POST" else None,
            request.FILES if request.method == "POST" else None,
        )
    if request.method == "POST":
        if not editable:
            raise PermissionDenied
        if form.is_valid():
            try:
                attachment = attachment_services.attachment_add(
                    application=application,
                    actor=request.user,
                    upload=form.cleaned_data["file"],
                    description=form.cleaned_data["description"],
                )
            except ApplicationError as exc:
                form.add_error("file", str(exc))
            else:
                messages.success(
                    request, _("« %s » est joint au dossier.") % attachment.original_name
                )
                return redirect("portal:attachments", pk=pk)
    files = list(application.attachments.select_related("uploaded_by"))
    total = sum(a.size for a in files)
    return render(
        request,
        "portal/attachments.html",
        {
            "application": application,
            "call": application.call,
            "fund": application.call.fund,
            "rows": [{"attachment": a, "size": format_size(a.size)} for a in files],
            "total_size": format_size(total),
            "form": form,
            "editable": editable,
        },
        status=422 if form is not None and form.errors else 200,
    )


@login_required
@require_safe
def attachment_download(request, pk: int, attachment_pk: int):
    """Only those who may see the dossier get its files; everybody else gets 404."""
    application = get_application_for(request, pk)
    attachment = get_object_or_404(Attachment, pk=attachment_pk, application=application)
    # a download, nosniff, sandboxed, under the cleaned name (core.downloads)
    return protected_file_response(
        attachment.file, filename=attachment.original_name, content_type=attachment.content_type
    )


@login_required
@require_http_methods(["GET", "POST"])
def attachment_delete(request, pk: int, attachment_pk: int):
    application = get_application_for(request, pk, perm="applications.edit_application")
    attachment = get_object_or_404(Attachment, pk=attachment_pk, application=application)
    error = None
    if request.method == "POST":
        try:
            attachment_services.attachment_delete(attachment=attachment, actor=request.user)
        except ApplicationError as exc:
            error = str(exc)
        else:
            messages.success(request, _("« %s » est retiré du dossier.") % attachment.original_name)
            return redirect("portal:attachments", pk=pk)
    return render(
        request,
        "portal/attachments_delete.html",
        {
            "application": application,
            "fund": application.call.fund,
            "attachment": attachment,
            "size": format_size(attachment.size),
            "error": error,
        },
    )
