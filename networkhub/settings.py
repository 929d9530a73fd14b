"""networkhub settings: one file, driven by the environment.

With nothing set, the app runs embedded: SQLite, e-mail written to files,
Celery on a filesystem transport that needs no server. DATABASE_URL and
REDIS_URL switch to PostgreSQL and Redis. DJANGO_ENV=production refuses to
start without a real SECRET_KEY and ALLOWED_HOSTS.
"""

import json
import os
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def envbool(name, default="false"):
    return os.environ.get(name, default).strip().lower() in ("1", "true", "yes", "on")


def envint(name, default):
    return int(os.environ.get(name, default))


def envlist(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DJANGO_ENV = os.environ.get("DJANGO_ENV", "development")
PRODUCTION = DJANGO_ENV == "production"
# "build" is for steps such as collectstatic in a Dockerfile, which need no secrets.
BUILDING = DJANGO_ENV == "build"

_DEV_SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production-networkhub"
SECRET_KEY = os.environ.get("SECRET_KEY", _DEV_SECRET_KEY)
DEBUG = envbool("DEBUG", "false" if (PRODUCTION or BUILDING) else "true")
ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "" if PRODUCTION else "localhost,127.0.0.1,[::1],testserver")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS")
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

if PRODUCTION:
    if SECRET_KEY == _DEV_SECRET_KEY or len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5:
        raise ImproperlyConfigured("DJANGO_ENV=production needs SECRET_KEY: at least 50 random characters.")
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured("DJANGO_ENV=production needs ALLOWED_HOSTS (comma-separated host names).")

DATA_DIR = Path(os.environ.get("DATA_DIR", BASE_DIR / "var"))

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_countries",
    "django_htmx",
    "axes",
    "csp",
    "networkhub",
    "projects",
    "partners",
    "commitments",
    "meetings",
    "health",
    "reports",
    "home",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "networkhub.middleware.UserLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "networkhub.urls"
WSGI_APPLICATION = "networkhub.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "networkhub.context_processors.site",
            ],
        },
    },
]

# Database: SQLite unless DATABASE_URL names another (PostgreSQL in production).
DATABASE_URL = os.environ.get("DATABASE_URL") or f"sqlite:///{DATA_DIR / 'networkhub.sqlite3'}"
DATABASES = {
    "default": dj_database_url.parse(DATABASE_URL, conn_max_age=envint("DB_CONN_MAX_AGE", 60), conn_health_checks=True)
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"


def _next_redis_database(url):
    """The same Redis server, the database after the one `url` names (redis://host:6379/1 -> /2)."""
    parts = urlsplit(url)
    number = int(parts.path.strip("/") or 0)
    return urlunsplit(parts._replace(path=f"/{number + 1}"))


REDIS_URL = os.environ.get("REDIS_URL", "")
# The cache lives in a Redis database of its own: clearing the cache (FLUSHDB) must never drop the
# broker's queued tasks, which live in REDIS_URL's database.
REDIS_CACHE_URL = os.environ.get("REDIS_CACHE_URL") or (_next_redis_database(REDIS_URL) if REDIS_URL else "")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_CACHE_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

AUTH_USER_MODEL = "networkhub.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Brute-force protection: lock a user name from one address after repeated failures.
AXES_FAILURE_LIMIT = envint("AXES_FAILURE_LIMIT", 8)
AXES_COOLOFF_TIME = 1  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False
AXES_USERNAME_FORM_FIELD = "username"  # Django's sign-in form calls the e-mail field "username"
AXES_USERNAME_CALLABLE = "networkhub.middleware.lockout_username"

# Languages: Finnish by default; Swedish and English complete.
LANGUAGE_CODE = "fi"
LANGUAGES = [("fi", _("Finnish")), ("sv", _("Swedish")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Helsinki"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = DATA_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if not DEBUG
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

FORMS_URLFIELD_ASSUME_HTTPS = True
CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"
COUNTRIES_FIRST = ["FI", "SE", "EE", "NO", "DK", "DE"]

# E-mail: SMTP when EMAIL_HOST is set; otherwise each message is written to a file.
# A send that began this long ago without finishing (a killed worker) may be claimed again by a retry,
# which then resends it (mail.send_once); reminders stuck in sending use the same lease.
MAIL_SENDING_LEASE_MINUTES = envint("MAIL_SENDING_LEASE_MINUTES", 10)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "networkhub <networkhub@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = envint("EMAIL_PORT", 25)
    EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = envbool("EMAIL_USE_TLS")
    EMAIL_TIMEOUT = 20
else:
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = os.environ.get("EMAIL_FILE_PATH") or DATA_DIR / "mail"

# Celery: Redis as broker when REDIS_URL is set; otherwise a filesystem transport,
# so that `make run` has a real worker and scheduler without any server.
CELERY_DATA_DIR = DATA_DIR / "celery"
if REDIS_URL:
    CELERY_BROKER_URL = REDIS_URL
    CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
else:
    CELERY_BROKER_URL = "filesystem://"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(CELERY_DATA_DIR / "queue"),
        "data_folder_out": str(CELERY_DATA_DIR / "queue"),
        "processed_folder": str(CELERY_DATA_DIR / "processed"),
        "control_folder": str(CELERY_DATA_DIR / "control"),
        "store_processed": False,
    }
CELERY_TASK_ALWAYS_EAGER = envbool("CELERY_TASK_ALWAYS_EAGER")
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_DEFAULT_QUEUE = "default"
CELERY_TIMEZONE = TIME_ZONE
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
# Periodic scans. Due times live in the database; a scan claims each item with a conditional update.
CELERY_BEAT_SCHEDULE = {
    "expire-signature-requests": {"task": "commitments.jobs.expire_signature_requests", "schedule": 300.0},
    "plan-reminders": {"task": "networkhub.tasks.plan_reminders", "schedule": 3600.0},
    "scan-reminders": {"task": "networkhub.tasks.scan_reminders", "schedule": envint("REMINDER_SCAN_SECONDS", 300)},
}
# Reminder steps in days, per kind, overriding the days each app registers with its kind
# (e.g. {"meeting_upcoming": [7, 1]}). Projects can tune the non-essential kinds on their Messages page.
REMINDER_STEPS = {}
# Reminders go out in the morning, Helsinki time, when they are due on a date.
REMINDER_HOUR = 8

# Link tokens in e-mails: lifetime per purpose, in days.
LINK_TOKEN_TTL_DAYS = {
    "invitation": envint("INVITATION_TTL_DAYS", 14),
    "signature": envint("SIGNATURE_TTL_DAYS", 30),
    "rsvp": 90,
    "poll": 60,
    "calendar_feed": 3650,
    "rules": envint("SIGNATURE_TTL_DAYS", 30),
}

# Security headers. django-csp: no inline scripts or styles anywhere.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    }
}
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if PRODUCTION:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", "true")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    # A plain-http local compose deliberately turns the redirect off; that is not a deploy warning.
    SILENCED_SYSTEM_CHECKS = [] if SECURE_SSL_REDIRECT else ["security.W008"]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}, "axes": {"level": "WARNING"}},
}

# Meetings (meetings/). A network should meet at least every MEETING_CADENCE_DAYS days
# (characteristic 6); attachments are checked for size and type (by extension and content).
MEETING_CADENCE_DAYS = envint("MEETING_CADENCE_DAYS", 90)
MEETING_ATTACHMENT_MAX_BYTES = envint("MEETING_ATTACHMENT_MAX_MB", 10) * 1024 * 1024
MEETING_ATTACHMENT_EXTENSIONS = envlist(
    "MEETING_ATTACHMENT_EXTENSIONS", "pdf,docx,xlsx,pptx,odt,ods,odp,png,jpg,jpeg,txt,csv"
)
MEETING_SERIES_MAX_MEETINGS = 24

# Network health (health/): each indicator is green at or above its "green" value, amber at or above
# "amber", red below; days since the last meeting are green up to "green" days, amber up to "amber".
# Shares are in per cent. HEALTH_THRESHOLDS in the environment (JSON) overrides single values,
# e.g. {"new_to_international": {"green": 30, "amber": 15}}.
HEALTH_THRESHOLDS = {
    "rules_accepted": {"green": 100, "amber": 75},  # 1: members who accepted the rules in force
    "committed_at_application": {"green": 100, "amber": 75},  # 2: letters signed by the application date
    "tasks_defined": {"green": 100, "amber": 75},  # 3: letters whose tasks have a responsible and a deadline
    "management_signed": {"green": 100, "amber": 75},  # 4: letters with the management's signature
    "coordinator_actions": {"green": 4, "amber": 1},  # 5: coordinators' actions in the last 30 days
    "meeting_days": {"green": MEETING_CADENCE_DAYS, "amber": MEETING_CADENCE_DAYS + 45},  # 6: since the last
    "meeting_regularity": {"green": 100, "amber": 50},  # 6: last year's meetings against the cadence
    "partner_attendance": {"green": 75, "amber": 50},  # 10: business and foreign partners at recent meetings
    "new_to_international": {"green": 20, "amber": 10},  # funder: members new to international activity
}
for _key, _values in json.loads(os.environ.get("HEALTH_THRESHOLDS") or "{}").items():
    HEALTH_THRESHOLDS.setdefault(_key, {}).update(_values)
# The weekly snapshots that draw each indicator's trend (home.jobs); a job run claims each project's week once.
CELERY_BEAT_SCHEDULE["take-health-snapshots"] = {"task": "home.jobs.take_health_snapshots", "schedule": 6 * 3600.0}
# Today's statuses for OPH's programme overview (home.daily); each project's day is claimed once, so hourly
# runs cost little after the first of the day and catch up soon after a missed one.
CELERY_BEAT_SCHEDULE["take-daily-health-statuses"] = {
    "task": "home.jobs.take_daily_health_statuses",
    "schedule": 3600.0,
}

# Project outputs (projects/): a file per output, checked like meeting attachments; served only through
# a view that checks the project (never from MEDIA_URL).
OUTPUT_FILE_MAX_BYTES = envint("OUTPUT_FILE_MAX_MB", 20) * 1024 * 1024
OUTPUT_FILE_EXTENSIONS = envlist("OUTPUT_FILE_EXTENSIONS", "pdf,docx,xlsx,pptx,odt,ods,odp,png,jpg,jpeg,txt,csv")

# Status reports (reports/): PDFs render on their own queue, so a long report never delays e-mail.
CELERY_TASK_ROUTES = {"reports.tasks.render_report": {"queue": "pdf"}}
LOGGING["loggers"]["weasyprint"] = {"level": "WARNING"}  # its per-page progress lines drown the worker's log
