"""A dossier as a PDF to read off line (the jury's archive): its sections, team, organisation,
support and the list of its files, drawn with WeasyPrint.

A submitted dossier is drawn from its latest version — what the team submitted, covered by
the SHA-256 of its receipt — never from the live row; a draft from its current content.
Always in French, the language of the procedure. Contact details (e-mail addresses) are left
out: the reader needs what the project is, the back-office keeps how to reach its team.
With `hide_applicants`, the names of the people and of the body are left out too (the
answers themselves stay as the team wrote them).
"""

import datetime as dt

from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from .enums import ApplicationState, SubmissionChannel, SupportStatus, TeamAccess
from .models import Application, ApplicationVersion
from .receipts import PARIS, PdfUnavailable, _label, _sections, _weasyprint, format_paris_time
from .snapshot import application_content
from .uploads import format_size

__all__ = ["PdfUnavailable", "dossier_pdf_context", "render_dossier_pdf"]

HIDDEN_FIELDS = ("organisation_name",)


def latest_version(application: Application) -> ApplicationVersion | None:
    return application.versions.order_by("-number").first()


def dossier_pdf_context(
    application: Application,
    *,
    version: ApplicationVersion | None = None,
    hide_applicants: bool = False,
) -> dict:
    """What the PDF shows. `version` defaults to the latest one (None for a draft)."""
    if version is None and application.state != ApplicationState.DRAFT:
        version = latest_version(application)
    content = dict(version.content) if version is not None else application_content(application)
    if hide_applicants:
        for name in HIDDEN_FIELDS:
            content[name] = _("(masqué)")
    sections = _sections(content)
    support = content.get("support")
    if support:
        responded = support.get("responded_at")
        support = {
            "name": "" if hide_applicants else support.get("supervisor_name", ""),
            "function": support.get("supervisor_function", ""),
            "status": _label(SupportStatus, support.get("status", "")),
            "responded_at": format_paris_time(dt.datetime.fromisoformat(responded))
            if responded
            else "",
        }
    call = application.call
    return {
        "reference": application.reference or _("Brouillon n° %(pk)s") % {"pk": application.pk},
        "fund_name": call.fund.name,
        "call_title": call.title,
        "title": content.get("title", application.title),
        "state": ApplicationState(application.state).label,
        "submitted_at": format_paris_time(version.submitted_at) if version else "",
        "version_number": version.number if version else None,
        "sha256": version.sha256 if version else "",
        "assisted": application.is_assisted and application.submitted_at is not None,
        "channel": _label(SubmissionChannel, application.submission_channel),
        "received_on": application.received_on,
        "hide_applicants": hide_applicants,
        "team": []
        if hide_applicants
        else [
            {
                "full_name": m.get("full_name", ""),
                "job_title": m.get("job_title", ""),
                "project_role": m.get("project_role", ""),
                "access": _label(TeamAccess, m.get("access", "")),
            }
            for m in content.get("team") or []
        ],
        "sections": sections,
        "attachments": [
            {
                "name": a.get("name", ""),
                "size": format_size(a.get("size") or 0),
                "sha256": a.get("sha256", ""),
            }
            for a in content.get("attachments") or []
        ],
        "support": support,
        "generated_at": format_paris_time(timezone.now()),
    }


def render_dossier_pdf(
    application: Application,
    *,
    version: ApplicationVersion | None = None,
    hide_applicants: bool = False,
) -> bytes:
    """The PDF's bytes. Raises PdfUnavailable when WeasyPrint cannot run here."""
    HTML, URLFetcher = _weasyprint()
    with translation.override("fr"), timezone.override(PARIS):
        context = dossier_pdf_context(application, version=version, hide_applicants=hide_applicants)
        html = render_to_string("applications/dossier_pdf.html", context)
    # Answers are the team's text: a link in them stays text, nothing is fetched.
    fetcher = URLFetcher(allowed_protocols=["data"])
    return HTML(string=html, url_fetcher=fetcher).write_pdf()
