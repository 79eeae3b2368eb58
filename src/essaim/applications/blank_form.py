"""The printable blank application form of a call (PDF), for people who cannot or will not
apply online.

It is drawn from the call's own configuration, never written by hand: the sections the call
uses (sections.sections_for), the questions with the labels, hints, choices and character
limits of the online forms (forms.SECTION_FORMS), the eligibility checklist, the bodies
admitted, the amounts, the files accepted, the support signature box when the call needs
one, and where and by when to send it. A dossier received this way is entered by the fund's
staff ("dépôt accompagné"), judged on the day it was received.
"""

import hashlib

from django import forms
from django.conf import settings
from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils import timezone, translation

from essaim.core.formatting import day, euros, when
from essaim.funds.models import Call

from .forms import SECTION_FORMS
from .models import Application
from .receipts import PARIS, PdfUnavailable, _weasyprint
from .sections import sections_for
from .uploads import ACCEPTED_LABELS, format_size

__all__ = ["PdfUnavailable", "blank_form_context", "blank_form_filename", "render_blank_form_pdf"]

# How many lines to draw for an answer: about 95 characters fit on one line of the box.
CHARS_PER_LINE = 95
MAX_LINES = 14
TEAM_ROWS = 4
BUDGET_ROWS = 6
# WeasyPrint takes seconds for a form of several pages; the PDF is kept under its HTML's digest
PDF_CACHE_SECONDS = 24 * 60 * 60


def _lines_for(max_length: int | None) -> int:
    if not max_length:
        return 2
    return max(2, min(MAX_LINES, max_length // (CHARS_PER_LINE * 2)))


def _question(field: forms.BoundField) -> dict:
    widget = field.field.widget
    choices = []
    if isinstance(widget, forms.RadioSelect | forms.Select) and hasattr(field.field, "choices"):
        choices = [str(label) for value, label in field.field.choices if value not in ("", None)]
    max_length = getattr(field.field, "max_length", None)
    return {
        "name": field.name,
        "label": str(field.label),
        "hint": str(field.help_text or ""),
        "choices": choices,
        "max_length": max_length if isinstance(widget, forms.Textarea) else None,
        # one empty ruled line per item: the template draws them
        "lines": range(_lines_for(max_length) if isinstance(widget, forms.Textarea) else 1),
    }


def _form_questions(call: Call, slug: str) -> list[dict]:
    # The portal's own form for the section, on an unsaved dossier of this call: the same
    # labels, hints and choices (the call's themes) as online.
    form = SECTION_FORMS[slug](instance=Application(call=call))
    return [_question(field) for field in form]


def blank_form_context(call: Call) -> dict:
    fund = call.fund
    sections = []
    for section in sections_for(call):
        entry = {"slug": section.slug, "title": str(section.title), "hint": str(section.hint)}
        if section.slug in SECTION_FORMS and section.slug != "organisation":
            entry["questions"] = _form_questions(call, section.slug)
        sections.append(entry)
    return {
        "call": call,
        "fund": fund,
        "opens_at": when(call.opens_at),
        "closes_at": when(call.closes_at),
        "sections": sections,
        "themes": list(call.themes.all()),
        "rules": call.eligibility_rule_list(),
        "organisation_types": call.allowed_organisation_type_labels(),
        "min_amount": euros(call.min_amount) if call.min_amount is not None else "",
        "max_amount": euros(call.max_amount) if call.max_amount is not None else "",
        "team_rows": range(TEAM_ROWS),
        "budget_rows": range(BUDGET_ROWS),
        "accepted_files": ACCEPTED_LABELS,
        "max_file_size": format_size(settings.ESSAIM_MAX_ATTACHMENT_BYTES),
        "max_files": settings.ESSAIM_MAX_ATTACHMENTS,
        "site_url": settings.SITE_URL.rstrip("/"),
        "call_path": call.get_absolute_url(),
        # the day only: the same call gives the same page all day, so its PDF is drawn once
        "generated_at": day(timezone.now()),
    }


def blank_form_filename(call: Call) -> str:
    return f"formulaire-{call.fund.slug}-{call.slug}.pdf"


def render_blank_form_pdf(call: Call) -> tuple[str, bytes]:
    """(file name, the PDF's bytes). Raises PdfUnavailable when WeasyPrint cannot run here."""
    HTML, URLFetcher = _weasyprint()
    with translation.override("fr"), timezone.override(PARIS):
        html = render_to_string("applications/blank_form_pdf.html", blank_form_context(call))
    # Nothing is fetched from outside: the call's texts are the fund's, but stay text.
    fetcher = URLFetcher(allowed_protocols=["data"])
    # The PDF depends on nothing but its HTML: any change to the call changes the digest.
    key = "blank-form-pdf:" + hashlib.sha256(html.encode()).hexdigest()
    content = cache.get(key)
    if content is None:
        content = HTML(string=html, url_fetcher=fetcher).write_pdf()
        cache.set(key, content, PDF_CACHE_SECONDS)
    return blank_form_filename(call), content
