"""The receipt (récépissé) of a submitted dossier, as a PDF drawn with WeasyPrint.

It is drawn from the latest `ApplicationVersion` — the content frozen at submission and
covered by its SHA-256 — never from the live dossier, so that a receipt printed later says
exactly what was submitted. It is always in French, the language of the procedure.
"""

import datetime as dt
from decimal import Decimal, InvalidOperation
from zoneinfo import ZoneInfo

from django.template.loader import render_to_string
from django.utils import formats, translation
from django.utils.translation import gettext as _

from essaim.territory.enums import DEPARTEMENT_NAMES, OrganisationType

from .enums import Maturity, SupportStatus, TeamAccess
from .errors import ApplicationError
from .models import ApplicationVersion
from .uploads import format_size

PARIS = ZoneInfo("Europe/Paris")
INSTALL_HINT = "apt install libpango-1.0-0 libpangoft2-1.0-0"


class PdfUnavailable(Exception):
    """WeasyPrint or the system libraries it needs are missing on this server."""


def _weasyprint():
    """Import WeasyPrint only when a PDF is asked for: a server without pango still runs
    everything else, and says what to install."""
    try:
        from weasyprint import HTML
        from weasyprint.urls import URLFetcher
    except (ImportError, OSError) as exc:
        raise PdfUnavailable(
            _(
                "La production de PDF n'est pas disponible sur ce serveur : installez WeasyPrint "
                "et ses bibliothèques (%(command)s)."
            )
            % {"command": INSTALL_HINT}
        ) from exc
    return HTML, URLFetcher


def _label(choices, value: str) -> str:
    if not value:
        return ""
    try:
        return str(choices(value).label)
    except ValueError:
        return value


def _euros(value) -> str:
    if value in (None, ""):
        return ""
    try:
        amount = Decimal(str(value))
    except InvalidOperation:
        return str(value)
    text = f"{amount:,.2f}".replace(",", "\u202f").replace(".", ",")
    if text.endswith(",00"):
        text = text[:-3]
    return f"{text}\u00a0€"


def format_paris_time(moment: dt.datetime) -> str:
    """'12 juin 2024 à 14 h 32 min 05 s (heure de Paris)': to the second, as the deadline."""
    local = moment.astimezone(PARIS)
    return _("%(date)s à %(hour)s h %(minute)s min %(second)s s (heure de Paris)") % {
        "date": formats.date_format(local, "j F Y"),
        "hour": local.hour,
        "minute": f"{local.minute:02d}",
        "second": f"{local.second:02d}",
    }


def _sections(content: dict) -> list[dict]:
    departement = content.get("organisation_departement") or ""
    if departement and departement in DEPARTEMENT_NAMES:
        departement = f"{departement} — {DEPARTEMENT_NAMES[departement]}"
    sections = [
        {
            "title": _("Organisme"),
            "rows": [
                (_("Titre du projet"), content.get("title", "")),
                (_("Organisme"), content.get("organisation_name", "")),
                (
                    _("Type d'organisme"),
                    _label(OrganisationType, content.get("organisation_type", "")),
                ),
                (_("Département"), departement),
            ],
        },
        {
            "title": _("Le problème"),
            "rows": [
                (_("Thématique"), content.get("theme", "")),
                (_("Problème constaté"), content.get("problem", "")),
                (_("Usagers concernés"), content.get("users_concerned", "")),
            ],
        },
        {
            "title": _("L'idée"),
            "rows": [
                (_("L'idée"), content.get("idea", "")),
                (_("Maturité"), _label(Maturity, content.get("maturity", ""))),
                (_("Structures partenaires"), content.get("partners", "")),
            ],
        },
        {
            "title": _("Impact"),
            "rows": [
                (_("Effet pour les agents"), content.get("effect_on_agents", "")),
                (_("Effet pour les usagers"), content.get("effect_on_users", "")),
                (_("Dimension collective"), content.get("collective_dimension", "")),
                (_("Reproductibilité"), content.get("reproducibility", "")),
            ],
        },
    ]
    lines = content.get("budget_lines") or []
    if content.get("amount_requested") or lines:
        rows = [(_("Montant demandé"), _euros(content.get("amount_requested")))]
        rows += [(line.get("label", ""), _euros(line.get("amount"))) for line in lines]
        sections.append({"title": _("Budget"), "rows": rows})
    return sections


def receipt_context(version: ApplicationVersion) -> dict:
    """What the receipt shows, from the frozen content of `version`."""
    application = version.application
    content = version.content or {}
    support = content.get("support")
    if support:
        responded = support.get("responded_at")
        support = {
            "name": support.get("supervisor_name", ""),
            "function": support.get("supervisor_function", ""),
            "status": _label(SupportStatus, support.get("status", "")),
            "responded_at": format_paris_time(dt.datetime.fromisoformat(responded))
            if responded
            else "",
        }
    return {
        "reference": application.reference,
        "fund_name": application.call.fund.name,
        "call_title": application.call.title,
        "title": content.get("title", application.title),
        "organisation_name": content.get("organisation_name", ""),
        "submitted_at": format_paris_time(version.submitted_at),
        "submitted_by": str(version.submitted_by) if version.submitted_by else "",
        "sha256": version.sha256,
        "version_number": version.number,
        "team": [
            {
                "full_name": m.get("full_name", ""),
                "job_title": m.get("job_title", ""),
                "project_role": m.get("project_role", ""),
                "access": _label(TeamAccess, m.get("access", "")),
            }
            for m in content.get("team") or []
        ],
        "sections": _sections(content),
        "attachments": [
            {
                "name": a.get("name", ""),
                "size": format_size(a.get("size") or 0),
                "sha256": a.get("sha256", ""),
            }
            for a in content.get("attachments") or []
        ],
        "support": support,
    }


def render_receipt_pdf(*, application_id: int) -> tuple[str, bytes]:
    """(`recepisse-<reference>.pdf`, the PDF's bytes) for a submitted dossier.

    Raises PdfUnavailable when WeasyPrint cannot run here, ApplicationError when the dossier
    has never been submitted.
    """
    HTML, URLFetcher = _weasyprint()
    version = (
        ApplicationVersion.objects.select_related("application__call__fund", "submitted_by")
        .filter(application_id=application_id)
        .order_by("-number")
        .first()
    )
    if version is None or not version.application.reference:
        raise ApplicationError(_("Ce dossier n'a pas encore été déposé : il n'a pas de récépissé."))
    with translation.override("fr"):
        context = receipt_context(version)
        html = render_to_string("applications/receipt_pdf.html", context)
    # The receipt needs nothing from outside; refusing every URL but data: keeps a stray
    # link in someone's answer from making the server fetch anything.
    fetcher = URLFetcher(allowed_protocols=["data"])
    pdf = HTML(string=html, url_fetcher=fetcher).write_pdf()
    return f"recepisse-{version.application.reference}.pdf", pdf
