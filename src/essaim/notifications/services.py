from django.db import transaction
from django.utils import translation

from .tasks import send_templated_email


def queue_email(
    *, to: list[str] | str, template: str, context: dict, attachments: list[dict] | None = None
) -> None:
    """Send after the surrounding transaction commits, so no mail tells of a rolled-back change."""
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

    transaction.on_commit(_enqueue)
