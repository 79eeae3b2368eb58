"""Sending e-mails in the background. Tasks take plain data and render at send time."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation
from django_tasks import task


@task()
def send_templated_email(
    *,
    to: list[str],
    template: str,
    context: dict,
    attachments: list[dict] | None = None,
    language: str = "fr",
) -> int:
    """Render `notifications/email/<template>_subject.txt` and `..._body.txt`, then send.

    `attachments` are dicts {"kind": "receipt_pdf", "application_id": ...} resolved here so
    that the queue never carries file contents.
    """
    with translation.override(language):
        context = {**context, "SITE_URL": settings.SITE_URL}
        subject = render_to_string(f"notifications/email/{template}_subject.txt", context)
        body = render_to_string(f"notifications/email/{template}_body.txt", context)
        message = EmailMultiAlternatives(subject=" ".join(subject.split()), body=body, to=to)
        for attachment in attachments or []:
            _attach(message, attachment)
        return message.send()


def _attach(message: EmailMultiAlternatives, attachment: dict) -> None:
    if attachment.get("kind") == "receipt_pdf":
        from essaim.applications.receipts import PdfUnavailable, render_receipt_pdf

        try:
            filename, content = render_receipt_pdf(application_id=attachment["application_id"])
        except PdfUnavailable:
            return  # the mail still says where to download it once the server can render it
        message.attach(filename, content, "application/pdf")
