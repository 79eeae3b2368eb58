"""« Je veux m'en inspirer » : a signed-in person declares that their public body takes up a
published innovation, with a first message to its team. The body is chosen in the
referential with the combobox; without JavaScript the typed text is resolved on save and,
when several bodies match, the page comes back with them to pick from, the message kept.
Declaring again for the same body leads to the existing reuse."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from essaim.catalogue.forms.reuse import ReuseDeclareForm
from essaim.catalogue.models import Innovation
from essaim.catalogue.services.reuse import ReuseError, reuse_declare

FORM_FIELD_OF = {"organisation": "organisation_query", "body": "message"}


@login_required
@require_http_methods(["GET", "POST"])
def reuse_declare_view(request, slug: str):
    innovation = get_object_or_404(
        Innovation.objects.select_related("fund", "organisation"), slug=slug, is_published=True
    )
    if not request.user.has_perm("catalogue.declare_reuse", innovation):
        raise PermissionDenied
    form = ReuseDeclareForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            declared = reuse_declare(
                innovation=innovation,
                organisation=data["organisation"],
                user=request.user,
                message=data["message"],
            )
        except ReuseError as error:
            form.add_error(FORM_FIELD_OF.get(error.field), str(error))
        else:
            if declared.created:
                messages.success(
                    request,
                    _(
                        "C'est noté : %(body)s s'inspire de « %(title)s ». Votre message est "
                        "envoyé à l'équipe de l'innovation ; sa réponse arrivera ici, et vous "
                        "serez prévenu par e-mail. La réutilisation apparaîtra sur la fiche une fois "
                        "confirmée par l'équipe."
                    )
                    % {"body": declared.reuse.organisation.name, "title": innovation.title},
                )
            else:
                messages.info(
                    request,
                    _(
                        "Vous suiviez déjà cette innovation pour %(body)s : votre message est "
                        "ajouté à la conversation."
                    )
                    % {"body": declared.reuse.organisation.name},
                )
            return redirect("portal:reuse_detail", pk=declared.reuse.pk)
    return render(
        request,
        "public/reuse/declare.html",
        {"innovation": innovation, "fund": innovation.fund, "form": form},
    )
