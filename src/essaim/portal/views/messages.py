"""The message thread of a dossier, on the team's side: read it all, write to the fund."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from essaim.applications.forms_messages import MessageForm
from essaim.applications.message_thread import thread
from essaim.applications.services.messages import MessageError, mark_read, post_message

from ..access import get_application_for


@login_required
@require_http_methods(["GET", "POST"])
def application_messages(request, pk: int):
    application = get_application_for(request, pk, perm="applications.write_team_message")
    form = MessageForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            message = post_message(
                application=application,
                author=request.user,
                body=form.cleaned_data["body"],
                from_staff=False,
            )
        except MessageError as error:
            form.add_error("body", str(error))
        else:
            messages.success(request, _("Votre message est envoyé à l'équipe du fonds."))
            return redirect(f"{request.path}#message-{message.pk}")
    thread_messages = list(thread(application))
    # Shown with their "Nouveau" marks, then counted as read.
    mark_read(application=application, by_staff=False)
    return render(
        request,
        "portal/application_messages.html",
        {
            "application": application,
            "call": application.call,
            "fund": application.call.fund,
            "thread_messages": thread_messages,
            "form": form,
        },
    )
