"""Background work of the accompaniment: thin tasks that call a service."""

from django_tasks import task


@task()
def accompaniment_daily() -> dict:
    """Mark late milestones and send the reminders still owed (idempotent: run it daily, or
    twice, nothing is sent twice)."""
    from .services.reminders import run_daily

    return run_daily().as_dict()
