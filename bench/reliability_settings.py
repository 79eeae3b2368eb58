"""Settings of the reliability scripts' task worker: the benchmark's (production) settings,
e-mails written as files into RELIABILITY_MAIL_DIR so that the receipts can be counted."""

import os

from settings import *  # noqa: F403

EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
EMAIL_FILE_PATH = os.environ["RELIABILITY_MAIL_DIR"]
