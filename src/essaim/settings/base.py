"""Settings shared by every environment. Values that differ come from the environment."""

import datetime as dt
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

from .env import env_bool, env_int, env_list, env_str

SRC_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = SRC_DIR.parent.parent
VAR_DIR = Path(env_str("ESSAIM_VAR_DIR", str(BASE_DIR / "var")))

SECRET_KEY = env_str("DJANGO_SECRET_KEY")
DEBUG = env_bool("DJANGO_DEBUG", False)
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")
SITE_URL = env_str("ESSAIM_SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "django_filters",
    "ninja",  # django-ninja: its Swagger UI from our static files, not a CDN
    "rules.apps.AutodiscoverRulesConfig",
    "django_tasks",
    "django_tasks_db",
    # essaim.accounts comes before allauth so that its templates override allauth's.
    "essaim.core",
    "essaim.accounts",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "axes",
    "csp",  # django-csp: the Content-Security-Policy header (settings below)
    # data apps, lowest first
    "essaim.territory",
    "essaim.funds",
    "essaim.applications",
    "essaim.review",
    "essaim.accompaniment",
    "essaim.catalogue",
    "essaim.notifications",
    "essaim.privacy",
    # interfaces
    "essaim.public",
    "essaim.portal",
    "essaim.backoffice",
    "essaim.reviewers",
    "essaim.coaching",
    "essaim.api",
    "essaim.dataio",
    "essaim.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "essaim.core.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    # NUL and other control characters out of query strings and form fields (a 500 on PG)
    "essaim.core.control_characters.ControlCharactersMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # last, as django-axes asks: it turns a lock-out into its own answer
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "essaim.urls"
WSGI_APPLICATION = "essaim.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [SRC_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "essaim.core.context_processors.site",
                "essaim.funds.context_processors.roles",
            ],
        },
    },
]

# SQLite by default so that one command starts a working demo; PostgreSQL through DATABASE_URL.
DATABASE_URL = env_str("DATABASE_URL")
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    # PostgreSQL's default page costs are those of spinning disks: with them the planner
    # reads the whole table for a catalogue word in a quarter of the sheets rather than the
    # full-text index (46 ms against 18 ms at 50,000 sheets). 1.1 is the usual value for SSDs
    # and for a database held in memory; a DATABASE_URL giving `options` keeps its own.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("options", "-c random_page_cost=1.1")
else:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": env_str("ESSAIM_SQLITE_PATH", str(VAR_DIR / "essaim.sqlite3")),
            "OPTIONS": {
                # Writers queue behind BEGIN IMMEDIATE instead of failing with "database is
                # locked" when two submissions arrive in the same instant.
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": (
                    "PRAGMA journal_mode=WAL;"
                    "PRAGMA synchronous=NORMAL;"
                    "PRAGMA foreign_keys=ON;"
                    "PRAGMA busy_timeout=20000;"
                ),
            },
            # Keep the connection (and its PRAGMAs) across requests: reopening SQLite cost
            # 2–3 ms per page in `make bench`.
            "CONN_MAX_AGE": 60,
            "CONN_HEALTH_CHECKS": True,
        }
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

AUTHENTICATION_BACKENDS = [
    # first, so that a locked-out person is refused before any password is checked
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Accounts: e-mail is the identifier and must be verified before the first sign-in.
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_SIGNUP_FORM_CLASS = "essaim.accounts.forms.SignupForm"
ACCOUNT_FORMS = {
    "login": "essaim.accounts.allauth_forms.LoginForm",
    "signup": "essaim.accounts.allauth_forms.SignupForm",
    "reset_password": "essaim.accounts.allauth_forms.ResetPasswordForm",
    "reset_password_from_key": "essaim.accounts.allauth_forms.ResetPasswordKeyForm",
    "change_password": "essaim.accounts.allauth_forms.ChangePasswordForm",
    "add_email": "essaim.accounts.allauth_forms.AddEmailForm",
}
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Essaim] "
# A mail to the person when their password, addresses, second factor or ProConnect link
# change: whoever took over an account cannot do it unseen (accounts/templates/*/email/).
ACCOUNT_EMAIL_NOTIFICATIONS = True
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if SITE_URL.startswith("https") else "http"
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "portal:my_applications"
ACCOUNT_LOGOUT_REDIRECT_URL = "public:home"
ACCOUNT_LOGOUT_ON_GET = False

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("Français")), ("en", _("Anglais"))]
LOCALE_PATHS = [Path(env_str("ESSAIM_LOCALE_DIR", str(SRC_DIR / "locale")))]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STORAGES = {
    # Uploaded files live outside the web root and are only served through views that check
    # the rights of the person asking.
    "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(VAR_DIR / "media")},
    },
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Essaim <ne-pas-repondre@essaim.localhost>")

# Background work: immediate in the demo and the tests, the database queue in production.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

# Uploads
ESSAIM_MAX_ATTACHMENT_BYTES = env_int("ESSAIM_MAX_ATTACHMENT_BYTES", 10 * 1024 * 1024)
ESSAIM_MAX_APPLICATION_BYTES = env_int("ESSAIM_MAX_APPLICATION_BYTES", 30 * 1024 * 1024)
ESSAIM_MAX_ATTACHMENTS = env_int("ESSAIM_MAX_ATTACHMENTS", 15)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

# Hierarchical support links
ESSAIM_SUPPORT_LINK_MAX_AGE_DAYS = env_int("ESSAIM_SUPPORT_LINK_MAX_AGE_DAYS", 14)
# Mail domains shared by people of many employers, on top of the public webmails the
# conflict detection already ignores (the demo's accounts all share demo.essaim.fr).
ESSAIM_SHARED_MAIL_DOMAINS = env_list("ESSAIM_SHARED_MAIL_DOMAINS", ["demo.essaim.fr"])
# SCDL "subventions" open data needs SIRETs the referential does not hold (it has SIRENs):
# "fund-slug=SIRET,…" for the attributing funds, "SIREN=SIRET,…" for beneficiaries.
ESSAIM_SCDL_ATTRIBUANT_SIRETS = dict(
    item.split("=", 1) for item in env_list("ESSAIM_SCDL_ATTRIBUANT_SIRETS") if "=" in item
)
ESSAIM_SCDL_BENEFICIAIRE_SIRETS = dict(
    item.split("=", 1) for item in env_list("ESSAIM_SCDL_BENEFICIAIRE_SIRETS") if "=" in item
)

# The public catalogue keeps its result region per search for this long (0: never), under
# the search index's version, so a published or edited sheet shows at once.
ESSAIM_CATALOGUE_PAGE_CACHE_SECONDS = env_int("ESSAIM_CATALOGUE_PAGE_CACHE_SECONDS", 600)

MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"
SESSION_COOKIE_AGE = env_int("ESSAIM_SESSION_SECONDS", 8 * 3600)

# --- Identity: ProConnect (OpenID Connect) and two-factor authentication --------------------
# (owned by the identity work; see docs/security.md)

# Two-factor authentication with an authenticator app (TOTP) and recovery codes. Required for
# fund staff, jurors and platform administrators (essaim.accounts.two_factor): until they have
# set it up and used it in the session, TwoFactorRequiredMiddleware keeps them on its pages.
# Only the fast test suite turns the requirement off (settings/test.py); its own tests turn it
# back on.
ESSAIM_REQUIRE_2FA = env_bool("ESSAIM_REQUIRE_2FA", True)
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Essaim"
# a code typed in the last seconds of its 30-second window is still accepted (RFC 6238 §5.2)
MFA_TOTP_TOLERANCE = 1
MFA_ADAPTER = "essaim.accounts.adapters.MFAAdapter"
# a sign-in of the last five minutes counts as the password confirmation allauth asks for
ACCOUNT_ADAPTER = "essaim.accounts.adapters.AccountAdapter"
ACCOUNT_REAUTHENTICATION_TIMEOUT = 300
MFA_FORMS = {
    "authenticate": "essaim.accounts.allauth_forms.AuthenticateForm",
    "reauthenticate": "essaim.accounts.allauth_forms.ReauthenticateForm",
    "activate_totp": "essaim.accounts.allauth_forms.ActivateTOTPForm",
}
# before django-axes', which must stay last
MIDDLEWARE.insert(
    MIDDLEWARE.index("axes.middleware.AxesMiddleware"),
    "essaim.accounts.middleware.TwoFactorRequiredMiddleware",
)

# ProConnect (https://www.proconnect.gouv.fr/), the State's sign-in for public agents, through
# allauth's OpenID Connect provider. Offered only when its client id is set; the id, secret
# and issuer URL come from the service's registration with ProConnect (docs/deployment.md).
SOCIALACCOUNT_ADAPTER = "essaim.accounts.adapters.SocialAccountAdapter"
SOCIALACCOUNT_EMAIL_AUTHENTICATION_AUTO_CONNECT = True
SOCIALACCOUNT_PROVIDERS = {
    "openid_connect": {
        "provider_class": "essaim.accounts.proconnect.provider.ProConnectProvider",
        "APPS": [],
    }
}
if env_str("ESSAIM_PROCONNECT_CLIENT_ID"):
    from essaim.accounts.proconnect.config import proconnect_app

    SOCIALACCOUNT_PROVIDERS["openid_connect"]["APPS"].append(
        proconnect_app(
            client_id=env_str("ESSAIM_PROCONNECT_CLIENT_ID"),
            secret=env_str("ESSAIM_PROCONNECT_CLIENT_SECRET", required=True),
            server_url=env_str("ESSAIM_PROCONNECT_SERVER_URL", required=True),
        )
    )

# --- Sign-in throttling, sessions and Content-Security-Policy ------------------------------
# (owned by the hardening work; see docs/security.md)
# django-axes: 5 wrong passwords for one address from one IP address lock that pair out for
# 15 minutes, counted from the fifth failure (tries during the lock do not extend it, so the
# lock-out page can say when to come back); a successful sign-in resets the count.
AXES_FAILURE_LIMIT = env_int("ESSAIM_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = dt.timedelta(minutes=env_int("ESSAIM_LOGIN_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_USERNAME_FORM_FIELD = "login"
# allauth authenticates with {"email": …}, not the form's "login" field: read either, lowercased
AXES_USERNAME_CALLABLE = "essaim.accounts.lockout.username_of"
AXES_LOCKOUT_CALLABLE = "essaim.accounts.lockout.lockout_response"
# Behind the load balancer REMOTE_ADDR is the proxy's: give the number of proxies in front of
# gunicorn so that the client's address is read from X-Forwarded-For (0: none, read REMOTE_ADDR).
AXES_IPWARE_PROXY_COUNT = env_int("ESSAIM_PROXY_COUNT", 0) or None
if AXES_IPWARE_PROXY_COUNT:
    AXES_IPWARE_META_PRECEDENCE_ORDER = ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR")
# allauth's own per-address limit on failures would answer before axes with a bare form
# error; keep only its per-IP burst limit (password spraying across addresses).
ACCOUNT_RATE_LIMITS = {"login_failed": "10/m/ip"}

# Passwords: at least 10 characters (above), at most 128 — NIST SP 800-63B asks to accept at
# least 64; the cap keeps hashing cost bounded and stops megabyte "passwords".
AUTH_PASSWORD_VALIDATORS = [
    *AUTH_PASSWORD_VALIDATORS,
    {
        "NAME": "essaim.core.password_validation.MaximumLengthValidator",
        "OPTIONS": {"max_length": 128},
    },
]

# Sessions end when the browser closes (reception desks and shared workstations in town
# halls) and, server side, 8 hours (SESSION_COOKIE_AGE above) after their last change.
# allauth's "remember me" box would keep a cookie for 8 hours across browser restarts: off.
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
ACCOUNT_SESSION_REMEMBER = False
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
# No script of ours reads the CSRF cookie (forms carry the token), so scripts may not either.
CSRF_COOKIE_HTTPONLY = True

# Content-Security-Policy (django-csp): our own files only, no inline script or style, no
# framing. Third-party pages we render (Swagger UI, allauth, the Django admin) keep to it;
# tests/security/test_csp_pages.py and tests/browser/test_csp.py check every page.
_CSP_FORM_ACTION = [SELF]
# A sign-in form posts to us and is redirected to the identity provider, which CSP checks
# against form-action too: allow the ProConnect server when one is configured.
for _oidc_app in SOCIALACCOUNT_PROVIDERS.get("openid_connect", {}).get("APPS", []):
    _server = urlsplit(_oidc_app.get("settings", {}).get("server_url", ""))
    if _server.scheme and _server.netloc:
        _CSP_FORM_ACTION.append(f"{_server.scheme}://{_server.netloc}")
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "frame-ancestors": [NONE],
        "form-action": _CSP_FORM_ACTION,
        "base-uri": [SELF],
        "object-src": [NONE],
    },
}

# --- Personal data: retention and anonymisation --------------------------------------------
# (owned by the RGPD work; see docs/security.md)
# Who publishes this instance, shown on the legal pages; empty values show a "to be
# completed" mark there rather than a made-up name.
ESSAIM_PUBLISHER_NAME = env_str("ESSAIM_PUBLISHER_NAME")
ESSAIM_PUBLISHER_ADDRESS = env_str("ESSAIM_PUBLISHER_ADDRESS")
ESSAIM_PUBLICATION_DIRECTOR = env_str("ESSAIM_PUBLICATION_DIRECTOR")
ESSAIM_CONTACT_EMAIL = env_str("ESSAIM_CONTACT_EMAIL")
ESSAIM_HOST_NAME = env_str("ESSAIM_HOST_NAME")
ESSAIM_HOST_ADDRESS = env_str("ESSAIM_HOST_ADDRESS")
ESSAIM_DPO_CONTACT = env_str("ESSAIM_DPO_CONTACT")
ESSAIM_MAIL_PROVIDER = env_str("ESSAIM_MAIL_PROVIDER")
# RGAA: without a valid audit the law says "non conforme"; set "partial" or "full" only with
# an audit's results, summarised in ESSAIM_ACCESSIBILITY_AUDIT (who, when, rate).
ESSAIM_ACCESSIBILITY_CONFORMITY = env_str("ESSAIM_ACCESSIBILITY_CONFORMITY", "none")
if ESSAIM_ACCESSIBILITY_CONFORMITY not in {"none", "partial", "full"}:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured(
        "ESSAIM_ACCESSIBILITY_CONFORMITY must be none, partial or full, not "
        f"{ESSAIM_ACCESSIBILITY_CONFORMITY!r}."
    )
ESSAIM_ACCESSIBILITY_AUDIT = env_str("ESSAIM_ACCESSIBILITY_AUDIT")
ESSAIM_ACCESSIBILITY_STATEMENT_DATE = env_str("ESSAIM_ACCESSIBILITY_STATEMENT_DATE")
# Where `manage.py backup` writes its archives when no path is given.
ESSAIM_BACKUP_DIR = Path(env_str("ESSAIM_BACKUP_DIR", str(VAR_DIR / "backups")))

# --- Exports and imports ----------------------------------------------------------------------
# (owned by the data in/out work)
# Export files are kept this long, then purged (`purge_dataio_files`, and at each export).
ESSAIM_EXPORT_RETENTION_DAYS = env_int("ESSAIM_EXPORT_RETENTION_DAYS", 7)
# Rows read per query and written between two progress updates.
ESSAIM_EXPORT_CHUNK_SIZE = env_int("ESSAIM_EXPORT_CHUNK_SIZE", 2000)
ESSAIM_IMPORT_MAX_BYTES = env_int("ESSAIM_IMPORT_MAX_BYTES", 5 * 1024 * 1024)
ESSAIM_IMPORT_MAX_ROWS = env_int("ESSAIM_IMPORT_MAX_ROWS", 20000)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"refusals": {"()": "essaim.core.log_filters.RefusalsWithoutTraceback"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["refusals"]}},
    # Django's own console handler (DEBUG only) would print every refusal's traceback again:
    # its records go to the root's handler instead
    "loggers": {"django": {"handlers": [], "propagate": True}},
    "root": {"handlers": ["console"], "level": env_str("ESSAIM_LOG_LEVEL", "WARNING")},
}
