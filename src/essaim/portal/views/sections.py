"""Applicant views (stub)."""

from django.http import Http404


def section_edit(request, **kwargs):
    raise Http404
