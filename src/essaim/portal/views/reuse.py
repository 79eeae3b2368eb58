"""Following a reuse: "Mes réutilisations" (the reuses a person declared, and those of the
innovations whose team they are on) and one page per reuse with its thread, its status and
its history. A reuse is seen by its declarer, the innovation's team and the fund's staff
(catalogue.follow_reuse); anyone else gets 404, so its existence is not revealed."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from essaim.catalogue.forms.reuse import ReuseMessageForm, ReuseStatusForm
from essaim.catalogue.models import Reuse
from essaim.catalogue.selectors.reuse import my_reuses, reuse_for_thread, thread
from essaim.catalogue.services.reuse import (
    ReuseError,
    reuse_change_status,
    reuse_confirm,
    reuse_post_message,
    writes_as_team,
)


def get_reuse_for(request, pk: int) -> Reuse:
    reuse = get_object_or_404(reuse_for_thread(), pk=pk)
    if not request.user.has_perm("catalogue.follow_reuse", reuse):
        raise Http404
    return reuse


@login_required
@require_safe
def my_reuses_view(request):
    return render(request, "portal/reuse/my_reuses.html", my_reuses(request.user))


def _render_detail(request, reuse: Reuse, *, message_form=None, status_form=None, status=200):
    can_change = request.user.has_perm("catalogue.change_reuse_status", reuse)
    if can_change and status_form is None:
        status_form = ReuseStatusForm(initial={"status": reuse.status})
    return render(
        request,
        "portal/reuse/reuse_detail.html",
        {
            "reuse": reuse,
            "innovation": reuse.innovation,
            "fund": reuse.innovation.fund,
            "as_team": writes_as_team(request.user, reuse),
            "can_confirm": request.user.has_perm("catalogue.confirm_reuse", reuse),
            "message_form": message_form or ReuseMessageForm(),
            "status_form": status_form if can_change else None,
            **thread(reuse),
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def reuse_detail(request, pk: int):
    reuse = get_reuse_for(request, pk)
    form = ReuseMessageForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            message = reuse_post_message(
                reuse=reuse, author=request.user, body=form.cleaned_data["body"]
            )
        except ReuseError as error:
            form.add_error("body", str(error))
        else:
            if message.from_team:
                text = _("Votre message est envoyé à %(body)s.") % {"body": reuse.organisation.name}
            else:
                text = _("Votre message est envoyé à l'équipe de l'innovation.")
            messages.success(request, text)
            return redirect(f"{request.path}#message-{message.pk}")
    return _render_detail(request, reuse, message_form=form)


@login_required
@require_POST
def reuse_status(request, pk: int):
    reuse = get_reuse_for(request, pk)
    if not request.user.has_perm("catalogue.change_reuse_status", reuse):
        raise PermissionDenied  # the team follows the reuse; the reusing body reports it
    form = ReuseStatusForm(request.POST)
    if form.is_valid():
        try:
            reuse_change_status(
                reuse=reuse,
                status=form.cleaned_data["status"],
                note=form.cleaned_data["note"],
                actor=request.user,
            )
        except ReuseError as error:
            form.add_error(error.field if error.field in form.fields else None, str(error))
        else:
            messages.success(
                request,
                _("Avancement enregistré : %(status)s.") % {"status": reuse.get_status_display()},
            )
            return redirect("portal:reuse_detail", pk=reuse.pk)
    return _render_detail(request, reuse, status_form=form)


@login_required
@require_POST
def reuse_confirm_view(request, pk: int):
    reuse = get_reuse_for(request, pk)
    if not request.user.has_perm("catalogue.confirm_reuse", reuse):
        raise PermissionDenied  # the declarer cannot vouch for their own declaration
    reuse_confirm(reuse=reuse, actor=request.user)
    messages.success(
        request,
        _("La réutilisation par %(body)s est confirmée : elle apparaît sur la fiche publique.")
        % {"body": reuse.organisation.name},
    )
    return redirect("portal:reuse_detail", pk=reuse.pk)
