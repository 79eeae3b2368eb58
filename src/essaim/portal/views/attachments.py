"""Applicant views (stub)."""

from django.http import Http404


def attachments(request, **kwargs):
    raise Http404


def attachment_download(request, **kwargs):
    raise Http404


def attachment_delete(request, **kwargs):
    raise Http404
