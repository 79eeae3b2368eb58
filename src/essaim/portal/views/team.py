"""The project team: who they are, their roles, and who may edit the dossier."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from essaim.applications.enums import InvitationStatus
from essaim.applications.errors import ApplicationError
from essaim.applications.forms import TeamMemberForm
from essaim.applications.models import TeamMember
from essaim.applications.services import team as team_services

from ..access import get_application_for


@login_required
@require_http_methods(["GET", "POST"])
def team(request, pk: int):
    application = get_application_for(request, pk)
    editable = request.user.has_perm("applications.manage_team", application)
    form = TeamMemberForm(request.POST if request.method == "POST" else None) if editable else None
    if request.method == "POST":
        if not editable:
            return redirect("portal:application_detail", pk=pk)
        if form.is_valid():
            data = form.cleaned_data
            try:
                team_services.team_member_add(
                    application=application,
                    actor=request.user,
                    full_name=data["full_name"],
                    job_title=data["job_title"],
                    project_role=data["project_role"],
                    email=data["email"],
                    invite=data["invite"],
                )
            except ApplicationError as exc:
                form.add_error("email", str(exc))
            else:
                if data["invite"]:
                    messages.success(
                        request,
                        _(
                            "%(name)s est ajouté à l'équipe ; une invitation est envoyée à %(email)s."
                        )
                        % {"name": data["full_name"], "email": data["email"]},
                    )
                else:
                    messages.success(request, _("%s est ajouté à l'équipe.") % data["full_name"])
                return redirect("portal:team", pk=pk)
    members = application.team.select_related("user")
    return render(
        request,
        "portal/team.html",
        {
            "application": application,
            "call": application.call,
            "fund": application.call.fund,
            "members": members,
            "form": form,
            "editable": editable,
            "can_remove": request.user.has_perm("applications.remove_team_member", application),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def team_member_edit(request, pk: int, member_pk: int):
    application = get_application_for(request, pk, perm="applications.manage_team")
    member = get_object_or_404(TeamMember, pk=member_pk, application=application)
    form = TeamMemberForm(
        request.POST if request.method == "POST" else None, instance=member, allow_invite=False
    )
    if request.method == "POST" and form.is_valid():
        try:
            team_services.team_member_update(
                member=member,
                actor=request.user,
                data={k: form.cleaned_data[k] for k in ("full_name", "job_title", "project_role")},
            )
        except ApplicationError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request, _("Les informations de %s sont enregistrées.") % member.full_name
            )
            return redirect("portal:team", pk=pk)
    return render(
        request,
        "portal/team_member_edit.html",
        {"application": application, "fund": application.call.fund, "member": member, "form": form},
    )


@login_required
@require_http_methods(["GET", "POST"])
def team_member_remove(request, pk: int, member_pk: int):
    application = get_application_for(request, pk, perm="applications.remove_team_member")
    member = get_object_or_404(TeamMember, pk=member_pk, application=application)
    error = None
    if request.method == "POST":
        try:
            team_services.team_member_remove(member=member, actor=request.user)
        except ApplicationError as exc:
            error = str(exc)
        else:
            messages.success(request, _("%s ne fait plus partie de l'équipe.") % member.full_name)
            return redirect("portal:team", pk=pk)
    return render(
        request,
        "portal/team_member_remove.html",
        {
            "application": application,
            "fund": application.call.fund,
            "member": member,
            "error": error,
        },
    )


@login_required
@require_http_methods(["POST"])
def team_invitation_resend(request, pk: int, member_pk: int):
    application = get_application_for(request, pk, perm="applications.manage_team")
    member = get_object_or_404(TeamMember, pk=member_pk, application=application)
    try:
        team_services.team_invitation_resend(member=member, actor=request.user)
    except ApplicationError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("L'invitation est renvoyée à %s.") % member.email)
    return redirect("portal:team", pk=pk)


@login_required
@require_http_methods(["GET", "POST"])
def accept_invitation(request, token):
    member = (
        TeamMember.objects.select_related("application__call__fund")
        .filter(invitation_token=token)
        .first()
    )
    usable = member is not None and member.invitation_status == InvitationStatus.PENDING
    if request.method == "POST" and usable:
        try:
            team_services.team_invitation_accept(token=token, user=request.user)
        except ApplicationError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Vous faites maintenant partie de l'équipe de ce dossier."))
            return redirect("portal:application_detail", pk=member.application_id)
    status = 200 if usable else 410
    return render(
        request,
        "portal/accept_invitation.html",
        {"member": member if usable else None},
        status=status,
    )
