"""Settings shared by every environment, read from the environment with safe development defaults.

``local.py``, ``test.py`` and ``production.py`` hold only their differences. This module holds the web application
itself (apps, middleware, templates, static files, security); each other concern has a module of its own, read in
here: ``environment`` (paths, the environment, DEBUG), ``data`` (database, cache, broker), ``authentication``,
``mail`` (sending and the outbox), ``portal`` (the portal's own rules), ``background`` (Celery and beat) and
``api``.
"""

from pathlib import Path

from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from .api import *  # noqa: F403
from .authentication import *  # noqa: F403
from .background import *  # noqa: F403
from .data import *  # noqa: F403
from .environment import BASE_DIR, DEBUG, VAR_DIR, env
from .mail import *  # noqa: F403
from .portal import *  # noqa: F403

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
