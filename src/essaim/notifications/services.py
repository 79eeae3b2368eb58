from django.db import transaction
from django.utils import translation

from .tasks import send_templated_email


def queue_email(
    *, to: list[str] | str, template: str, context: dict, attachments: list[dict] | None = None
) -> None:
    """Send only if the surrounding transaction commits, so no mail tells of a rolled-back
    change, and no committed change loses its mail."""
    recipients = [to] if isinstance(to, str) else list(to)
    language = translation.get_language() or "fr"

    def _enqueue():
        send_templated_email.enqueue(
            to=recipients,
            template=template,
            context=context,
            attachments=attachments or [],
            language=language,
        )

    if _queue_in_database():
        # The task row joins the caller's transaction: it commits or rolls back with the
        # change. With on_commit, a worker killed between COMMIT and the callback would
        # leave a submitted dossier whose receipt is never sent.
        _enqueue()
    else:
        transaction.on_commit(_enqueue)


def _queue_in_database() -> bool:
    """True when tasks are rows of the database (django_tasks_db, the production queue)."""
    return type(send_templated_email.get_backend()).__module__.startswith("django_tasks_db")
