"""The minutes (procès-verbal) of a jury session, as a PDF drawn with WeasyPrint.

The content comes from `selectors.jury.minutes_content` as plain data; its SHA-256 is
printed on every page, so that two copies with the same fingerprint say the same thing
(the generation time is outside the fingerprint). Always in French, the language of the
procedure. The interface gives the template and the stylesheet: this module draws, it
does not decide the layout.
"""

import datetime as dt
import hashlib
import json
from pathlib import Path

from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.text import slugify

from essaim.applications.receipts import PARIS, PdfUnavailable, _weasyprint
from essaim.core.formatting import when

from .models import JurySession
from .selectors.jury import minutes_content

__all__ = ["PdfUnavailable", "minutes_filename", "minutes_fingerprint", "render_minutes_pdf"]


def minutes_fingerprint(content: dict) -> str:
    canonical = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def minutes_filename(session: JurySession) -> str:
    day = session.starts_at.astimezone(PARIS).date().isoformat()
    call = session.call
    return (
        f"proces-verbal-jury-{slugify(call.fund.reference_prefix)}-{slugify(call.slug)}-{day}.pdf"
    )


def _when(value: str | None) -> str:
    return when(dt.datetime.fromisoformat(value)) if value else ""


def minutes_context(session: JurySession, *, generated_at: dt.datetime | None = None) -> dict:
    content = minutes_content(session)
    dossiers = [
        {
            **dossier,
            "decided_at": _when(dossier["decision"]["decided_at"]) if dossier["decision"] else "",
        }
        for dossier in content["dossiers"]
    ]
    return {
        "content": content,
        "dossiers": dossiers,
        "conflicts": [
            {"reference": dossier["reference"], **conflict}
            for dossier in content["dossiers"]
            for conflict in dossier["conflicts"]
        ],
        "starts_at": _when(content["session"]["starts_at"]),
        "held_at": _when(content["session"]["held_at"]),
        "generated_at": when(generated_at or timezone.now()),
        "sha256": minutes_fingerprint(content),
    }


def render_minutes_pdf(
    *, session: JurySession, template_name: str, stylesheet: Path
) -> tuple[str, bytes]:
    """(file name, the PDF's bytes). Raises PdfUnavailable when WeasyPrint cannot run here."""
    HTML, URLFetcher = _weasyprint()
    from weasyprint import CSS

    with translation.override("fr"), timezone.override(PARIS):
        html = render_to_string(template_name, minutes_context(session))
    # Nothing is fetched from outside: a stray link in a reason or a name stays text.
    fetcher = URLFetcher(allowed_protocols=["data"])
    pdf = HTML(string=html, url_fetcher=fetcher).write_pdf(
        stylesheets=[CSS(filename=str(stylesheet), url_fetcher=fetcher)]
    )
    return minutes_filename(session), pdf
