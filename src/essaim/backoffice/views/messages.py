"""A dossier's message thread on the staff's side: read it all, answer the team."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from essaim.applications.forms_messages import MessageForm
from essaim.applications.message_thread import thread
from essaim.applications.models import Application
from essaim.applications.services.messages import MessageError, mark_read, post_message

from ..access import backoffice_view, get_application

PERM = "applications.write_staff_message"


@backoffice_view
@require_http_methods(["GET", "POST"])
def application_messages(request, pk: int):
    application = get_application(request, pk, Application.objects.select_related("call__fund"))
    if not request.user.has_perm(PERM, application):
        raise PermissionDenied
    call = application.call
    form = MessageForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            message = post_message(
                application=application,
                author=request.user,
                body=form.cleaned_data["body"],
                from_staff=True,
            )
        except MessageError as error:
            form.add_error("body", str(error))
        else:
            # answering means the team's messages were read
            mark_read(application=application, by_staff=True)
            messages.success(request, _("Votre message est envoyé à l'équipe du projet."))
            return redirect(f"{request.path}#message-{message.pk}")
    thread_messages = list(thread(application))
    mark_read(application=application, by_staff=True)
    return render(
        request,
        "backoffice/messages/thread.html",
        {
            "application": application,
            "call": call,
            "current_fund": call.fund,
            "thread_messages": thread_messages,
            "form": form,
            "page_title": _("Messages"),
            "breadcrumbs": [
                (_("Gestion"), reverse("backoffice:home")),
                (call.title, reverse("backoffice:call_detail", args=[call.pk])),
                (
                    application.reference or application.title,
                    reverse("backoffice:application_detail", args=[application.pk]),
                ),
            ],
        },
    )
