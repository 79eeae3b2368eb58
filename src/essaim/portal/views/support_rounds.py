"""Support rounds for the team: checking the revised dossier and submitting it as a new
version (same reference, version n+1, new receipt)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from essaim.applications.enums import ApplicationState
from essaim.applications.errors import ApplicationError
from essaim.applications.forms import SubmitForm
from essaim.applications.sections import missing_items
from essaim.review.services.support_rounds import open_feedback, submit_revision

from ..access import full_application_queryset, get_application_for


@login_required
@require_http_methods(["GET", "POST"])
def new_version(request, pk: int):
    """ "Déposer la nouvelle version": the answers with a link to change each, the fund's
    feedback, then one button with the declaration."""
    application = get_application_for(request, pk, queryset=full_application_queryset())
    if application.state != ApplicationState.IN_SUPPORT or not request.user.has_perm(
        "applications.submit_application", application
    ):
        return redirect("portal:application_detail", pk=pk)
    feedback = open_feedback(application)
    if feedback is None:
        messages.error(request, _("Aucune session d'appui n'est ouverte pour ce dossier."))
        return redirect("portal:application_detail", pk=pk)
    form = SubmitForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            version = submit_revision(application=application, user=request.user)
        except ApplicationError as exc:
            if not exc.messages:  # what is missing is listed from the dossier below
                form.add_error(None, str(exc))
        else:
            messages.success(
                request,
                _(
                    "La version %(number)s de votre dossier est déposée. "
                    "Son récépissé vous est envoyé par e-mail."
                )
                % {"number": version.number},
            )
            return redirect("portal:application_detail", pk=pk)
        application = get_application_for(request, pk, queryset=full_application_queryset())
    now = timezone.now()
    deadline = feedback.round.deadline
    return render(
        request,
        "portal/support_rounds/new_version.html",
        {
            "application": application,
            "call": application.call,
            "fund": application.call.fund,
            "feedback": feedback,
            "round": feedback.round,
            "form": form,
            "missing": missing_items(application),
            "is_late": deadline is not None and now > deadline,
        },
        status=422 if request.method == "POST" else 200,
    )
