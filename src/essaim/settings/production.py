"""Production: every secret from the environment, HTTPS everywhere, the database task queue."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import (
    ESSAIM_REQUIRE_2FA,
    LOGGING,
    SECRET_KEY,
    SITE_URL,
    SOCIALACCOUNT_PROVIDERS,
    STORAGES,
)
from .env import env_bool, env_int, env_str

DEBUG = False
if not SECRET_KEY or len(SECRET_KEY) < 50:
    raise ImproperlyConfigured(
        "DJANGO_SECRET_KEY must be set to a random value of at least 50 characters "
        '(python -c "import secrets; print(secrets.token_urlsafe(64))").'
    )
if not SITE_URL.startswith("https://") and not env_bool("ESSAIM_ALLOW_HTTP", False):
    raise ImproperlyConfigured("ESSAIM_SITE_URL must start with https:// in production.")

TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default"],
    }
}

SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env_int("DJANGO_SECURE_HSTS_SECONDS", 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
# "__Host-" cookies are only accepted over HTTPS, for this exact host and path "/": a
# sibling subdomain cannot plant or read them.
SESSION_COOKIE_NAME = "__Host-essaim-session"
CSRF_COOKIE_NAME = "__Host-essaim-csrf"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

LOGGING = {
    **LOGGING,
    "root": {"handlers": ["console"], "level": env_str("ESSAIM_LOG_LEVEL", "INFO")},
}

# --- Identity --------------------------------------------------------------------------------
# Two-factor authentication stays required for staff, jurors and administrators in production.
if not ESSAIM_REQUIRE_2FA:
    raise ImproperlyConfigured("ESSAIM_REQUIRE_2FA cannot be turned off in production.")
for _app in SOCIALACCOUNT_PROVIDERS["openid_connect"]["APPS"]:
    if not _app["settings"]["server_url"].startswith("https://"):
        raise ImproperlyConfigured("ESSAIM_PROCONNECT_SERVER_URL must start with https://.")
