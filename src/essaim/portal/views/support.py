"""Applicant views (stub)."""

from django.http import Http404


def support(request, **kwargs):
    raise Http404


def support_respond(request, **kwargs):
    raise Http404
