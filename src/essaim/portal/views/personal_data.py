"""A person's own data: what Essaim holds, the JSON download, and deleting the account.

The views take no identifier: they always work on the person signed in, so nobody can reach
anyone else's data through them.
"""

import json

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from essaim.privacy.account_deletion import (
    AccountDeletionRefused,
    account_delete,
    deletion_preview,
)
from essaim.privacy.forms import AccountDeleteForm
from essaim.privacy.personal_data import personal_data_export


def _check(request, perm: str) -> None:
    if not request.user.has_perm(perm):
        raise PermissionDenied


@login_required
@require_safe
def personal_data(request):
    _check(request, "privacy.export_own_data")
    return render(
        request,
        "portal/personal_data/home.html",
        {"may_delete": request.user.has_perm("privacy.delete_own_account")},
    )


@login_required
@require_safe
@never_cache
def personal_data_download(request):
    _check(request, "privacy.export_own_data")
    data = personal_data_export(user=request.user)
    body = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    filename = f"essaim-mes-donnees-{timezone.localdate():%Y-%m-%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def account_delete_view(request):
    _check(request, "privacy.export_own_data")
    user = request.user
    preview = deletion_preview(user)
    posted = request.method == "POST"
    form = (
        AccountDeleteForm(request.POST if posted else None, user=user) if preview.allowed else None
    )
    if posted and not preview.allowed:
        status = 403
    elif posted and form.is_valid():
        try:
            account_delete(user=user)
        except AccountDeletionRefused as exc:
            for message in exc.messages:
                form.add_error(None, message)
        else:
            logout(request)
            messages.success(
                request,
                _(
                    "Votre compte est supprimé. Les dossiers de votre organisme restent, sans "
                    "votre nom ni votre adresse."
                ),
            )
            return redirect("public:home")
        status = 422
    else:
        status = 422 if posted else 200
    return render(
        request,
        "portal/personal_data/delete.html",
        {"preview": preview, "form": form},
        status=status,
    )
