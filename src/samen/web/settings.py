"""Django settings for the Samen web platform.

Everything that differs between machines comes from the environment (see ``config.py`` and
``docs/web/operations.md``): ``SAMEN_DATA_DIR``, ``DATABASE_URL``, ``SAMEN_SECRET_KEY``,
``SAMEN_DEBUG``, ``SAMEN_ALLOWED_HOSTS``, ``SAMEN_SMTP_HOST``. A fresh checkout runs on an SQLite file
in the data directory with no other service.
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF

from samen.web import config

WEB_DIR = Path(__file__).resolve().parent
DATA_DIR = config.data_dir()

SECRET_KEY = config.secret_key(DATA_DIR)
DEBUG = config.env_bool("SAMEN_DEBUG", False)
ALLOWED_HOSTS = config.env_list("SAMEN_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = config.env_list("SAMEN_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",  # allauth.usersessions' list of sessions uses it
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.usersessions",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "samen.web.core",
    "samen.web.accounts",
    "samen.web.youth",
    "samen.web.audit",
    "samen.web.screening",
    "samen.web.monitoring",
    "samen.web.careplans",
    "samen.web.alerts",
    "samen.web.dashboard",
    "samen.web.api",
    "samen.web.fhir",
    "samen.web.privacy",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Before anything reads the body: a request over the size limit is refused unread.
    "samen.web.core.limits.BodySizeLimitMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "samen.web.core.middleware.NoStoreMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "allauth.usersessions.middleware.UserSessionsMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # After messages (they tell why a session ended); before any view.
    "samen.web.accounts.sessions.SessionLimitsMiddleware",
    "samen.web.accounts.mfa.RequireMFAMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last, so it sees the lockout flag the login view left on the request.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "samen.web.urls"
WSGI_APPLICATION = "samen.web.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [WEB_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "samen.web.core.context_processors.samen",
            ],
        },
    },
]

# The database: an SQLite file (WAL) in the data directory, or whatever DATABASE_URL names.
if os.environ.get("DATABASE_URL"):
    DATABASES = {"default": dj_database_url.parse(os.environ["DATABASE_URL"], conn_max_age=60)}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(DATA_DIR / "samen.sqlite3"),
            "OPTIONS": {
                # WAL lets the worker and the web processes read while one writes; IMMEDIATE
                # takes the write lock at the start of a transaction, so two writers queue
                # instead of failing half-way.
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # First: refuses a locked-out username+address before any password is checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
     "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "/accounts/login/"
LOGIN_REDIRECT_URL = "/"
ACCOUNT_LOGOUT_REDIRECT_URL = "/accounts/login/"

# django-allauth: sign-in by username; accounts are created by an organisation, never by sign-up.
ACCOUNT_ADAPTER = "samen.web.accounts.adapter.InviteOnlyAdapter"
ACCOUNT_LOGIN_METHODS = {"username"}
ACCOUNT_SIGNUP_FIELDS = ["username*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_LOGOUT_ON_GET = False

# Authentication for issue 5 (decision 0008, docs/web/accounts.md). Every professional role needs
# TOTP (plus recovery codes); SAMEN_MFA_REQUIRED=false turns the requirement off (the demo only).
SAMEN_MFA_REQUIRED = config.env_bool("SAMEN_MFA_REQUIRED", True)
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
# TOTP secrets and recovery-code seeds are stored encrypted with these keys (SAMEN_FIELD_KEYS).
MFA_ADAPTER = "samen.web.accounts.mfa_adapter.EncryptingMFAAdapter"
SAMEN_FIELD_KEYS = config.field_keys(DATA_DIR)
MFA_TOTP_ISSUER = "Samen"
MFA_TOTP_TOLERANCE = 0  # one 30-second step, no drift window (ASVS 6.5.5)
# Accounts are made by an organisation admin, by username, without an e-mail address.
MFA_ALLOW_UNVERIFIED_EMAIL = True
ACCOUNT_REAUTHENTICATION_TIMEOUT = 300  # changing MFA asks for the password again after 5 min
# Login throttling by username AND address (a school's shared NAT address must not lock out
# everyone behind it); django-axes keeps the attempts in the database.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 0.25  # hours: a lockout ends by itself after 15 minutes
AXES_RESET_ON_SUCCESS = True
AXES_DISABLE_ACCESS_LOG = True  # successful sign-ins are in our own audit log
AXES_LOCKOUT_CALLABLE = "samen.web.accounts.throttling.locked_out"
# allauth's limits stay on beneath axes: per address, and per account across all addresses (a
# spread attack on one account pauses it 5 minutes); they also count wrong MFA codes per user.
ACCOUNT_RATE_LIMITS = {"login_failed": "30/m/ip,10/5m/key"}
# Sessions: server-side, 30 minutes idle and 12 hours at most (ASVS 7.3.1/7.3.2).
SAMEN_SESSION_IDLE_SECONDS = config.env_int("SAMEN_SESSION_IDLE_MINUTES", 30) * 60
SESSION_COOKIE_AGE = SAMEN_SESSION_ABSOLUTE_SECONDS = 12 * 3600
# One cache shared by every server process: a TOTP code used in one worker is refused in the
# others, and rate limits count across them. `samen serve` creates the table.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "samen_cache",
    }
}

# Languages: Dutch by default, English on request.
LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", "Nederlands"), ("en", "English")]
LOCALE_PATHS = [WEB_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Europe/Amsterdam"
USE_TZ = True

# Static files are vendored in the apps and served by WhiteNoise straight from the app folders,
# so `samen serve` needs no collectstatic step.
STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)  # WhiteNoise expects it even when serving from the apps
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

# Background work: Django's tasks API, stored in the same database, run by `db_worker`.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
# A task RUNNING longer than this on a worker of another machine counts as abandoned and is
# queued again (core/worker.py); keep it above the longest task (scenario comparisons).
SAMEN_TASK_LEASE_MINUTES = config.env_int("SAMEN_TASK_LEASE_MINUTES", 30)

# E-mail: an SMTP server when one is configured, else files in the data directory's outbox.
if os.environ.get("SAMEN_SMTP_HOST"):
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = os.environ["SAMEN_SMTP_HOST"]
    EMAIL_PORT = int(os.environ.get("SAMEN_SMTP_PORT", "587"))
    EMAIL_USE_TLS = config.env_bool("SAMEN_SMTP_TLS", True)
    EMAIL_HOST_USER = os.environ.get("SAMEN_SMTP_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("SAMEN_SMTP_PASSWORD", "")
else:
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = DATA_DIR / "outbox"
DEFAULT_FROM_EMAIL = os.environ.get("SAMEN_FROM_EMAIL", "samen@localhost")

# Browser protection. No inline script anywhere: every script is a static file.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
# Behind TLS (SAMEN_TLS=true) cookies are secure-only and browsers are told to stay on HTTPS.
if config.env_bool("SAMEN_TLS", False):
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    # __Host- names: the browser refuses them unless Secure, path / and no Domain (ASVS 3.3.3).
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"
    SECURE_HSTS_SECONDS = 31_536_000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = True
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # the load balancer's probe may speak plain HTTP
    # HSTS preload binds the whole domain and every subdomain for months: the operator's choice,
    # made at the browsers' preload list, not the application's.
    SILENCED_SYSTEM_CHECKS = ["security.W021"]

# Bodies and uploads: an absence CSV of a whole school fits easily; anything larger is refused.
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("SAMEN_LOG_LEVEL", "WARNING")},
}

# Periodic background jobs: (task path, interval in seconds), enqueued by `samen_worker`.
SAMEN_PERIODIC_TASKS = [
    ("samen.web.alerts.tasks.check_overdue_actions", 3600),
    ("samen.web.dashboard.tasks.take_monthly_snapshot", 6 * 3600),
]

# How long audit events are kept at least (years; 5 is the legal minimum and the default). The
# app never deletes them: see docs/decisions/0009-audit-retention-and-emergency-access.md.
SAMEN_AUDIT_RETENTION_YEARS = config.audit_retention_years()
