"""The "Soutien hiérarchique" section (the team asks, sees the answer, asks again) and the
page the supervisor reaches from the e-mailed link, without an account."""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from essaim.applications.enums import ApplicationState, SupportStatus
from essaim.applications.errors import ApplicationError
from essaim.applications.models import SupportRequest
from essaim.applications.services import support as support_services
from essaim.applications.services.support import SupportLinkError

from ..access import get_application_for


class SupportRequestForm(forms.Form):
    supervisor_name = forms.CharField(
        label=gettext_lazy("Prénom et nom de votre responsable"),
        max_length=150,
        error_messages={
            "required": gettext_lazy("Indiquez le prénom et le nom de votre responsable.")
        },
    )
    supervisor_function = forms.CharField(
        label=gettext_lazy("Sa fonction"),
        help_text=gettext_lazy(
            "Par exemple : directrice générale des services, maire, chef de service."
        ),
        max_length=150,
        error_messages={"required": gettext_lazy("Indiquez la fonction de votre responsable.")},
    )
    supervisor_email = forms.EmailField(
        label=gettext_lazy("Son adresse e-mail professionnelle"),
        help_text=gettext_lazy(
            "Un lien lui est envoyé pour confirmer son soutien, sans créer de compte."
        ),
        max_length=254,
        error_messages={
            "required": gettext_lazy("Indiquez l'adresse e-mail de votre responsable."),
            "invalid": gettext_lazy(
                "Saisissez une adresse e-mail valide, par exemple nom@mairie.fr."
            ),
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["supervisor_name"].widget.attrs["autocomplete"] = "off"
        self.fields["supervisor_email"].widget.attrs["autocomplete"] = "off"


class SupportAnswerForm(forms.Form):
    comment = forms.CharField(
        label=gettext_lazy("Votre commentaire"),
        help_text=gettext_lazy(
            "Facultatif si vous confirmez votre soutien ; nécessaire si vous le refusez. "
            "L'équipe du projet le lira."
        ),
        max_length=support_services.COMMENT_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    decision = forms.ChoiceField(
        choices=[("confirm", "confirm"), ("decline", "decline")],
        widget=forms.HiddenInput,
        error_messages={"required": gettext_lazy("Choisissez de confirmer ou de refuser.")},
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") == "decline" and not cleaned.get("comment", "").strip():
            self.add_error("comment", _("Indiquez pourquoi vous ne soutenez pas ce projet."))
        return cleaned


@login_required
@require_http_methods(["GET", "POST"])
def support(request, pk: int):
    application = get_application_for(request, pk)
    call = application.call
    if not call.requires_hierarchical_support:
        raise Http404
    editable = application.state == ApplicationState.DRAFT and request.user.has_perm(
        "applications.edit_application", application
    )
    support_request = SupportRequest.objects.filter(application=application).first()
    form = None
    if editable:
        initial = {}
        if support_request is not None:
            initial = {
                "supervisor_name": support_request.supervisor_name,
                "supervisor_function": support_request.supervisor_function,
                "supervisor_email": support_request.supervisor_email,
            }
        form = SupportRequestForm(
            request.POST if request.method == "POST" else None, initial=initial
        )
    if request.method == "POST":
        if not editable:
            raise PermissionDenied
        if form.is_valid():
            data = form.cleaned_data
            try:
                sent = support_services.support_request_send(
                    application=application,
                    actor=request.user,
                    supervisor_name=data["supervisor_name"],
                    supervisor_function=data["supervisor_function"],
                    supervisor_email=data["supervisor_email"],
                )
            except ApplicationError as exc:
                form.add_error("supervisor_email", str(exc))
            else:
                messages.success(
                    request,
                    _(
                        "La demande de soutien est envoyée à %(name)s (%(email)s). "
                        "Le lien reçu est valable %(days)s jours."
                    )
                    % {
                        "name": sent.supervisor_name,
                        "email": sent.supervisor_email,
                        "days": settings.ESSAIM_SUPPORT_LINK_MAX_AGE_DAYS,
                    },
                )
                return redirect("portal:support", pk=pk)
    return render(
        request,
        "portal/support.html",
        {
            "application": application,
            "call": call,
            "fund": call.fund,
            "support_request": support_request,
            "form": form,
            "editable": editable,
            "max_age_days": settings.ESSAIM_SUPPORT_LINK_MAX_AGE_DAYS,
        },
        status=422 if form is not None and form.errors else 200,
    )


@never_cache
@require_http_methods(["GET", "POST"])
def support_respond(request, token: str):
    """The supervisor's page. Anyone holding a valid link may answer, once."""
    try:
        support_request = support_services.support_request_from_token(token)
    except SupportLinkError as exc:
        return _invalid_link(request, exc)
    application = support_request.application
    form = SupportAnswerForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            answered = support_services.support_request_answer(
                token=token,
                confirm=form.cleaned_data["decision"] == "confirm",
                comment=form.cleaned_data["comment"],
            )
        except SupportLinkError as exc:
            return _invalid_link(request, exc)
        except ApplicationError as exc:
            form.add_error("comment", str(exc))
        else:
            return render(
                request,
                "portal/support_answered.html",
                {
                    "support_request": answered,
                    "application": application,
                    "fund": application.call.fund,
                    "confirmed": answered.status == SupportStatus.CONFIRMED,
                },
            )
    team = application.team.all()
    return render(
        request,
        "portal/support_respond.html",
        {
            "support_request": support_request,
            "application": application,
            "call": application.call,
            "fund": application.call.fund,
            "team": team,
            "form": form,
        },
        status=422 if form.errors else 200,
    )


def _invalid_link(request, exc: SupportLinkError):
    answered = exc.support_request if exc.reason == SupportLinkError.ANSWERED else None
    return render(
        request,
        "portal/support_link_invalid.html",
        {"message": str(exc), "reason": exc.reason, "answered": answered},
        status=exc.status,
    )
