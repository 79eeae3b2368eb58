"""Tests: fast hashing, mail kept in memory, tasks run at once, files in a temporary folder."""

import tempfile

from .base import *  # noqa: F403
from .base import STORAGES

SECRET_KEY = "tests-only-not-secret-" + "y" * 40  # noqa: S105
DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
ALLOWED_HOSTS = ["*"]
STORAGES = {
    **STORAGES,
    "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": tempfile.mkdtemp(prefix="essaim-test-media-")},
    },
}
