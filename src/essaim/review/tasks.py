"""Background work of the selection: thin tasks that take ids and call a service."""

from django_tasks import task


@task()
def send_decision_message(*, recipient_id: int) -> str:
    """Send one decision message (at most once: the service checks and locks the row)."""
    from .services.mailings import deliver_recipient

    return deliver_recipient(recipient_id=recipient_id)
