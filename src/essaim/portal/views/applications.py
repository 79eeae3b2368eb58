"""The applicant's home ("Mes dossiers"), starting a dossier, and its task list."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Exists, F, OuterRef
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from essaim.accompaniment.enums import EngagementStatus, SignatureSide
from essaim.accompaniment.models import Signature
from essaim.applications.enums import ApplicationState, SectionStatus
from essaim.applications.errors import ApplicationError
from essaim.applications.forms import StartApplicationForm
from essaim.applications.models import Application
from essaim.applications.next_steps import next_step
from essaim.applications.sections import section_states
from essaim.applications.services.drafts import application_start as start_service
from essaim.core.models import AuditEvent
from essaim.funds.models import Call

from ..access import full_application_queryset, get_application_for


@login_required
def my_applications(request):
    applications = list(
        Application.objects.editable_by(request.user)
        .select_related("call__fund")
        .prefetch_related("call__stages")
        # a laureate's accompaniment workspace, linked from the list
        .annotate(workspace_pk=F("accompaniment"))
        # an engagement (or amendment) the fund signed waits for the team's signature
        .annotate(
            awaits_team_signature=Exists(
                Signature.objects.filter(
                    engagement__application=OuterRef("pk"),
                    engagement__status=EngagementStatus.DRAFT,
                    side=SignatureSide.FUND,
                )
            )
        )
        .order_by("-updated_at")
    )
    rows = [{"application": a, "next_step": next_step(a)} for a in applications]
    open_calls = Call.objects.published().open_at(timezone.now()).select_related("fund")
    return render(
        request,
        "portal/my_applications.html",
        {"rows": rows, "open_calls": open_calls},
    )


@login_required
@require_http_methods(["GET", "POST"])
def application_start(request, fund_slug: str, call_slug: str):
    call = get_object_or_404(
        Call.objects.published().select_related("fund"), fund__slug=fund_slug, slug=call_slug
    )
    drafts = Application.objects.editable_by(request.user).filter(
        call=call, state=ApplicationState.DRAFT
    )
    form = StartApplicationForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            application = start_service(
                call=call, user=request.user, title=form.cleaned_data["title"]
            )
        except ApplicationError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request, _("Votre dossier est créé. Il s'enregistre au fur et à mesure.")
            )
            # a new draft has a body only when ProConnect named it (prefill_organisation)
            if application.organisation_id:
                messages.info(
                    request,
                    _(
                        "Organisme porteur rempli d'après votre connexion ProConnect : %(name)s. "
                        "Vous pouvez le changer dans la section « Organisme »."
                    )
                    % {"name": application.organisation_name},
                )
            return redirect("portal:application_detail", pk=application.pk)
    return render(
        request,
        "portal/application_start.html",
        {
            "call": call,
            "fund": call.fund,
            "form": form,
            "drafts": drafts,
            "is_open": call.is_open_at(timezone.now()),
        },
    )


@login_required
def application_detail(request, pk: int):
    application = get_application_for(request, pk, queryset=full_application_queryset())
    states = section_states(application)
    done = sum(1 for s in states if s.status == SectionStatus.DONE)
    editable = request.user.has_perm("applications.edit_application", application)
    return render(
        request,
        "portal/application_detail.html",
        {
            "application": application,
            "call": application.call,
            "fund": application.call.fund,
            "sections": states,
            "done_count": done,
            "section_count": sum(1 for s in states if s.counts),
            "editable": editable,
            "can_withdraw": request.user.has_perm("applications.withdraw_application", application),
            "next_step": next_step(application),
            "history": AuditEvent.objects.for_object(application).filter(
                action="application.state"
            ),
            "now": timezone.now(),
        },
    )
