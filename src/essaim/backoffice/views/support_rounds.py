"""Support rounds (appui) for staff: a call's rounds, opening one, following it, closing it,
and comparing two versions of a dossier."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from essaim.applications.models import Application
from essaim.funds.models import Call
from essaim.review.enums import SupportRoundStatus
from essaim.review.forms.support_rounds import OpenRoundForm, VersionCompareForm
from essaim.review.models import SupportRound
from essaim.review.selectors.support_rounds import (
    call_rounds,
    round_feedbacks,
    shortlisted_applications,
    version_list,
    versions_by_number,
)
from essaim.review.services.support_rounds import SupportRoundError, close_round, open_round
from essaim.review.version_diff import changed_count, diff_versions

from ..access import backoffice_view, get_application, get_call
from ..forms import silence


def _support_call(request, pk: int) -> Call:
    """A call the person runs the selection of, that has a support stage (else 404)."""
    call = get_call(request, pk, perm="review.manage_selection")
    if not call.uses_support_stage:
        raise Http404
    return call


def _crumbs(call: Call, *, with_list: bool = True) -> list[tuple[str, str]]:
    crumbs = [
        (_("Gestion"), reverse("backoffice:home")),
        (call.title, reverse("backoffice:call_detail", args=[call.pk])),
    ]
    if with_list:
        crumbs.append(
            (_("Appui aux équipes"), reverse("backoffice:support_rounds", args=[call.pk]))
        )
    return crumbs


@backoffice_view
def support_rounds(request, pk: int):
    call = _support_call(request, pk)
    return render(
        request,
        "backoffice/support_rounds/round_list.html",
        {
            "call": call,
            "current_fund": call.fund,
            "rounds": call_rounds(call),
            "shortlisted_count": shortlisted_applications(call).count(),
            "page_title": _("Appui aux équipes"),
            "breadcrumbs": _crumbs(call, with_list=False),
        },
    )


@backoffice_view
@require_http_methods(["GET", "POST"])
def support_round_open(request, pk: int):
    """Two steps: the round and each team's feedback, then a page that restates who will be
    written to before anything is sent."""
    call = _support_call(request, pk)
    applications = list(shortlisted_applications(call))
    posted = request.method == "POST"
    form = OpenRoundForm(request.POST if posted else None, applications=applications)
    context = {
        "call": call,
        "current_fund": call.fund,
        "form": form,
        "rows": form.rows(),
        "page_title": _("Ouvrir une session d'appui"),
        "breadcrumbs": _crumbs(call),
    }
    if posted and "edit" in request.POST:
        silence(form)
    elif posted and form.is_valid():
        feedbacks = form.feedbacks()
        if "confirm" not in request.POST:
            context["chosen"] = [
                {"application": application, "feedback": text}
                for application, text in feedbacks.items()
            ]
            return render(request, "backoffice/support_rounds/round_open_confirm.html", context)
        try:
            support_round = open_round(
                call=call,
                title=form.cleaned_data["title"],
                message=form.cleaned_data["message"],
                deadline=form.cleaned_data["deadline"],
                feedbacks=feedbacks,
                actor=request.user,
            )
        except SupportRoundError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                ngettext(
                    "La session d'appui est ouverte : %(count)s équipe est prévenue par e-mail.",
                    "La session d'appui est ouverte : %(count)s équipes sont prévenues par e-mail.",
                    len(feedbacks),
                )
                % {"count": len(feedbacks)},
            )
            return redirect(
                "backoffice:support_round_detail", pk=call.pk, round_pk=support_round.pk
            )
    return render(request, "backoffice/support_rounds/round_open.html", context)


@backoffice_view
def support_round_detail(request, pk: int, round_pk: int):
    call = _support_call(request, pk)
    support_round = get_object_or_404(
        SupportRound.objects.select_related("opened_by"), pk=round_pk, call=call
    )
    feedbacks = list(round_feedbacks(support_round))
    return render(
        request,
        "backoffice/support_rounds/round_detail.html",
        {
            "call": call,
            "current_fund": call.fund,
            "round": support_round,
            "feedbacks": feedbacks,
            "revised_count": sum(1 for f in feedbacks if f.revised_version_id),
            "is_open": support_round.status == SupportRoundStatus.OPEN,
            "page_title": support_round.title,
            "breadcrumbs": _crumbs(call),
        },
    )


@backoffice_view
@require_http_methods(["GET", "POST"])
def support_round_close(request, pk: int, round_pk: int):
    """A confirmation page that says what closing does; the POST closes."""
    call = _support_call(request, pk)
    support_round = get_object_or_404(SupportRound, pk=round_pk, call=call)
    if support_round.status != SupportRoundStatus.OPEN:
        messages.error(request, _("Cette session d'appui est déjà close."))
        return redirect("backoffice:support_round_detail", pk=call.pk, round_pk=support_round.pk)
    feedbacks = list(round_feedbacks(support_round))
    if request.method == "POST":
        try:
            close_round(round=support_round, actor=request.user)
        except SupportRoundError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                _(
                    "La session « %(title)s » est close : les dossiers sont de nouveau présélectionnés."
                )
                % {"title": support_round.title},
            )
        return redirect("backoffice:support_round_detail", pk=call.pk, round_pk=support_round.pk)
    return render(
        request,
        "backoffice/support_rounds/round_close.html",
        {
            "call": call,
            "current_fund": call.fund,
            "round": support_round,
            "feedbacks": feedbacks,
            "missing": [f for f in feedbacks if not f.revised_version_id],
            "page_title": _("Clore la session d'appui"),
            "breadcrumbs": [
                *_crumbs(call),
                (
                    support_round.title,
                    reverse("backoffice:support_round_detail", args=[call.pk, support_round.pk]),
                ),
            ],
        },
    )


@backoffice_view
def version_diff(request, pk: int):
    """Two versions of a dossier side by side in one text: what was taken out, what was
    added. By default the version before the latest against the latest."""
    application = get_application(request, pk, Application.objects.select_related("call__fund"))
    if not request.user.has_perm("review.manage_selection", application):
        raise PermissionDenied
    call = application.call
    versions = list(version_list(application))
    form = None
    sections = []
    before = after = None
    if len(versions) >= 2:
        data = request.GET if "de" in request.GET or "a" in request.GET else None
        if data is None:
            data = {"de": versions[-2].number, "a": versions[-1].number}
        form = VersionCompareForm(data, versions=versions)
        if form.is_valid():
            numbers = [form.cleaned_data["de"], form.cleaned_data["a"]]
            found = versions_by_number(application, numbers)
            before, after = found[numbers[0]], found[numbers[1]]
            sections = diff_versions(before.content, after.content)
    return render(
        request,
        "backoffice/support_rounds/version_diff.html",
        {
            "application": application,
            "call": call,
            "current_fund": call.fund,
            "versions": versions,
            "form": form,
            "before": before,
            "after": after,
            "sections": sections,
            "changed_count": changed_count(sections),
            "page_title": _("Comparer les versions"),
            "breadcrumbs": [
                (_("Gestion"), reverse("backoffice:home")),
                (call.title, reverse("backoffice:call_detail", args=[call.pk])),
                (
                    application.reference or application.title,
                    reverse("backoffice:application_detail", args=[application.pk]),
                ),
            ],
        },
    )
