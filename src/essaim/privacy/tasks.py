"""Background work of the personal-data area: thin tasks that call a service."""

from django_tasks import task


@task()
def anonymise_expired() -> dict:
    """Anonymise the non-selected dossiers whose retention period is over (idempotent: run it
    daily, or twice, a dossier is only ever worked on once)."""
    from .retention import anonymise_expired as run

    return run().as_dict()
