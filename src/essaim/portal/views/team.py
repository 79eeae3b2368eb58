"""Applicant views (stub)."""

from django.http import Http404


def team(request, **kwargs):
    raise Http404


def team_member_edit(request, **kwargs):
    raise Http404


def team_member_remove(request, **kwargs):
    raise Http404


def team_invitation_resend(request, **kwargs):
    raise Http404


def accept_invitation(request, **kwargs):
    raise Http404
