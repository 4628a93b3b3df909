"""Settings shared by every environment, read from the environment with safe development defaults.

``local.py``, ``test.py`` and ``production.py`` hold only their differences.
"""

from pathlib import Path

import environ
from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(environ.Env().str("PORTAL_VAR_DIR", default=str(BASE_DIR / "var")))
VAR_DIR.mkdir(parents=True, exist_ok=True)

env = environ.Env()

DEBUG = env.bool("DEBUG", default=False)

SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off (set DEBUG=1 for local development).")
    # Development only: a fixed key is harmless while DEBUG is on and nothing is public.
    SECRET_KEY = "dev-only-not-secret-maths-hubs-portal"

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "crispy_forms",
    "crispy_bootstrap5",
    "csp",
    "rules.apps.AutodiscoverRulesConfig",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "accounts",
    "schools",
    "hubs",
    "notifications",
    "workgroups",
    "mastery",
    "reports",
    "api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "hubs_portal.input_guard.NulCharacterMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "accounts.mfa.StaffMfaRequiredMiddleware",
    "hubs_portal.caching.PrivateCacheMiddleware",
    "csp.middleware.CSPMiddleware",
    # After authentication and sessions: a retried API write with the same Idempotency-Key is answered from here.
    "api.idempotency.IdempotencyMiddleware",
]

# Content-Security-Policy (django-csp): scripts, styles, fonts and images from the portal itself only, no inline
# script or style (every script is a static file; styles are classes), no plugins, no framing, forms post home.
# "data:" images: Bootstrap draws its select arrows and the menu icon as data: SVGs in its stylesheet.
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

ROOT_URLCONF = "hubs_portal.urls"
WSGI_APPLICATION = "hubs_portal.wsgi.application"
ASGI_APPLICATION = "hubs_portal.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "accounts.context_processors.navigation",
            ],
            # Tags every page uses (messages in their section, the error summary): {% load portal %}.
            "libraries": {"portal": "hubs_portal.page_tags"},
        },
    },
]

# Database: the embedded default is an SQLite file under var/; production sets DATABASE_URL.
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'portal.sqlite3'}"),
}
# Keep connections open between requests: a new connection per request cost two thirds of a
# list page's throughput here (DESIGN.md, floors).
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # PostgreSQL's JIT compiles the report queries (joins of a few hundred thousand rows) for longer than they
    # run: 360 ms of a 450 ms query in the reports benchmark. Plain execution is faster at this portal's scale.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("options", "-c jit=off")
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # SQLite for a web server and a worker at once (the embedded default). Its deferred transactions take the
    # write lock only at their first write, and a reader upgrading to a writer while another writes fails at once
    # with "database is locked" (the busy timeout cannot help it): 5 sign-ups at once gave two 500s. IMMEDIATE takes
    # the write lock at BEGIN, so writers queue for up to ``timeout`` seconds instead; WAL lets pages read while one
    # writes; synchronous=NORMAL is WAL's safe setting (a power cut may lose the last commits, never corrupt).
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": env.int("SQLITE_BUSY_TIMEOUT_SECONDS", default=20),
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Redis is the broker and the cache when REDIS_URL is set.
REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
        }
    }
    CELERY_BROKER_URL = REDIS_URL
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    CELERY_BROKER_URL = "filesystem://"
    _broker_dir = VAR_DIR / "celery-broker"
    for _sub in ("out", "processed", "control"):
        (_broker_dir / _sub).mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_broker_dir / "out"),
        "data_folder_out": str(_broker_dir / "out"),
        "processed_folder": str(_broker_dir / "processed"),
        "control_folder": str(_broker_dir / "control"),
        "store_processed": False,
    }

CELERY_TIMEZONE = "Europe/London"
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_IGNORE_RESULT = True
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)
CELERY_BEAT_SCHEDULE: dict = {}
# Answers kept for the API's Idempotency-Key are forgotten after a day (api/tasks.py).
CELERY_BEAT_SCHEDULE["api-idempotency-purge"] = {"task": "api.idempotency_purge", "schedule": 60 * 60}


# The outbox (notifications app): every e-mail about the portal's work is a row, delivered by
# claimed batches. Beat runs the sweep; it adds what has come due and queues what is owed.
# Each OUTBOX_* variable was called REMINDER_* before the outbox had an app of its own; the old
# name is still read when the new one is not set.
def _outbox_setting(name: str, cast, default):
    legacy = getattr(env, cast)(f"REMINDER_{name}", default=default)
    return getattr(env, cast)(f"OUTBOX_{name}", default=legacy)


OUTBOX_SWEEP_SECONDS = _outbox_setting("SWEEP_SECONDS", "int", 300)
CELERY_BEAT_SCHEDULE["outbox-sweep"] = {
    "task": "notifications.sweep",
    "schedule": OUTBOX_SWEEP_SECONDS,
    # A sweep not started within one interval is dropped: the next one does the same work.
    "options": {"expires": OUTBOX_SWEEP_SECONDS},
}
# E-mails per delivery task (one SMTP connection each).
OUTBOX_BATCH_SIZE = _outbox_setting("BATCH_SIZE", "int", 100)
OUTBOX_DISPATCH_LIMIT = _outbox_setting("DISPATCH_LIMIT", "int", 100_000)
OUTBOX_MAX_ATTEMPTS = _outbox_setting("MAX_ATTEMPTS", "int", 6)
OUTBOX_RETRY_BACKOFF_SECONDS = _outbox_setting("RETRY_BACKOFF_SECONDS", "float", 60)
OUTBOX_RETRY_BACKOFF_MAX_SECONDS = _outbox_setting("RETRY_BACKOFF_MAX_SECONDS", "float", 1800)
# How long a delivery task holds its batch; a killed worker's rows are sent again after this.
OUTBOX_CLAIM_SECONDS = _outbox_setting("CLAIM_SECONDS", "int", 600)
# A queued row whose delivery task never ran (lost with a broker) is queued again after this long.
OUTBOX_REDISPATCH_AFTER_SECONDS = _outbox_setting("REDISPATCH_AFTER_SECONDS", "int", 900)
# Delivery commits each "sent" mark without waiting for the disk flush (notifications.delivery._asynchronous_commit).
OUTBOX_ASYNCHRONOUS_COMMIT = _outbox_setting("ASYNCHRONOUS_COMMIT", "bool", True)
OUTBOX_MESSAGE_ID_DOMAIN = _outbox_setting("MESSAGE_ID_DOMAIN", "str", "mathshubs.example")

# Session reminders (workgroups.mail_kinds): days before a session, for hubs without their own
# schedule (HubReminderSettings), and the task reflection reminder.
REMINDER_SESSION_OFFSET_DAYS = env.list("REMINDER_SESSION_OFFSET_DAYS", cast=int, default=[7, 1])
REMINDER_TASK_REFLECTION_DAYS = env.int("REMINDER_TASK_REFLECTION_DAYS", default=2)
# The weekly digest to hub leads is due on Monday at this hour (Europe/London).
REMINDER_DIGEST_HOUR = env.int("REMINDER_DIGEST_HOUR", default=7)
# The headteachers' impact survey invitations go out on this day (MM-DD) of the summer term each year.
IMPACT_SURVEY_INVITATION_DATE = env.str("IMPACT_SURVEY_INVITATION_DATE", default="06-15")
# A headteacher's school page link (schools.links), sent with every consent request, works this many days.
SCHOOL_LINK_DAYS = env.int("SCHOOL_LINK_DAYS", default=30)

# The life of a Work Group (workgroups/services). An offer of a freed place lapses after this many days; beat
# sweeps for lapsed offers (and offers of groups whose registration closed) as often as it sweeps for reminders.
REGISTRATION_OFFER_DAYS = env.int("REGISTRATION_OFFER_DAYS", default=7)
REGISTRATION_OFFER_SWEEP_SECONDS = env.int("REGISTRATION_OFFER_SWEEP_SECONDS", default=OUTBOX_SWEEP_SECONDS)
CELERY_BEAT_SCHEDULE["registration-offers-sweep"] = {
    "task": "workgroups.registration_offers_sweep",
    "schedule": REGISTRATION_OFFER_SWEEP_SECONDS,
    "options": {"expires": REGISTRATION_OFFER_SWEEP_SECONDS},
}

# Authentication: e-mail is the login (django-allauth).
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
ACCOUNT_LOGOUT_REDIRECT_URL = "home"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = env.str("ACCOUNT_EMAIL_VERIFICATION", default="mandatory")
ACCOUNT_UNIQUE_EMAIL = True
# Sign-up and password reset answer alike whether or not an address has an account (the owner is e-mailed).
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_SIGNUP_FORM_CLASS = "accounts.forms.SignupDetailsForm"
# The portal's wording and autocomplete on allauth's forms ("Log in", "Remember me", "E-mail address").
ACCOUNT_ADAPTER = "accounts.adapter.PortalAccountAdapter"
ACCOUNT_FORMS = {
    "login": "accounts.entrance_forms.PortalLoginForm",
    "signup": "accounts.entrance_forms.PortalSignupForm",
    "reset_password": "accounts.entrance_forms.PortalResetPasswordForm",
}
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Maths Hubs] "
ACCOUNT_RATE_LIMITS = {
    "login_failed": "5/5m/ip,5/5m/key",
    "signup": "20/h/ip",
    "reset_password": "20/m/ip,5/m/key",
    "confirm_email": "1/3m/key",
}
ACCOUNT_DEFAULT_HTTP_PROTOCOL = env.str("ACCOUNT_DEFAULT_HTTP_PROTOCOL", default="http")
# Two-factor authentication (allauth.mfa): an authenticator app (TOTP) and recovery codes, offered to everyone.
# With MFA_REQUIRED_FOR_STAFF (on in production, off in the demo so its printed logins work with the password
# alone) site administrators and NCETM staff must set one up before using the portal (accounts/mfa.py).
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Maths Hubs Portal"
MFA_REQUIRED_FOR_STAFF = env.bool("MFA_REQUIRED_FOR_STAFF", default=False)
# Who the client is, for the rate limits above. Behind N reverse proxies that each append to X-Forwarded-For,
# set TRUSTED_PROXY_COUNT=N (production's default is 1); or name the one header your proxy sets to the client's
# address (e.g. TRUSTED_CLIENT_IP_HEADER=X-Real-IP). Without either every client is the proxy's address, and
# five wrong passwords from anyone would lock everyone out.
ALLAUTH_TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
ALLAUTH_TRUSTED_CLIENT_IP_HEADER = env.str("TRUSTED_CLIENT_IP_HEADER", default="") or None

# E-mail. Development keeps every message in var/mail (readable at /dev/mailbox/) and prints it.
EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="hubs_portal.mailbox.DevMailboxBackend")
EMAIL_FILE_PATH = str(VAR_DIR / "mail")
EMAIL_HOST = env.str("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=30)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Maths Hubs Portal <portal@mathshubs.example>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
ANYMAIL = env.dict("ANYMAIL", default={})

# Where links in e-mails point (e-mails are built outside a request).
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")

# Invitations to a role (hubs app): how many days an e-mailed invitation link stays valid.
INVITATION_DAYS = env.int("INVITATION_DAYS", default=14)

# Where people report an accessibility problem or ask for another format (the accessibility statement).
ACCESSIBILITY_CONTACT_EMAIL = env.str("ACCESSIBILITY_CONTACT_EMAIL", default="accessibility@mathshubs.example")
# The privacy notice names who to ask about personal data; security.txt who to tell about a vulnerability.
PRIVACY_CONTACT_EMAIL = env.str("PRIVACY_CONTACT_EMAIL", default="privacy@mathshubs.example")
SECURITY_CONTACT_EMAIL = env.str("SECURITY_CONTACT_EMAIL", default="security@mathshubs.example")

# Retention (accounts.personal_data.personal_data_retention_apply, daily from beat): students' work files and
# headteachers' e-mail addresses are removed this many days after they were given.
RETENTION_REFLECTION_FILE_DAYS = env.int("RETENTION_REFLECTION_FILE_DAYS", default=730)
RETENTION_HEADTEACHER_EMAIL_DAYS = env.int("RETENTION_HEADTEACHER_EMAIL_DAYS", default=730)
# Outbox rows (the e-mails sent) keep who and why for this long after they were finished, then only the facts.
RETENTION_OUTBOX_DAYS = env.int("RETENTION_OUTBOX_DAYS", default=365)
CELERY_BEAT_SCHEDULE["personal-data-retention"] = {
    "task": "accounts.personal_data_retention",
    "schedule": crontab(hour=3, minute=15),
    "options": {"expires": 6 * 60 * 60},
}

# The REST API (api app): Django REST Framework, drf-spectacular for the OpenAPI schema, django-filter.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "api.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": [
        "rest_framework.permissions.IsAuthenticated",
        "api.permissions.TokenScopeAllows",
    ],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_PAGINATION_CLASS": "api.pagination.PageNumberPagination",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_THROTTLE_CLASSES": ["api.throttling.ApiUserThrottle", "api.throttling.ApiAnonThrottle"],
    "DEFAULT_SCHEMA_CLASS": "api.schema.ApiAutoSchema",
    "EXCEPTION_HANDLER": "api.exceptions.exception_handler",
    "COERCE_DECIMAL_TO_STRING": False,
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}
# Requests a person (any of their tokens or sessions) and an address without sign-in may make; DRF's rate syntax.
API_THROTTLE_RATES = {
    "user": env.str("API_THROTTLE_USER", default="3600/hour"),
    "anon": env.str("API_THROTTLE_ANON", default="120/hour"),
}
# How long an answer to a write sent with an Idempotency-Key is replayed (24 hours, as pretix and Stripe do).
API_IDEMPOTENCY_SECONDS = 24 * 60 * 60
SPECTACULAR_SETTINGS = {
    "TITLE": "Maths Hubs Portal API",
    "DESCRIPTION": (
        "Data exchange with the Maths Hubs Portal: hubs, schools, national projects, Work Groups, sessions, "
        "registrations, attendance, report figures and your own CPD. Every endpoint answers with what you may see "
        "in the portal's pages, by the same rules. Authenticate with a personal API token (Profile → API tokens) "
        "as `Authorization: Token <secret>`."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    # No deep links: Swagger UI puts them inside each operation's button (nested controls, axe's nested-interactive).
    "SWAGGER_UI_SETTINGS": {"deepLinking": False, "displayOperationId": False},
    # Adds the error answer every operation documents (api/schema.py).
    "POSTPROCESSING_HOOKS": ["drf_spectacular.hooks.postprocess_schema_enums", "api.schema.add_error_component"],
    "ENUM_NAME_OVERRIDES": {
        "PhaseEnum": "schools.enums.Phase.choices",
        "WorkGroupStatusEnum": "workgroups.enums.WorkGroupStatus.choices",
        "RegistrationStatusEnum": "workgroups.enums.RegistrationStatus.choices",
        "AttendanceStatusEnum": "workgroups.enums.AttendanceStatus.choices",
    },
}

# Internationalisation: British English, British dates, London time.
LANGUAGE_CODE = "en-gb"
LANGUAGES = [("en-gb", "English (UK)")]
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True
DATE_FORMAT = "j F Y"
SHORT_DATE_FORMAT = "d/m/Y"
DATETIME_FORMAT = "j F Y, H:i"
DATE_INPUT_FORMATS = ["%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y"]

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "staticfiles"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STATICFILES_DIRS = [BASE_DIR / "static"]
# Front-end packages come from the npm registry at install time (package.json, pinned).
NODE_MODULES = BASE_DIR / "node_modules"
if NODE_MODULES.exists():
    STATICFILES_DIRS.append(("vendor", NODE_MODULES))
# Files browsers ask for at the site's root (/favicon.ico), served by whitenoise.
WHITENOISE_ROOT = BASE_DIR / "static" / "root"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
# Uploads stop as soon as a file passes its page's limit (hubs_portal/uploads.py); pages without one: 10 MB.
FILE_UPLOAD_HANDLERS = [
    "hubs_portal.uploads.LimitedUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
UPLOAD_DEFAULT_MAX_BYTES = env.int("UPLOAD_DEFAULT_MAX_BYTES", default=10 * 1024 * 1024)
# Uploaded files (students' work) are private: never under a public URL, served by views that check.
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(VAR_DIR / "private-media")))

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}
