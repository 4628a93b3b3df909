"""Settings of the benchmark processes: production's (DEBUG off, connections kept open), over plain HTTP.

Differences from production, each because a benchmark is not a deployment: HTTP without the redirect to HTTPS,
any host, a fixed secret key unless one is given, fast password hashing (the seeded people's passwords are
unusable anyway), the API's rate limits out of the way of repeated reads, and the bare view of ``benchmarks.urls``.
"""

import os

os.environ.setdefault("SECRET_KEY", "benchmark-only-not-secret")
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
os.environ.setdefault("MFA_REQUIRED_FOR_STAFF", "0")
os.environ.setdefault("API_THROTTLE_USER", "100000000/hour")
os.environ.setdefault("API_THROTTLE_ANON", "100000000/hour")

from hubs_portal.settings.production import *  # noqa: E402,F403

ALLOWED_HOSTS = ["*"]
ROOT_URLCONF = "benchmarks.urls"
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
