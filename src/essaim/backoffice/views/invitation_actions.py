"""Resending and revoking a per-call invitation, shared by the selection's pool page and the
accompaniment's people page: each view finds the invitation its own way, then calls these."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from essaim.review.services import invitations as invitation_services


def resend(request, invitation, *, back: str):
    try:
        invitation_services.invitation_resend(invitation=invitation, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("L'invitation est renvoyée à %s.") % invitation.email)
    return redirect(back, pk=invitation.call_id)


def revoke(request, invitation, *, back: str):
    try:
        invitation_services.invitation_revoke(invitation=invitation, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _("L'invitation de %s est annulée : son lien ne fonctionne plus.") % invitation.email,
        )
    return redirect(back, pk=invitation.call_id)
