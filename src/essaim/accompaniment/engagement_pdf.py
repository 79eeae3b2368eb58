"""A reciprocal engagement as a PDF drawn with WeasyPrint: its terms, its indicators, its
tranches and the signatures given, with a SHA-256 of the terms printed on every page.

Always in French, the language of the procedure. The terms come from the engagement
version itself (a signed version is never changed, so its PDF never changes but for the
payments recorded since, which are shown apart).
"""

import hashlib
import json

from django.template.loader import render_to_string
from django.utils import timezone, translation

from essaim.applications.receipts import PARIS, PdfUnavailable, _weasyprint
from essaim.core.formatting import when

from .enums import SignatureSide
from .models import Engagement

__all__ = ["PdfUnavailable", "engagement_filename", "render_engagement_pdf", "terms_fingerprint"]


def terms(engagement: Engagement) -> dict:
    """The signed terms as plain data (what the fingerprint covers)."""
    application = engagement.application

    def text(value) -> str:
        return "" if value is None else str(value)

    return {
        "reference": application.reference,
        "title": application.title,
        "organisation": application.organisation_name,
        "fund": application.call.fund.name,
        "call": application.call.title,
        "version": engagement.version,
        "amendment_reason": engagement.amendment_reason,
        "summary": engagement.summary,
        "fund_commitments": engagement.fund_commitments,
        "team_commitments": engagement.team_commitments,
        "starts_on": text(engagement.starts_on),
        "ends_on": text(engagement.ends_on),
        "calendar": engagement.calendar,
        "granted_amount": text(engagement.granted_amount),
        "indicators": [
            [i.label, i.unit, text(i.baseline), text(i.target), text(i.target_date)]
            for i in engagement.indicators.all()
        ],
        "tranches": [
            [text(t.planned_on), text(t.amount), t.condition] for t in engagement.tranches.all()
        ],
    }


def terms_fingerprint(engagement: Engagement) -> str:
    canonical = json.dumps(terms(engagement), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def engagement_filename(engagement: Engagement) -> str:
    reference = engagement.application.reference or f"dossier-{engagement.application_id}"
    return f"engagement-{reference}-v{engagement.version}.pdf"


def render_engagement_pdf(*, engagement: Engagement) -> tuple[str, bytes]:
    """(file name, the PDF's bytes) for an engagement loaded with its indicators, tranches
    and signatures. Raises PdfUnavailable when WeasyPrint cannot run here."""
    HTML, URLFetcher = _weasyprint()
    signatures = {s.side: s for s in engagement.signatures.all()}
    with translation.override("fr"), timezone.override(PARIS):
        html = render_to_string(
            "accompaniment/engagement_pdf.html",
            {
                "engagement": engagement,
                "application": engagement.application,
                "call": engagement.application.call,
                "indicators": list(engagement.indicators.all()),
                "tranches": list(engagement.tranches.all()),
                "fund_signature": signatures.get(SignatureSide.FUND),
                "team_signature": signatures.get(SignatureSide.TEAM),
                "sha256": terms_fingerprint(engagement),
                "generated_at": when(timezone.now()),
            },
        )
    # Nothing is fetched from outside: a stray link in a text stays text.
    fetcher = URLFetcher(allowed_protocols=["data"])
    pdf = HTML(string=html, url_fetcher=fetcher).write_pdf()
    return engagement_filename(engagement), pdf
