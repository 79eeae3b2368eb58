"""The printable blank application form of a call, for people who cannot apply online."""

from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

from essaim.applications.blank_form import PdfUnavailable, render_blank_form_pdf

from . import selectors


@require_safe
@cache_control(public=True, max_age=300)
def call_blank_form(request, fund_slug: str, call_slug: str):
    """The PDF of a published call's form, drawn from its configuration at each request (a
    change to the call shows at once; five minutes of caching absorb a rush)."""
    call = get_object_or_404(selectors.call_for_public_page(), fund__slug=fund_slug, slug=call_slug)
    try:
        filename, content = render_blank_form_pdf(call)
    except PdfUnavailable as exc:
        return render(
            request,
            "public/printable/blank_form_unavailable.html",
            {"fund": call.fund, "call": call, "reason": str(exc)},
            status=503,
        )
    response = HttpResponse(content, content_type="application/pdf")
    # inline: it opens in the browser's viewer, from which people print it
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response
