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


def envminutes(name, default):
    """A duration in minutes (fractions allowed, so tests can shorten it to seconds)."""
    value = float(os.environ.get(name, default))
    if value <= 0:
        raise ImproperlyConfigured(f"{name} must be a positive number of minutes, not {value}.")
    return value


def envlist(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DJANGO_ENV = os.environ.get("DJANGO_ENV", "development")
PRODUCTION = DJANGO_ENV == "production"
# "build" is for steps such as collectstatic in a Dockerfile, which need no secrets.
BUILDING = DJANGO_ENV == "build"

_DEV_SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production-networkhub"
SECRET_KEY = os.environ.get("SECRET_KEY", _DEV_SECRET_KEY)
# Off unless asked for (DEBUG=true): `make run` shows the branded error pages, never Django's debug page.
DEBUG = envbool("DEBUG")
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
    "django_otp",
    "django_otp.plugins.otp_totp",
    "networkhub",
    "accounts",
    "projects",
    "partners",
    "commitments",
    "meetings",
    "outreach",
    "goals",
    "pulse",
    "results",
    "mobility",
    "onboarding",
    "health",
    "reports",
    "home",
    "privacy",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "networkhub.middleware.UserLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
    # After the language is known, so that the 429 page and the two-factor redirect speak it.
    "networkhub.ratelimit.RateLimitMiddleware",
    "accounts.two_factor.TwoFactorMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

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
if DATABASES["default"]["ENGINE"].endswith("postgresql") and not envbool("DB_JIT"):
    # The pages' queries are short; PostgreSQL's JIT compiled some for ~250 ms once a plan's estimated
    # cost passed its threshold at 1,000 projects (bench/scale.py), costing more than the query itself.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
if DATABASE_URL.startswith("sqlite"):
    # Embedded mode keeps its database, mail and queue in DATA_DIR; a fresh checkout has no var/ yet.
    DATA_DIR.mkdir(parents=True, exist_ok=True)


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

AUTH_USER_MODEL = "accounts.User"
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

# Two-factor sign-in (TOTP, django-otp): required of funder reviewers, administrators and staff, and of
# the coordinators of a project that asks for it; optional for everyone else. See docs/security.md.
OTP_TOTP_ISSUER = os.environ.get("OTP_TOTP_ISSUER", "networkhub")
OTP_TOTP_THROTTLE_FACTOR = 1  # seconds of delay after each failure, doubling
# "Remember this browser": a signed cookie that skips the code prompt; at most 30 days (ASVS 2.x).
TWO_FACTOR_REMEMBER_DAYS = envint("TWO_FACTOR_REMEMBER_DAYS", 30)
if not 0 < TWO_FACTOR_REMEMBER_DAYS <= 30:
    raise ImproperlyConfigured("TWO_FACTOR_REMEMBER_DAYS is between 1 and 30.")
TWO_FACTOR_RECOVERY_CODES = 10

# Rate limits per client address (cache-based, networkhub/ratelimit.py): name -> (path prefixes,
# methods, requests, seconds). Beyond the limit the answer is 429 with a translated page.
RATE_LIMITS = {
    "password_reset": (("/accounts/password-reset/", "/accounts/reset/"), ("POST",), 5, 15 * 60),
    "invitations": (("/invitations/",), ("GET", "POST"), 30, 10 * 60),
    "signing_links": (("/sign/",), ("GET", "POST"), 30, 10 * 60),
    "meeting_links": (("/m/rsvp/", "/m/poll/"), ("GET", "POST"), 60, 10 * 60),
    "pulse_links": (("/pulse/",), ("GET", "POST"), 30, 10 * 60),
    "two_factor": (("/accounts/two-factor/verify/",), ("POST",), 10, 10 * 60),
}

# Languages: Finnish by default; Swedish and English complete.
LANGUAGE_CODE = "fi"
LANGUAGES = [("fi", _("Finnish")), ("sv", _("Swedish")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["networkhub.formats"]  # English with European dates (networkhub/formats/en)
TIME_ZONE = "Europe/Helsinki"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Stored files (meeting attachments, output files, report PDFs) go through the default storage and are
# served only by views that check access, never from MEDIA_URL. FILE_STORAGE=local keeps them under
# DATA_DIR/media (embedded mode); FILE_STORAGE=s3 (the default when S3_BUCKET is set) puts them in any
# S3-compatible object store (AWS S3, MinIO, Ceph) as private objects. See docs/deployment.md.
MEDIA_URL = "/media/"
MEDIA_ROOT = DATA_DIR / "media"
FILE_STORAGE = (os.environ.get("FILE_STORAGE") or ("s3" if os.environ.get("S3_BUCKET") else "local")).strip().lower()
if FILE_STORAGE == "local":
    DEFAULT_STORAGE = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
elif FILE_STORAGE == "s3":
    if not os.environ.get("S3_BUCKET"):
        raise ImproperlyConfigured("FILE_STORAGE=s3 needs S3_BUCKET (and S3_ENDPOINT_URL for MinIO or Ceph).")
    S3_ADDRESSING_STYLE = os.environ.get("S3_ADDRESSING_STYLE", "") or None  # "path" for MinIO, "virtual" for AWS
    if S3_ADDRESSING_STYLE not in (None, "auto", "path", "virtual"):
        raise ImproperlyConfigured("S3_ADDRESSING_STYLE is one of: auto, path, virtual.")
    DEFAULT_STORAGE = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": os.environ["S3_BUCKET"],
            "endpoint_url": os.environ.get("S3_ENDPOINT_URL") or None,  # empty: AWS
            "region_name": os.environ.get("S3_REGION") or None,
            # Empty: boto3's own chain (AWS_* variables, an instance or task role).
            "access_key": os.environ.get("S3_ACCESS_KEY_ID") or None,
            "secret_key": os.environ.get("S3_SECRET_ACCESS_KEY") or None,
            "addressing_style": S3_ADDRESSING_STYLE,
            "location": os.environ.get("S3_PREFIX", "").strip("/"),
            "verify": envbool("S3_VERIFY_TLS", "true"),
            # Private objects, no signed URLs: a file's URL is never handed out, and if one leaked it
            # would be refused. Downloads stream through the views that check access.
            # S3_DEFAULT_ACL= (empty) sends no ACL, for AWS buckets whose ACLs are disabled (private anyway).
            "default_acl": os.environ.get("S3_DEFAULT_ACL", "private") or None,
            "querystring_auth": False,
            # Names are random; never overwrite an object that exists (a frozen report version).
            "file_overwrite": False,
            # A download larger than this is buffered in a temporary file rather than in memory.
            "max_memory_size": envint("S3_MAX_MEMORY_MB", 8) * 1024 * 1024,
        },
    }
else:
    raise ImproperlyConfigured("FILE_STORAGE is local or s3.")
STORAGES = {
    "default": DEFAULT_STORAGE,
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION or BUILDING
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
# Embedded and development runs serve static files straight from the app folders (no collectstatic).
WHITENOISE_USE_FINDERS = not (PRODUCTION or BUILDING)
WHITENOISE_AUTOREFRESH = not (PRODUCTION or BUILDING)

FORMS_URLFIELD_ASSUME_HTTPS = True
CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"
COUNTRIES_FIRST = ["FI", "SE", "EE", "NO", "DK", "DE"]

# E-mail: SMTP when EMAIL_HOST is set; otherwise each message is written to a file.
# A send that began this long ago without finishing (a killed worker) may be claimed again by a retry,
# which then resends it (mail.send_once); reminders stuck in sending use the same lease, and a sweep
# (networkhub.tasks.sweep_stale_messages) starts again the task of any other e-mail left in sending.
MAIL_SENDING_LEASE_MINUTES = envminutes("MAIL_SENDING_LEASE_MINUTES", 10)
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
CELERY_VISIBILITY_TIMEOUT_MINUTES = envminutes("CELERY_VISIBILITY_TIMEOUT_MINUTES", 30)
if REDIS_URL:
    CELERY_BROKER_URL = REDIS_URL
    # A task a worker took and never acknowledged (the worker was killed) goes back to the queue after
    # this long. It must exceed the longest task and the longest retry countdown (RetryingTask: 15 min),
    # or tasks are delivered twice (harmless, each claims its work, but wasted).
    CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": round(CELERY_VISIBILITY_TIMEOUT_MINUTES * 60)}
else:
    CELERY_BROKER_URL = "filesystem://localhost/"  # with a host name, or kombu warns "No hostname was supplied"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(CELERY_DATA_DIR / "queue"),
        "data_folder_out": str(CELERY_DATA_DIR / "queue"),
        "processed_folder": str(CELERY_DATA_DIR / "processed"),
        "control_folder": str(CELERY_DATA_DIR / "control"),
        "store_processed": False,
    }
CELERY_TASK_ALWAYS_EAGER = envbool("CELERY_TASK_ALWAYS_EAGER")
# Acknowledge a task when it is done, not when it starts, so a killed worker's task runs again; as
# Celery's documentation advises with late acknowledgement, a task whose pool process died is put back
# too, and each process reserves one task at a time, so a killed worker strands no queue behind it.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_DEFAULT_QUEUE = "default"
CELERY_TIMEZONE = TIME_ZONE
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
# Periodic scans. Due times live in the database; a scan claims each item with a conditional update.
CELERY_BEAT_SCHEDULE = {
    "expire-signature-requests": {"task": "commitments.jobs.expire_signature_requests", "schedule": 300.0},
    "plan-reminders": {"task": "networkhub.tasks.plan_reminders", "schedule": 3600.0},
    "scan-reminders": {"task": "networkhub.tasks.scan_reminders", "schedule": envint("REMINDER_SCAN_SECONDS", 300)},
    "sweep-stale-messages": {"task": "networkhub.tasks.sweep_stale_messages", "schedule": 300.0},
}
# Every state of a reminder that is not final has a lease: one queued this long ago whose send task
# never claimed it (the task was lost with the broker, or its publish failed) goes back to the scan.
# It exceeds RetryingTask's longest retry countdown (15 min), which a queued reminder may be waiting out.
REMINDER_QUEUED_LEASE_MINUTES = envminutes("REMINDER_QUEUED_LEASE_MINUTES", 20)
# The transactional outbox (networkhub.outbox): a task a service queues is a row written with its change and
# published after the commit, else by the relay. A publish in progress holds its row this long; a row left
# "publishing" longer (its publisher died) is published again. Published rows are deleted after OUTBOX_KEEP_DAYS.
OUTBOX_PUBLISHING_LEASE_MINUTES = envminutes("OUTBOX_PUBLISHING_LEASE_MINUTES", 2)
OUTBOX_KEEP_DAYS = envint("OUTBOX_KEEP_DAYS", 7)
CELERY_BEAT_SCHEDULE["relay-outbox"] = {
    "task": "networkhub.tasks.relay_outbox",
    "schedule": float(envint("OUTBOX_RELAY_SECONDS", 30)),
}
# Reminder steps in days, per kind, overriding the days each app registers with its kind
# (e.g. {"meeting_upcoming": [7, 1]}). Projects can tune the non-essential kinds on their Messages page.
REMINDER_STEPS = {}
# Reminders go out in the morning, Helsinki time, when they are due on a date.
REMINDER_HOUR = 8

# Retention (docs/privacy.md): after this many days, link tokens that can no longer be used (expired,
# used, revoked; invitations never accepted) are deleted and e-mails' content (subject, error, task
# arguments) is blanked; their metadata stays. A daily job (networkhub.jobs) does it.
RETENTION_DAYS = envint("RETENTION_DAYS", 365)
if RETENTION_DAYS < 1:
    raise ImproperlyConfigured("RETENTION_DAYS must be at least 1.")
CELERY_BEAT_SCHEDULE["purge-expired-personal-data"] = {
    "task": "networkhub.tasks.purge_expired_personal_data",
    "schedule": 24 * 3600.0,
}

# Link tokens in e-mails: lifetime per purpose, in days.
LINK_TOKEN_TTL_DAYS = {
    "invitation": envint("INVITATION_TTL_DAYS", 14),
    "signature": envint("SIGNATURE_TTL_DAYS", 30),
    "rsvp": 90,
    "poll": 60,
    "calendar_feed": 3650,
    "rules": envint("SIGNATURE_TTL_DAYS", 30),
    "amendment": envint("SIGNATURE_TTL_DAYS", 30),  # the lease of a pending letter amendment too
    "pulse": 45,  # a survey link works until its round closes (pulse.tasks gives each its own)
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
    "idea_answer_days": {"green": 14, "amber": 30},  # 5: median days a member's idea waits for an answer
    "review_overdue_days": {"green": 0, "amber": 30},  # 7: days the goal review is overdue
    "ideas_answered": {"green": 2, "amber": 1},  # 7: ideas answered (any decision) in the last 12 months
    "pulse_average": {"green": 4, "amber": 3},  # 8: the trust pulse's average (1-5)
    "pulse_response": {"green": 60, "amber": 40},  # 8: contacts who answered the latest pulse round
    "expertise_profiles": {"green": 80, "amber": 50},  # 9: members with an expertise profile
    "contacts_shared": {"green": 50, "amber": 25},  # 9: contacts who share their details in the directory
    "outputs_disseminated": {"green": 75, "amber": 50},  # 11: outputs disseminated at least once
    "new_to_international": {"green": 20, "amber": 10},  # funder: members new to international activity
    "lead_ties": {"green": 75, "amber": 50},  # 5: other members the lead organisation is tied to (network map)
}
for _key, _values in json.loads(os.environ.get("HEALTH_THRESHOLDS") or "{}").items():
    HEALTH_THRESHOLDS.setdefault(_key, {}).update(_values)
# OPH's overview sorts by a risk score (docs/health.md, "The overview's risk score"): over the items of a project's
# latest daily statuses, red scores 4 points, amber 2 and no data 1, times the item's weight below (an item not
# listed weighs 1, weight 0 leaves it out); an overdue report adds HEALTH_RISK_OVERDUE_WEIGHT, more than any item
# can. A programme may weigh its items otherwise: HEALTH_RISK_WEIGHTS_BY_PROGRAMME by programme code, e.g.
# {"kv-2026": {"new_to_international": 0}}; both also from the environment as JSON.
HEALTH_RISK_WEIGHTS = {
    "rules": 1,
    "application": 1,
    "tasks": 2,
    "management": 3,
    "coordinator": 2,
    "meetings": 2,
    "learning": 1,
    "trust": 2,
    "expertise": 1,
    "partners": 1,
    "dissemination": 2,
    "new_to_international": 1,
}
HEALTH_RISK_WEIGHTS.update(json.loads(os.environ.get("HEALTH_RISK_WEIGHTS") or "{}"))
HEALTH_RISK_WEIGHTS_BY_PROGRAMME = json.loads(os.environ.get("HEALTH_RISK_WEIGHTS_BY_PROGRAMME") or "{}")
HEALTH_RISK_OVERDUE_WEIGHT = envint("HEALTH_RISK_OVERDUE_WEIGHT", 20)

# The programme aggregates (home.programme_aggregates) list an organisation as overcommitted when it is a current
# member of more than this many projects whose term is under way at once (all programmes counted).
PROGRAMME_OVERCOMMITMENT_PROJECTS = envint("PROGRAMME_OVERCOMMITMENT_PROJECTS", 3)
# The programme aggregates are counted once and stored (home.figures, home.ProgrammeFigures): a page reads figures at
# most this many seconds old, counted on the same day; older ones are counted again when the page is opened. A beat
# job counts every programme's unfiltered figures again twice as often, so that page seldom waits for a count.
PROGRAMME_FIGURES_MAX_AGE = envint("PROGRAMME_FIGURES_MAX_AGE", 3600)
if PROGRAMME_FIGURES_MAX_AGE < 60:
    raise ImproperlyConfigured("PROGRAMME_FIGURES_MAX_AGE must be at least 60 (seconds).")
CELERY_BEAT_SCHEDULE["refresh-programme-figures"] = {
    "task": "home.jobs.refresh_programme_figures",
    "schedule": PROGRAMME_FIGURES_MAX_AGE / 2,
}
# Items a programme scores only when its health settings switch them on ({"on": [key]}; docs/health.md "Which items
# a programme scores"): the internationalisation criterion colours only the programmes it belongs to.
HEALTH_ITEMS_SCORED_ONLY_WHERE_ON = envlist("HEALTH_ITEMS_SCORED_ONLY_WHERE_ON", "new_to_international")
# Tokens of OPH's systems for the overview's JSON feed (docs/api.md): valid this many days unless given otherwise.
API_TOKEN_DAYS = envint("API_TOKEN_DAYS", 365)
# Days from a project's start after which an activity item with nothing to measure turns from grey to red
# (docs/health.md): no meeting in the cadence and its grace, no goals, ideas or outputs in half a year.
HEALTH_NO_DATA_RED_DAYS = {
    "meetings": MEETING_CADENCE_DAYS + 45,
    "partners": MEETING_CADENCE_DAYS + 45,
    "learning": 180,
    "dissemination": 180,
}
# The health items (docs/health.md) by key: a programme's health settings may switch these off.
HEALTH_ITEM_KEYS = [
    "rules",
    "application",
    "tasks",
    "management",
    "coordinator",
    "meetings",
    "learning",
    "trust",
    "expertise",
    "partners",
    "dissemination",
    "new_to_international",
]
# No penalty for use: after a new rules version, acceptance of the previous one counts (as amber) this many days;
# an output recorded in the last OUTPUT_DISSEMINATION_GRACE_DAYS days is not counted as undisseminated.
RULES_GRACE_DAYS = envint("RULES_GRACE_DAYS", 30)
OUTPUT_DISSEMINATION_GRACE_DAYS = envint("OUTPUT_DISSEMINATION_GRACE_DAYS", 60)
# The network map (health/network_map.py): ties from the last NETWORK_MAP_DAYS days (meetings, action items,
# outputs); a member whose ties weigh less than NETWORK_WEAK_TIE_SHARE % of the median member's is weakly tied.
NETWORK_MAP_DAYS = envint("NETWORK_MAP_DAYS", 365)
NETWORK_WEAK_TIE_SHARE = envint("NETWORK_WEAK_TIE_SHARE", 50)
# The weekly snapshots that draw each indicator's trend (health.jobs); a job run claims each project's week once.
CELERY_BEAT_SCHEDULE["take-health-snapshots"] = {"task": "health.jobs.take_health_snapshots", "schedule": 6 * 3600.0}
# Today's statuses for OPH's programme overview (health.daily); each project's day is claimed once, so hourly
# runs cost little after the first of the day and catch up soon after a missed one.
CELERY_BEAT_SCHEDULE["take-daily-health-statuses"] = {
    "task": "health.jobs.take_daily_health_statuses",
    "schedule": 3600.0,
}
# The daily run is shared by this many tasks, each claiming batches of projects until none is left (health.daily).
HEALTH_DAILY_WORKERS = envint("HEALTH_DAILY_WORKERS", 2)
# A change stores its project's day again at once (health.live); this sweep is the stale mark's lease.
CELERY_BEAT_SCHEDULE["refresh-lapsed-health-days"] = {
    "task": "health.tasks.refresh_lapsed_health_days",
    "schedule": 300.0,
}

# The trust pulse (pulse/): a daily job opens the quarter's round in the projects that run it (idempotent).
CELERY_BEAT_SCHEDULE["open-pulse-rounds"] = {"task": "pulse.jobs.open_pulse_rounds", "schedule": 24 * 3600.0}
CELERY_BEAT_SCHEDULE["close-pulse-rounds"] = {"task": "pulse.jobs.close_pulse_rounds", "schedule": 3600.0}
CELERY_BEAT_SCHEDULE["remind-pulse-rounds"] = {"task": "pulse.jobs.remind_pulse_rounds", "schedule": 3600.0}
# The trust pulse shows a closed round's results from this many answers; never below 5 (a system check refuses).
PULSE_MIN_ANSWERS = int(os.environ.get("PULSE_MIN_ANSWERS", "5"))

# Project outputs (results/): a file per output, checked like meeting attachments; served only through
# a view that checks the project (never from MEDIA_URL).
OUTPUT_FILE_MAX_BYTES = envint("OUTPUT_FILE_MAX_MB", 20) * 1024 * 1024
OUTPUT_FILE_EXTENSIONS = envlist("OUTPUT_FILE_EXTENSIONS", "pdf,docx,xlsx,pptx,odt,ods,odp,png,jpg,jpeg,txt,csv")

# Status reports (reports/): PDFs render on their own queue, so a long report never delays e-mail.
CELERY_TASK_ROUTES = {"reports.tasks.render_report": {"queue": "pdf"}}
# A PDF queued or being generated this long without finishing (a worker killed mid-render, a task lost
# with the broker) is queued again by a sweep; only one task's PDF is ever stored for one request.
REPORT_RENDER_LEASE_MINUTES = envminutes("REPORT_RENDER_LEASE_MINUTES", 15)
CELERY_BEAT_SCHEDULE["sweep-stale-renders"] = {"task": "reports.tasks.sweep_stale_renders", "schedule": 300.0}
LOGGING["loggers"]["weasyprint"] = {"level": "WARNING"}  # its per-page progress lines drown the worker's log

# Strong identification of management signatories (commitments/identification.py), OpenID Connect with
# PKCE: Suomi.fi e-Identification or a commercial broker. Nothing configured: projects cannot turn it on.
OIDC_PROVIDER_NAME = os.environ.get("OIDC_PROVIDER_NAME", "")
OIDC_DISCOVERY_URL = os.environ.get("OIDC_DISCOVERY_URL", "")  # the issuer, or its .well-known URL
OIDC_CLIENT_ID = os.environ.get("OIDC_CLIENT_ID", "")
OIDC_CLIENT_SECRET = os.environ.get("OIDC_CLIENT_SECRET", "")
OIDC_ACR_VALUES = os.environ.get("OIDC_ACR_VALUES", "http://ftn.ficora.fi/2017/loa2")
OIDC_IDENTITY_CODE_CLAIM = os.environ.get("OIDC_IDENTITY_CODE_CLAIM", "hetu")
# Key of the identity code's HMAC-SHA256 in the evidence; defaults to one derived from SECRET_KEY.
OIDC_IDENTITY_HASH_KEY = os.environ.get("OIDC_IDENTITY_HASH_KEY", "")

# Evidence key (commitments.keys): every seal of a sent version, signature request, signature and
# acknowledged amendment, and every letter's chain head, is also HMAC-SHA256'd with a key kept outside
# the database, so a database writer who recomputes the unkeyed hashes is caught. EVIDENCE_KEY is the
# current key (required in production: `check --deploy` reports it missing or weak), EVIDENCE_KEY_ID
# its id, stored beside each MAC; EVIDENCE_KEYS (JSON {"id": "key"}) keeps older keys after a rotation
# so rows sealed with them still verify. Development and tests use a fixed, public key.
DEV_EVIDENCE_KEY = "development-only-evidence-key-not-secret-do-not-use-in-production"
EVIDENCE_KEY_ID = os.environ.get("EVIDENCE_KEY_ID", "").strip() or "1"
EVIDENCE_KEY = os.environ.get("EVIDENCE_KEY", "").strip() or ("" if PRODUCTION else DEV_EVIDENCE_KEY)
EVIDENCE_KEYS = {
    **{str(key_id): key for key_id, key in json.loads(os.environ.get("EVIDENCE_KEYS") or "{}").items()},
    **({EVIDENCE_KEY_ID: EVIDENCE_KEY} if EVIDENCE_KEY else {}),
}

# The organisation's sealing certificate for the signed-letter PDF (PAdES, pyHanko; commitments.pdfseal).
# Optional: with neither a PKCS#12 file nor a PKCS#11 token the PDF is unsealed and says so.
EVIDENCE_PDF_SEAL_P12 = os.environ.get("EVIDENCE_PDF_SEAL_P12", "")
EVIDENCE_PDF_SEAL_PASSPHRASE = os.environ.get("EVIDENCE_PDF_SEAL_PASSPHRASE", "")
# A PKCS#11 token (HSM, smart card): the module's path, the token's label, the key's label and the PIN.
EVIDENCE_PDF_SEAL_PKCS11_MODULE = os.environ.get("EVIDENCE_PDF_SEAL_PKCS11_MODULE", "")
EVIDENCE_PDF_SEAL_PKCS11_TOKEN = os.environ.get("EVIDENCE_PDF_SEAL_PKCS11_TOKEN", "")
EVIDENCE_PDF_SEAL_PKCS11_KEY = os.environ.get("EVIDENCE_PDF_SEAL_PKCS11_KEY", "")
EVIDENCE_PDF_SEAL_PKCS11_PIN = os.environ.get("EVIDENCE_PDF_SEAL_PKCS11_PIN", "")
