"""What the legal pages say that differs per deployment: read from the settings (the
environment), never made up. An empty value shows as "to be completed" on the page."""

from django.conf import settings
from django.utils.translation import gettext_lazy as _

CONFORMITY_LABELS = {
    "none": _("non conforme"),
    "partial": _("partiellement conforme"),
    "full": _("totalement conforme"),
}


def accessibility_conformity() -> str:
    return str(CONFORMITY_LABELS[settings.ESSAIM_ACCESSIBILITY_CONFORMITY])


def legal_context() -> dict:
    return {
        "publisher": {
            "name": settings.ESSAIM_PUBLISHER_NAME,
            "address": settings.ESSAIM_PUBLISHER_ADDRESS,
            "director": settings.ESSAIM_PUBLICATION_DIRECTOR,
            "contact_email": settings.ESSAIM_CONTACT_EMAIL,
            "dpo": settings.ESSAIM_DPO_CONTACT,
            "host_name": settings.ESSAIM_HOST_NAME,
            "host_address": settings.ESSAIM_HOST_ADDRESS,
            "mail_provider": settings.ESSAIM_MAIL_PROVIDER,
        },
        "site_url": settings.SITE_URL,
        "cookies": {
            "session": settings.SESSION_COOKIE_NAME,
            "session_hours": settings.SESSION_COOKIE_AGE // 3600,
            "csrf": settings.CSRF_COOKIE_NAME,
            "language": settings.LANGUAGE_COOKIE_NAME,
        },
        "accessibility": {
            "conformity": settings.ESSAIM_ACCESSIBILITY_CONFORMITY,
            "conformity_label": accessibility_conformity(),
            "audit": settings.ESSAIM_ACCESSIBILITY_AUDIT,
            "statement_date": settings.ESSAIM_ACCESSIBILITY_STATEMENT_DATE,
        },
    }
