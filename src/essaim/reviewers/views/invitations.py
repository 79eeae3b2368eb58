"""Answering an invitation to review or judge a call's dossiers.

The token in the address is the only secret. Anyone holding it sees what the invitation is
about and how to sign in; accepting needs an account with the invited address. A link that
was used or cancelled gets a page that says so (410), an unknown one a 404.
"""

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from essaim.funds.enums import FundRole, InvitationState
from essaim.funds.models import CallMembership, Invitation
from essaim.review.forms.setup import AcceptInvitationForm
from essaim.review.services import invitations as invitation_services
from essaim.review.services.invitations import InvitationError

# What the invitation pages say to each role.
TITLES = {
    FundRole.REVIEWER: _("Invitation à évaluer des dossiers"),
    FundRole.JUROR: _("Invitation à siéger au jury"),
    FundRole.COACH: _("Invitation à accompagner des lauréats"),
    FundRole.EVALUATOR: _("Invitation à évaluer l'accompagnement de lauréats"),
}
WELCOME = {
    FundRole.REVIEWER: _("Bienvenue ! Vous faites maintenant partie des experts de « %s »."),
    FundRole.JUROR: _("Bienvenue ! Vous faites maintenant partie du jury de « %s »."),
    FundRole.COACH: _("Bienvenue ! Vous accompagnez maintenant des lauréats de « %s »."),
    FundRole.EVALUATOR: _("Bienvenue ! Vous évaluez maintenant des lauréats de « %s »."),
}


def _affiliation_initial(user) -> dict:
    """What the person declared when they last accepted an invitation, to save typing."""
    last = (
        CallMembership.objects.filter(user=user)
        .exclude(organisation_name="")
        .order_by("-updated_at")
        .values("organisation_name", "organisation_departement")
        .first()
    )
    return last or {}


@require_http_methods(["GET", "POST"])
def accept_invitation(request, token):
    invitation = get_object_or_404(
        Invitation.objects.select_related("call__fund", "invited_by"), token=token
    )
    context = {
        "invitation": invitation,
        "call": invitation.call,
        "is_juror": invitation.role == FundRole.JUROR,
        "role": invitation.role,
    }
    if invitation.status != InvitationState.PENDING:
        context["page_title"] = _("Ce lien n'est plus valable")
        context["accepted_by_you"] = (
            invitation.status == InvitationState.ACCEPTED
            and request.user.is_authenticated
            and invitation.accepted_by_id == request.user.pk
        )
        return render(request, "reviewers/invitation_invalid.html", context, status=410)

    if not request.user.is_authenticated:
        next_query = urlencode({"next": request.get_full_path()})
        context.update(
            {
                "login_url": f"{reverse('account_login')}?{next_query}",
                "signup_url": f"{reverse('account_signup')}?{next_query}",
                "page_title": TITLES[invitation.role],
            }
        )
        return render(request, "reviewers/invitation_anonymous.html", context)

    posted = request.method == "POST"
    form = AcceptInvitationForm(
        request.POST if posted else None, initial=_affiliation_initial(request.user)
    )
    if posted and form.is_valid():
        try:
            acceptance = invitation_services.invitation_accept(
                token=invitation.token,
                user=request.user,
                organisation_name=form.cleaned_data["organisation_name"],
                organisation_departement=form.cleaned_data["organisation_departement"],
            )
        except ValidationError as exc:
            for name, errors in exc.message_dict.items():
                for error in errors:
                    form.add_error(name if name in form.fields else None, error)
        except InvitationError as exc:
            form.add_error(None, str(exc))
        else:
            if acceptance.already_member:
                messages.success(
                    request,
                    _("Vous faisiez déjà partie de cet appel : vos informations sont à jour."),
                )
            else:
                messages.success(request, WELCOME[invitation.role] % invitation.call.title)
            # coaches and evaluators work in the accompaniment space, not on scoring
            if invitation.role in invitation_services.ACCOMPANIMENT_ROLES:
                return redirect("coaching:home")
            return redirect("reviewers:home")
    context.update(
        {
            "form": form,
            "holds_address": invitation_services.user_holds_address(request.user, invitation.email),
            "page_title": _("Accepter l'invitation"),
        }
    )
    return render(request, "reviewers/invitation_accept.html", context)
