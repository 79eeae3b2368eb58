"""Reads about export and import jobs, scoped to the person asking."""

from django.db.models import QuerySet

from essaim.funds.selectors import managed_funds

from .models import ExportJob, ImportJob

RECENT = 10


def my_exports(user) -> QuerySet[ExportJob]:
    """The exports `user` asked for, in funds they still manage (newest first)."""
    return ExportJob.objects.filter(created_by=user, fund__in=managed_funds(user)).select_related(
        "call", "application"
    )


def my_recent_exports(user, *, limit: int = RECENT) -> list[ExportJob]:
    return list(my_exports(user).order_by("-created_at", "-id")[:limit])


def fund_imports(user, fund) -> QuerySet[ImportJob]:
    return ImportJob.objects.filter(fund=fund, fund__in=managed_funds(user)).select_related(
        "created_by"
    )
