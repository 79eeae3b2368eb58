"""The public « Données ouvertes » page at /api/v1/: what is published, the files to
download, the API's documentation, the feed."""

from django.shortcuts import render
from django.views.decorators.http import require_safe

from essaim.catalogue import opendata, scdl

from .api import api


@require_safe
def index(request):
    grants = scdl.export()  # a few rows per call: read whole to count the omitted ones
    counts = {
        "calls": opendata.public_calls().count(),
        "laureates": opendata.public_laureates().count(),
        "innovations": opendata.public_innovations().count(),
        "reuses": opendata.public_reuses().count(),
        "grants": len(grants.rows),
        "grants_omitted": sum(grants.skipped.values()),
    }
    return render(
        request,
        "api/index.html",
        {
            "counts": counts,
            "scdl_version": scdl.SCHEMA_VERSION,
            "has_docs": api.docs_url is not None,
        },
    )
