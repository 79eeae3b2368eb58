"""The jury in the back-office: a call's sessions, planning one (members, dossiers), the
deliberation with its decisions, closing the session and its minutes as a PDF."""

from pathlib import Path

from django.contrib import messages
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from essaim.core.audit import record
from essaim.funds.models import Call
from essaim.funds.selectors import managed_calls
from essaim.review.forms.jury import (
    JuryAbstentionsForm,
    JuryAttendanceForm,
    JuryDecisionForm,
    JuryItemsForm,
    JuryMembersForm,
    JurySessionEditForm,
    JurySessionForm,
)
from essaim.review.minutes import PdfUnavailable, render_minutes_pdf
from essaim.review.models import JuryItem, JuryMember, JurySession
from essaim.review.selectors.jury import (
    Deliberation,
    call_sessions,
    deliberation,
    jury_application_choices,
    jury_candidates,
    laureate_count,
    staff_session_queryset,
)
from essaim.review.services import jury as services
from essaim.review.services.jury import JuryError

from ..access import backoffice_view, get_call
from ..forms import silence

PERM = "review.manage_jury"
MINUTES_TEMPLATE = "backoffice/jury/minutes_pdf.html"
MINUTES_STYLESHEET = "backoffice/css/jury_minutes.css"


def _get_session(request, pk: int) -> JurySession:
    """A session of a call the person manages (404 otherwise), and the right to run it."""
    session = get_object_or_404(
        staff_session_queryset().filter(call__in=managed_calls(request.user)), pk=pk
    )
    if not request.user.has_perm(PERM, session):
        raise PermissionDenied
    return session


def _call_crumbs(call: Call) -> list[tuple[str, str]]:
    return [
        (_("Gestion"), reverse("backoffice:home")),
        (call.title, reverse("backoffice:call_detail", args=[call.pk])),
        (_("Jury"), reverse("backoffice:jury_sessions", args=[call.pk])),
    ]


def _session_crumbs(session: JurySession) -> list[tuple[str, str]]:
    return [
        *_call_crumbs(session.call),
        (session.title, reverse("backoffice:jury_deliberation", args=[session.pk])),
    ]


def _deliberation_url(session: JurySession, anchor: str = "") -> str:
    url = reverse("backoffice:jury_deliberation", args=[session.pk])
    return f"{url}#{anchor}" if anchor else url


def _redirect_if_held(request, session: JurySession):
    if session.held_at is not None:
        messages.info(request, _("La séance est close : elle ne peut plus être modifiée."))
        return redirect(_deliberation_url(session))
    return None


# --- sessions -----------------------------------------------------------------------------


@backoffice_view
@require_GET
def jury_sessions(request, pk: int):
    call = get_call(request, pk, perm=PERM)
    return render(
        request,
        "backoffice/jury/sessions.html",
        {
            "call": call,
            "current_fund": call.fund,
            "sessions": call_sessions(call),
            "laureates": laureate_count(call),
            "page_title": _("Jury"),
            "breadcrumbs": _call_crumbs(call)[:-1],
        },
    )


@backoffice_view
@require_http_methods(["GET", "POST"])
def jury_session_create(request, pk: int):
    call = get_call(request, pk, perm=PERM)
    form = JurySessionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            session = services.jury_session_create(
                call=call, actor=request.user, **form.service_data()
            )
        except JuryError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _("La séance « %s » est créée, avec les dossiers qui attendent le jury.")
                % session.title,
            )
            return redirect(_deliberation_url(session))
    return render(
        request,
        "backoffice/jury/session_form.html",
        {
            "call": call,
            "current_fund": call.fund,
            "form": form,
            "creating": True,
            "page_title": _("Nouvelle séance du jury"),
            "breadcrumbs": _call_crumbs(call),
        },
    )


@backoffice_view
@require_http_methods(["GET", "POST"])
def jury_session_edit(request, pk: int):
    session = _get_session(request, pk)
    if response := _redirect_if_held(request, session):
        return response
    posted = request.method == "POST"
    initial = {
        "title": session.title,
        "starts_at": session.starts_at,
        "place": session.place,
        "agenda": session.agenda,
        "minutes_notes": session.minutes_notes,
    }
    form = JurySessionEditForm(request.POST if posted else None, initial=initial)
    if posted and form.is_valid():
        try:
            services.jury_session_update(session=session, actor=request.user, **form.service_data())
        except JuryError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("La séance est enregistrée."))
            return redirect(_deliberation_url(session))
    return render(
        request,
        "backoffice/jury/session_form.html",
        {
            "call": session.call,
            "current_fund": session.call.fund,
            "session": session,
            "form": form,
            "creating": False,
            "page_title": _("Modifier la séance"),
            "breadcrumbs": _session_crumbs(session),
        },
    )


@backoffice_view
@require_http_methods(["GET", "POST"])
def jury_members(request, pk: int):
    session = _get_session(request, pk)
    if response := _redirect_if_held(request, session):
        return response
    posted = request.method == "POST"
    form = JuryMembersForm(
        request.POST if posted else None,
        candidates=jury_candidates(session.call),
        members=JuryMember.objects.filter(session=session),
    )
    if posted and form.is_valid():
        try:
            services.jury_members_set(session=session, actor=request.user, seats=form.seats())
        except JuryError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Les membres de la séance sont enregistrés."))
            return redirect(_deliberation_url(session, "members"))
    return render(
        request,
        "backoffice/jury/members.html",
        {
            "call": session.call,
            "current_fund": session.call.fund,
            "session": session,
            "form": form,
            "page_title": _("Membres de la séance"),
            "breadcrumbs": _session_crumbs(session),
        },
    )


@backoffice_view
@require_http_methods(["GET", "POST"])
def jury_items(request, pk: int):
    session = _get_session(request, pk)
    if response := _redirect_if_held(request, session):
        return response
    posted = request.method == "POST"
    form = JuryItemsForm(
        request.POST if posted else None,
        applications=jury_application_choices(session).only(
            "pk", "reference", "title", "organisation_name", "state"
        ),
        items=JuryItem.objects.filter(session=session),
    )
    if posted and form.is_valid():
        try:
            services.jury_items_set(
                session=session, actor=request.user, application_ids=form.application_ids()
            )
        except JuryError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("L'ordre du jour de la séance est enregistré."))
            return redirect(_deliberation_url(session, "dossiers"))
    return render(
        request,
        "backoffice/jury/items.html",
        {
            "call": session.call,
            "current_fund": session.call.fund,
            "session": session,
            "form": form,
            "page_title": _("Dossiers présentés au jury"),
            "breadcrumbs": _session_crumbs(session),
        },
    )


# --- the deliberation ---------------------------------------------------------------------


def _deliberation_page(
    request,
    data: Deliberation,
    *,
    attendance_form=None,
    decision_forms: dict | None = None,
    abstention_forms: dict | None = None,
):
    """The deliberation page; a form given here (bound, maybe with errors) replaces the
    blank one of its dossier, so that nothing typed is lost."""
    decision_forms = decision_forms or {}
    abstention_forms = abstention_forms or {}
    open_session = not data.is_held
    rows = []
    for row in data.rows:
        pk = row.application.pk
        rows.append(
            {
                "row": row,
                "decision_form": decision_forms.get(pk)
                or (
                    JuryDecisionForm(outcomes=row.outcomes, prefix=f"d{pk}")
                    if open_session and row.outcomes
                    else None
                ),
                "abstention_form": abstention_forms.get(pk)
                or (
                    JuryAbstentionsForm(
                        members=data.members, abstainers=row.abstainers, prefix=f"a{pk}"
                    )
                    if open_session and data.members
                    else None
                ),
            }
        )
    if attendance_form is None and open_session and data.members:
        attendance_form = JuryAttendanceForm(members=data.members)
    bound = [attendance_form, *decision_forms.values(), *abstention_forms.values()]
    failed = next((f for f in bound if f is not None and f.is_bound and f.errors), None)
    return render(
        request,
        "backoffice/jury/deliberation.html",
        {
            "call": data.call,
            "current_fund": data.call.fund,
            "session": data.session,
            "data": data,
            "rows": rows,
            "attendance_form": attendance_form,
            "failed_form": failed,
            "page_title": data.session.title,
            "breadcrumbs": _call_crumbs(data.call),
        },
    )


@backoffice_view
@require_GET
def jury_deliberation(request, pk: int):
    session = _get_session(request, pk)
    return _deliberation_page(request, deliberation(session))


@backoffice_view
@require_POST
def jury_attendance(request, pk: int):
    session = _get_session(request, pk)
    data = deliberation(session)
    form = JuryAttendanceForm(request.POST, members=data.members)
    if form.is_valid():
        try:
            services.jury_attendance_record(
                session=session, actor=request.user, present=form.present()
            )
        except JuryError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Les présences sont enregistrées."))
            return redirect(_deliberation_url(session, "members"))
    return _deliberation_page(request, data, attendance_form=form)


def _row_or_404(data: Deliberation, application_pk: int):
    row = data.row_for(application_pk)
    if row is None:
        raise Http404
    return row


@backoffice_view
@require_POST
def jury_abstentions(request, pk: int, application_pk: int):
    session = _get_session(request, pk)
    data = deliberation(session)
    row = _row_or_404(data, application_pk)
    form = JuryAbstentionsForm(
        request.POST,
        members=data.members,
        abstainers=row.abstainers,
        prefix=f"a{application_pk}",
    )
    if form.is_valid():
        try:
            services.jury_abstentions_set(
                session=session,
                application=row.application,
                actor=request.user,
                user_ids=form.user_ids(),
            )
        except JuryError as error:
            form.add_error("abstentions", str(error))
        else:
            messages.success(
                request,
                _("Les abstentions sur le dossier %s sont enregistrées.")
                % (row.application.reference or row.application.title),
            )
            return redirect(_deliberation_url(session, row.anchor))
    return _deliberation_page(request, data, abstention_forms={application_pk: form})


@backoffice_view
@require_POST
def jury_decision(request, pk: int, application_pk: int):
    """Two steps: the form on the deliberation page, then a page that restates the
    decision before it is recorded."""
    session = _get_session(request, pk)
    data = deliberation(session)
    row = _row_or_404(data, application_pk)
    application = row.application
    form = JuryDecisionForm(request.POST, outcomes=row.outcomes, prefix=f"d{application_pk}")
    if "edit" in request.POST:
        silence(form)
        return _deliberation_page(request, data, decision_forms={application_pk: form})
    if form.is_valid():
        fields = form.cleaned_data
        try:
            if "confirm" not in request.POST:
                services.check_jury_decision(
                    session=session, application=application, outcome=fields["outcome"]
                )
                return render(
                    request,
                    "backoffice/jury/decision_confirm.html",
                    {
                        "call": data.call,
                        "current_fund": data.call.fund,
                        "session": session,
                        "application": application,
                        "form": form,
                        "outcome_label": dict(form.fields["outcome"].choices)[fields["outcome"]],
                        "back_url": _deliberation_url(session, row.anchor),
                        "page_title": _("Confirmer la décision"),
                        "breadcrumbs": _session_crumbs(session),
                    },
                )
            decision = services.record_jury_decision(
                session=session,
                application=application,
                outcome=fields["outcome"],
                reason=fields["reason"],
                internal_note=fields["internal_note"],
                actor=request.user,
            )
        except JuryError as error:
            form.add_error("outcome", str(error))
        else:
            messages.success(
                request,
                _("Décision enregistrée pour le dossier %(reference)s : %(outcome)s.")
                % {
                    "reference": application.reference or application.title,
                    "outcome": decision.get_outcome_display(),
                },
            )
            return redirect(_deliberation_url(session, row.anchor))
    return _deliberation_page(request, data, decision_forms={application_pk: form})


@backoffice_view
@require_http_methods(["GET", "POST"])
def jury_hold(request, pk: int):
    """Close the session after a page that says what closing means."""
    session = _get_session(request, pk)
    if response := _redirect_if_held(request, session):
        return response
    data = deliberation(session)
    error = ""
    if request.method == "POST":
        try:
            services.jury_session_mark_held(session=session, actor=request.user)
        except JuryError as exc:
            error = str(exc)
        else:
            messages.success(
                request, _("La séance est close. Son procès-verbal peut être téléchargé.")
            )
            return redirect(_deliberation_url(session))
    return render(
        request,
        "backoffice/jury/hold_confirm.html",
        {
            "call": data.call,
            "current_fund": data.call.fund,
            "session": session,
            "data": data,
            "undecided": [r for r in data.rows if not r.decided_in_session],
            "error": error,
            "page_title": _("Clore la séance"),
            "breadcrumbs": _session_crumbs(session),
        },
    )


def _minutes_stylesheet() -> Path:
    found = finders.find(MINUTES_STYLESHEET)
    # a server that only keeps the collected files still has them in STATIC_ROOT
    return Path(found or staticfiles_storage.path(MINUTES_STYLESHEET))


@backoffice_view
@require_GET
def jury_minutes(request, pk: int):
    session = _get_session(request, pk)
    try:
        filename, content = render_minutes_pdf(
            session=session,
            template_name=MINUTES_TEMPLATE,
            stylesheet=_minutes_stylesheet(),
        )
    except PdfUnavailable as exc:
        return render(
            request,
            "backoffice/jury/minutes_unavailable.html",
            {
                "call": session.call,
                "current_fund": session.call.fund,
                "session": session,
                "reason": str(exc),
                "page_title": _("Procès-verbal indisponible"),
                "breadcrumbs": _session_crumbs(session),
            },
            status=503,
        )
    record(actor=request.user, action="jury.minutes_exported", obj=session, to_value=filename)
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response
