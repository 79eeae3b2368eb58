"""A call's conflicts of interest for its staff: the list (suspected first), the search for
likely ones, and confirming or clearing each."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from essaim.review.forms.setup import DecisionNoteForm
from essaim.review.models import Conflict
from essaim.review.selectors.assignment import call_conflicts, conflict_counts
from essaim.review.services import conflicts as conflict_services

from ..access import backoffice_view
from .review_setup import call_crumbs, get_call_object, get_selection_call

PAGE_SIZE = 50


@backoffice_view
def conflict_list(request, pk: int):
    call = get_selection_call(request, pk)
    paginator = Paginator(call_conflicts(call), PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    return render(
        request,
        "backoffice/review_setup/conflicts.html",
        {
            "call": call,
            "current_fund": call.fund,
            "page": page,
            "paginator": paginator,
            "counts": conflict_counts(call),
            "page_title": _("Conflits d'intérêts"),
            "breadcrumbs": call_crumbs(call),
        },
    )


@backoffice_view
@require_POST
def conflict_detect(request, pk: int):
    call = get_selection_call(request, pk)
    found = conflict_services.detect_conflicts(call=call)
    if found:
        messages.success(
            request,
            ngettext(
                "%(n)s conflit possible a été trouvé : confirmez-le ou écartez-le.",
                "%(n)s conflits possibles ont été trouvés : confirmez-les ou écartez-les.",
                len(found),
            )
            % {"n": len(found)},
        )
    else:
        messages.success(request, _("Aucun nouveau conflit possible n'a été trouvé."))
    return redirect("backoffice:conflict_list", pk=call.pk)


def _get_conflict(request, pk: int) -> Conflict:
    return get_call_object(
        request,
        Conflict.objects.select_related("application__call__fund", "person"),
        pk,
        "application__call",
    )


def _decide(request, conflict_pk: int, *, confirm: bool):
    conflict = _get_conflict(request, conflict_pk)
    form = DecisionNoteForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    try:
        if confirm:
            conflict_services.confirm_conflict(conflict=conflict, actor=request.user, details=note)
        else:
            conflict_services.clear_conflict(conflict=conflict, actor=request.user, reason=note)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        reference = conflict.application.reference or conflict.application.title
        text = (
            _("Le conflit entre %(person)s et le dossier %(ref)s est confirmé.")
            if confirm
            else _(
                "Le conflit entre %(person)s et le dossier %(ref)s est écarté : le dossier "
                "peut lui être confié."
            )
        )
        messages.success(request, text % {"person": conflict.person, "ref": reference})
    page = request.POST.get("page", "")
    url = redirect("backoffice:conflict_list", pk=conflict.application.call_id).url
    return redirect(url + (f"?page={page}" if page.isdigit() else ""))


@backoffice_view
@require_POST
def conflict_confirm(request, conflict_pk: int):
    return _decide(request, conflict_pk, confirm=True)


@backoffice_view
@require_POST
def conflict_clear(request, conflict_pk: int):
    return _decide(request, conflict_pk, confirm=False)
