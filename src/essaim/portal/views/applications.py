"""Applicant views (stub)."""

from django.http import Http404


def my_applications(request, **kwargs):
    raise Http404


def application_start(request, **kwargs):
    raise Http404


def application_detail(request, **kwargs):
    raise Http404
