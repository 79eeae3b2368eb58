"""Tests: fast hashing, mail kept in memory, tasks run at once, files in a temporary folder."""

import atexit
import os
import shutil
import tempfile

from .base import *  # noqa: F403
from .base import STORAGES

SECRET_KEY = "tests-only-not-secret-" + "y" * 40
DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
ALLOWED_HOSTS = ["*"]

_TEST_FILES = tempfile.mkdtemp(prefix="essaim-test-files-")
atexit.register(shutil.rmtree, _TEST_FILES, ignore_errors=True)
STATIC_ROOT = f"{_TEST_FILES}/static"
os.makedirs(STATIC_ROOT)  # WhiteNoise warns on every request when it is missing
WHITENOISE_USE_FINDERS = True
STORAGES = {
    **STORAGES,
    "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": f"{_TEST_FILES}/media"},
    },
}

# A file rather than shared-cache memory: concurrent-submission tests then see SQLite's
# real locking (WAL, immediate transactions, busy timeout), as production does.
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):  # noqa: F405
    DATABASES["default"]["TEST"] = {"NAME": f"{_TEST_FILES}/test.sqlite3"}  # noqa: F405

# django-axes needs the request that Client.login() does not pass; the lock-out tests turn it
# back on with override_settings(AXES_ENABLED=True) and sign in through the real form.
AXES_ENABLED = False

# Most tests sign staff and jurors in with force_login(); the two-factor tests
# (tests/accounts/test_two_factor*.py, tests/browser/test_two_factor.py) turn it back on.
ESSAIM_REQUIRE_2FA = False

# Django empties the database with one TRUNCATE between transactional tests; the audit table
# refuses TRUNCATE elsewhere (core migration 0003), and tests/core/test_audit_immutable.py
# turns this permission off to check it.
if DATABASES["default"]["ENGINE"].endswith("postgresql"):  # noqa: F405
    _options = DATABASES["default"].setdefault("OPTIONS", {})  # noqa: F405
    _options["options"] = f"{_options.get('options', '')} -c essaim.audit_truncate_allowed=on"
