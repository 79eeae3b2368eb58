"""Applicant views (stub)."""

from django.http import Http404


def application_check(request, **kwargs):
    raise Http404


def application_confirmation(request, **kwargs):
    raise Http404


def application_receipt(request, **kwargs):
    raise Http404


def application_withdraw(request, **kwargs):
    raise Http404
