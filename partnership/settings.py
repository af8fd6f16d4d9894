"""Settings for the Đoàn – VNPT partnership portal.

One module, everything read from the environment (django-environ). With no environment at
all beyond DEBUG=1 it runs on SQLite, executes Celery tasks in-process and writes mail as
files under var/, so `make run` needs no server. Production sets DEBUG=0 and the variables
listed in README.md.
"""

from datetime import timedelta
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()
# A developer checkout keeps its own settings in .env (`make install` writes DEBUG=1 there);
# variables set in the environment always win. Production has no .env.
if (BASE_DIR / ".env").is_file():
    environ.Env.read_env(BASE_DIR / ".env")

DEBUG = env.bool("DEBUG", default=False)

SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    # Development only: a key that is useless outside this machine's DEBUG runs.
    SECRET_KEY = "dev-only-not-secret-" + "x" * 40

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
# The portal's name in mails and the Sites record (partnership/sites.py).
SITE_NAME = env.str("SITE_NAME", default="Cổng Hợp tác Đoàn – VNPT")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sites",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "axes",
    "csp",
    "django_filters",
    "treebeard",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "partnership",
    "partnership.accounts",
    "partnership.organisations",
    "partnership.notifications",
    "partnership.news",
    "partnership.search",
    "partnership.files",
    "partnership.api",
    "services",
    "ideas",
    "agreements",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "partnership.requestmemo.RequestMemoMiddleware",
    "partnership.middleware.RejectNullBytesMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "partnership.api.middleware.ApiConditionalGetMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "partnership.locale_middleware.VietnameseFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Before the CSRF check: a PUT or DELETE is refused as a method (405), not as a forgery.
    "partnership.methods.MethodNotAllowedMiddleware",
    "partnership.middleware.RejectInvalidUtf8Middleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "partnership.accounts.middleware.VisitorAuthenticationMiddleware",
    "partnership.accounts.middleware.SessionLifetimeMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "partnership.accounts.admin_mfa.StaffMFAMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # Last, as django-axes asks: it turns a lockout raised by the auth backend into a page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "partnership.urls"
WSGI_APPLICATION = "partnership.wsgi.application"
SITE_ID = 1

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
                "partnership.context_processors.portal",
            ],
            "builtins": [
                "django.templatetags.i18n",
                "django.contrib.humanize.templatetags.humanize",
                "partnership.templatetags.portal",
            ],
        },
    }
]

# --- Database -------------------------------------------------------------------------------
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'portal.sqlite3'}"),
}
IS_POSTGRES = DATABASES["default"]["ENGINE"].endswith("postgresql")
if IS_POSTGRES:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
else:
    VAR_DIR.mkdir(exist_ok=True)
    # WAL lets the in-process task runner and the web thread read while one writes.
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].update(
        {"timeout": 20, "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"}
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache, Celery --------------------------------------------------------------------------
REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "partnership.cache.FailOpenRedisCache",
            "LOCATION": REDIS_URL,
            # A Redis that is down must not take pages with it: short timeouts, then the
            # cache calls fail fast and partnership.cache treats them as misses.
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
            "KEY_PREFIX": "portal",
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Per process, for template fragments that depend on no data, only on the code and the
# language or role set (the header's navigation, the footer): no round trip to Redis.
CACHES["local"] = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "portal-local",
    "OPTIONS": {"MAX_ENTRIES": 2000},
}

CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default=REDIS_URL or "memory://")
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL and env.bool("CELERY_TASK_ALWAYS_EAGER", default=True)
CELERY_TASK_EAGER_PROPAGATES = False
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = 120
CELERY_TASK_SOFT_TIME_LIMIT = 90
CELERY_TASK_IGNORE_RESULT = True
CELERY_TIMEZONE = "Asia/Ho_Chi_Minh"
# A broker that accepts connections but never answers must not hang a web request: every
# socket operation gives up after a few seconds and a publish is retried at most twice.
CELERY_BROKER_CONNECTION_TIMEOUT = 3
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A worker that loses the broker reconnects (2 s, 4 s, … at most 30 s apart, about 46 min in
# all with the default); when it gives up it exits with status 1 so that its supervisor
# (systemd Restart=on-failure, supervisord autorestart) starts it again. 0: retry forever.
CELERY_BROKER_CONNECTION_MAX_RETRIES = (
    env.int("CELERY_BROKER_CONNECTION_MAX_RETRIES", default=100) or None
)
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "socket_connect_timeout": 3,
    "socket_timeout": 3,
    "visibility_timeout": 3600,
    "max_retries": 2,
    "interval_start": 0,
    "interval_step": 0.5,
    "interval_max": 1,
}
CELERY_TASK_PUBLISH_RETRY = True
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 2,
    "interval_start": 0,
    "interval_step": 0.5,
    "interval_max": 1,
}
# Snapshot refreshes (partnership/snapshots.py) can go to a queue of their own, served by
# workers near a read replica; empty: the default queue.
SNAPSHOT_QUEUE = env.str("SNAPSHOT_QUEUE", default="")


def beat_every(task: str, **interval: int) -> dict:
    """A periodic task of CELERY_BEAT_SCHEDULE: `task` every timedelta(**interval)."""
    return {"task": task, "schedule": timedelta(**interval)}


CELERY_BEAT_SCHEDULE = {
    "notifications-sweep-outbox": beat_every("notifications.sweep_outbox", minutes=1),
    "notifications-daily-digest": beat_every("notifications.send_daily_digests", hours=1),
    "files-purge-abandoned-uploads": beat_every("files.purge_abandoned_uploads", hours=1),
}

# --- Mail -----------------------------------------------------------------------------------
EMAIL_CONFIG = env.email_url("EMAIL_URL", default="filemail://")
if EMAIL_CONFIG["EMAIL_BACKEND"] == "django.core.mail.backends.filebased.EmailBackend":
    EMAIL_CONFIG["EMAIL_FILE_PATH"] = EMAIL_CONFIG.get("EMAIL_FILE_PATH") or str(VAR_DIR / "mail")
vars().update(EMAIL_CONFIG)
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=10)
DEFAULT_FROM_EMAIL = env.str(
    "DEFAULT_FROM_EMAIL", default="Cổng Hợp tác Đoàn – VNPT <no-reply@localhost>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Webhooks go to https:// only; this lets them go to http:// on a loopback address (tests, a
# receiver on the same host behind its own TLS proxy). Never other hosts.
WEBHOOKS_ALLOW_HTTP_LOOPBACK = env.bool("WEBHOOKS_ALLOW_HTTP_LOOPBACK", default=False)

# --- Auth -----------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
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
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "accounts:profile"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = False
ACCOUNT_UNIQUE_EMAIL = True
# A sign-up with a taken address says so on the field (the issue's choice, over hiding
# which addresses have accounts); the login and reset pages stay rate limited.
ACCOUNT_PREVENT_ENUMERATION = False
ACCOUNT_SIGNUP_FORM_CLASS = "partnership.accounts.forms.SignupExtraForm"
ACCOUNT_ADAPTER = "partnership.accounts.adapter.AccountAdapter"
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Đoàn – VNPT] "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "http" if DEBUG else "https"
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_RATE_LIMITS = {
    # django-axes locks an account after 5 failures; allauth only stops floods.
    "login_failed": "30/m/ip,20/15m/key",
    "signup": "20/m/ip",
    "reset_password": "20/m/ip,5/m/key",
    "confirm_email": "1/3m/key",
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Đoàn – VNPT"
ADMIN_REQUIRE_MFA = env.bool("ADMIN_REQUIRE_MFA", default=not DEBUG)

# django-axes: 5 failures in 15 minutes lock the account/IP pair; the page says so (429).
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "account/lockout.html"
AXES_RESET_ON_SUCCESS = True
AXES_USERNAME_FORM_FIELD = "login"
AXES_USERNAME_CALLABLE = "partnership.accounts.lockout.username_of"
AXES_HTTP_RESPONSE_CODE = 429
AXES_ENABLED = env.bool("AXES_ENABLED", default=True)
AXES_VERBOSE = False

# Sessions live in the database only: a log-out deletes the row, and no copy in Redis can
# outlive it (a delete lost while Redis was down would have kept a cached_db session alive;
# docs/security.md). One primary-key query per request. 30 minutes idle (restarted by
# activity, saved at most once a minute), 12 hours at most (SessionLifetimeMiddleware).
SESSION_ENGINE = "partnership.accounts.sessions"
SESSION_COOKIE_AGE = 30 * 60
SESSION_SAVE_EVERY_REQUEST = False  # see SESSION_REFRESH_INTERVAL
# An active session is saved (and its idle clock restarted) at most once a minute, not on
# every page view (partnership/accounts/middleware.py).
SESSION_REFRESH_INTERVAL = env.int("SESSION_REFRESH_INTERVAL", default=60)
SESSION_ABSOLUTE_LIFETIME = 12 * 60 * 60
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# --- Internationalisation -------------------------------------------------------------------
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale_vendor"]
LANGUAGE_COOKIE_NAME = "portal_language"
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
# Off on purpose: with it on, every bare number in a template is grouped, so an id or a year
# renders as "1.305" or "2.022" in attributes and links. Amounts are grouped explicitly
# (money through partnership.money, quantities with floatformat:"0g" or intcomma).
USE_THOUSAND_SEPARATOR = False
FORMAT_MODULE_PATH = ["partnership.formats"]

# --- Static and media -----------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Uploads live outside the static root and are served only through views that check access.
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(VAR_DIR / "media")))
MEDIA_URL = "/media/"
STATIC_MANIFEST = env.bool("STATIC_MANIFEST", default=not DEBUG)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if STATIC_MANIFEST
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_MEMORY_SIZE = 5_242_880
UPLOAD_MAX_BYTES = env.int("UPLOAD_MAX_BYTES", default=10 * 1024 * 1024)
# Images with more pixels are refused (decompression bombs): 40 MP is a large camera photo.
UPLOAD_MAX_PIXELS = env.int("UPLOAD_MAX_PIXELS", default=40_000_000)
# A checked file kept for a form re-shown with errors is removed when nobody used it by then.
PENDING_UPLOAD_MAX_AGE = timedelta(hours=env.int("PENDING_UPLOAD_MAX_AGE_HOURS", default=24))

# --- Security -------------------------------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CSRF_COOKIE_HTTPONLY = True
if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31_536_000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=True)
    CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=True)
    LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

# --- Logging --------------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {"django.request": {"level": "ERROR"}},
}

# --- Portal ---------------------------------------------------------------------------------
PAGE_SIZE = 20
# Content admins manage everything of the portal's own apps in Django admin (app labels).
CONTENT_ADMIN_APPS = [
    "accounts",
    "organisations",
    "notifications",
    "news",
    "agreements",
    "services",
    "ideas",
    "sites",
]
DEMO_LOADERS = [
    "partnership.organisations.demo",
    "partnership.accounts.demo",
    "partnership.news.demo",
    "services.demo",
    "ideas.demo",
    "agreements.demo",
]

# --- API (partnership/api, docs/api.md) ---------------------------------------------------------
REST_FRAMEWORK = {
    # Each view says who may call it; the default is public and read-only.
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_THROTTLE_CLASSES": [
        "partnership.api.throttling.KeyThrottle",
        "partnership.api.throttling.AddressThrottle",
    ],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "partnership.api.errors.exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    "COERCE_DECIMAL_TO_STRING": False,
}
# Per key and per client address; a call past the limit gets 429 with Retry-After.
API_RATE_LIMITS = {
    "key": env.str("API_RATE_KEY", default="600/min"),
    "ip": env.str("API_RATE_IP", default="120/min"),
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Đoàn – VNPT partnership portal API",
    "DESCRIPTION": "Public catalogue, ideas, commitments, activities and news; a VNPT branch's "
    "service requests by key; a signed-in officer's own requests and reports. See docs/api.md.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "partnership.api.schema.add_error_answers",
    ],
    "ENUM_NAME_OVERRIDES": {
        "RequestStatusEnum": "services.models.Status",
        "IdeaStatusEnum": "ideas.models.Status",
        "ReportStatusEnum": "agreements.models.ReportStatus",
    },
}
OPEN_DATA_DIR = Path(env.str("OPEN_DATA_DIR", default=str(VAR_DIR / "open-data")))
CELERY_BEAT_SCHEDULE.update(
    {
        "api-export-open-data": beat_every("api.export_open_data", days=1),
    }
)

# --- agreements ---
CELERY_BEAT_SCHEDULE.update(
    {
        "agreements-report-reminders": beat_every("agreements.send_report_reminders", days=1),
    }
)

# --- services ---
SERVICE_FIRST_RESPONSE_WORKING_DAYS = env.int("SERVICE_FIRST_RESPONSE_WORKING_DAYS", default=2)
# Remind the branch this many working days before a first response is due (0: on the day);
# escalate to VNPT headquarters when a request is overdue by this many working days.
SERVICE_REMINDER_WORKING_DAYS = env.int("SERVICE_REMINDER_WORKING_DAYS", default=1)
SERVICE_ESCALATION_WORKING_DAYS = env.int("SERVICE_ESCALATION_WORKING_DAYS", default=3)
# The requesting unit confirms a completion (or reopens it) within this many working days;
# after them the portal confirms it.
SERVICE_CONFIRMATION_WORKING_DAYS = env.int("SERVICE_CONFIRMATION_WORKING_DAYS", default=7)
CELERY_BEAT_SCHEDULE.update(
    {
        "services-auto-confirm-completed": beat_every("services.auto_confirm_completed", hours=1),
        "services-send-deadline-alerts": beat_every("services.send_deadline_alerts", hours=1),
        "services-remind-overdue-requests": beat_every("services.remind_overdue_requests", hours=3),
    }
)

# --- ideas ---
CELERY_BEAT_SCHEDULE.update(
    {
        "ideas-campaign-deadline-reminders": beat_every("ideas.send_deadline_reminders", hours=1),
    }
)
# Per account per day, and (count, seconds) per account (the IP gets 5x) for bursts.
IDEAS_DAILY_CAPS = {
    "submit": env.int("IDEAS_DAILY_SUBMISSIONS", default=5),
    "comment": env.int("IDEAS_DAILY_COMMENTS", default=30),
    "support": env.int("IDEAS_DAILY_SUPPORTS", default=100),
}
IDEAS_RATE_LIMITS = {"submit": (5, 600), "comment": (5, 60), "support": (20, 60)}

# --- trust ---
# A full disk while storing an upload answers with a clear page (503), not a server error.
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.contrib.messages.middleware.MessageMiddleware") + 1,
    "partnership.faults.StorageFullMiddleware",
)
