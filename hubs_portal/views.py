"""Project-level pages: the home page, the accessibility statement and the health check."""

import datetime
import logging

from django.conf import settings
from django.db import connection
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone

from hubs_portal.celery import app as celery_app
from hubs_portal.home import home_context

logger = logging.getLogger(__name__)


def home(request):
    context = home_context(user=request.user) if request.user.is_authenticated else {}
    return render(request, "home.html", context)


def privacy_notice(request):
    return render(
        request,
        "privacy.html",
        {
            "contact_email": settings.PRIVACY_CONTACT_EMAIL,
            "reflection_file_days": settings.RETENTION_REFLECTION_FILE_DAYS,
            "headteacher_email_days": settings.RETENTION_HEADTEACHER_EMAIL_DAYS,
            "outbox_days": settings.RETENTION_OUTBOX_DAYS,
        },
    )


def security_txt(request):
    """RFC 9116: where to report a vulnerability. Expires a year from now (the file is made on each request)."""
    expires = (timezone.now() + datetime.timedelta(days=365)).strftime("%Y-%m-%dT00:00:00Z")
    lines = [
        f"Contact: mailto:{settings.SECURITY_CONTACT_EMAIL}",
        f"Expires: {expires}",
        "Preferred-Languages: en",
        f"Canonical: {settings.SITE_URL.rstrip('/')}/.well-known/security.txt",
        f"Policy: {settings.SITE_URL.rstrip('/')}/privacy/#security",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


def accessibility_statement(request):
    return render(
        request,
        "accessibility.html",
        {"site_url": settings.SITE_URL, "contact_email": settings.ACCESSIBILITY_CONTACT_EMAIL},
    )


def _database_ok() -> tuple[bool, str]:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        return True, "ok"
    except Exception as exc:  # any failure means "down"; the message says why
        return False, str(exc)[:200]


def _broker_ok() -> tuple[bool, str]:
    try:
        with celery_app.connection_for_write(url=settings.CELERY_BROKER_URL) as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
        return True, "ok"
    except Exception as exc:
        return False, str(exc)[:200]


def healthz(request):
    """JSON state of the database and the broker: 200 when both are up, 503 otherwise.

    Why a part is down (an error naming hosts and ports) is logged, and shown only to site administrators:
    anyone may call this address (the load balancer does), and internal addresses are no one else's business.
    """
    db_ok, db_detail = _database_ok()
    broker_ok, broker_detail = _broker_ok()
    healthy = db_ok and broker_ok
    if not healthy:
        logger.warning("Health check failed: database %s; broker %s", db_detail, broker_detail)
    # Who is asking is read from the session, in the database: only ask when the database answers.
    show_detail = db_ok and request.user.is_authenticated and request.user.is_superuser

    def part(ok: bool, detail: str) -> dict:
        return {"ok": ok, "detail": detail if show_detail or ok else "unavailable"}

    return JsonResponse(
        {
            "status": "ok" if healthy else "unavailable",
            "database": part(db_ok, db_detail),
            "broker": part(broker_ok, broker_detail),
        },
        status=200 if healthy else 503,
    )
