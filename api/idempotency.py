"""``Idempotency-Key`` on the API's writes: a retried write is answered with the first answer, never done twice.

A ``POST``, ``PUT``, ``PATCH`` or ``DELETE`` under ``/api/`` that carries the header is recorded under (who asked,
key) before it runs, under a unique constraint. While it runs, the same key answers 409 with ``Retry-After``; once
it has answered, the same key and the same request get that answer again for 24 hours (with
``Idempotent-Replayed: true``), and the same key with a different request gets 422. Answers that are meant to be
retried (409, 429, 5xx) are not kept, so their retry runs afresh.

Who asked is a hash of the ``Authorization`` header and the session cookie, never the secret itself: one person's
key never answers another's request. A request whose process died while it ran leaves a row that is taken over
after ``STALE_AFTER`` (longer than any request may take).
"""

import datetime
import hashlib

from django.conf import settings
from django.db import IntegrityError, transaction
from django.http import HttpResponse, JsonResponse
from django.utils import timezone

from api.models import IdempotentRequest

HEADER = "Idempotency-Key"
WRITE_METHODS = ("POST", "PUT", "PATCH", "DELETE")
STALE_AFTER = datetime.timedelta(minutes=5)
KEPT_HEADERS = ("Location", "ETag")


def _sha256(*parts: bytes) -> str:
    digest = hashlib.sha256()
    for part in parts:
        digest.update(hashlib.sha256(part).digest())
    return digest.hexdigest()


def _identity(request) -> str:
    return _sha256(
        request.META.get("HTTP_AUTHORIZATION", "").encode(),
        request.COOKIES.get(settings.SESSION_COOKIE_NAME, "").encode(),
    )


def _fingerprint(request) -> str:
    return _sha256(request.method.encode(), request.get_full_path().encode(), request.body)


def _claim(identity: str, key: str, fingerprint: str) -> tuple[str, IdempotentRequest | None]:
    """("run", row) when this request is to run; else ("replay" | "busy" | "mismatch", row)."""
    now = timezone.now()
    fresh = {"request_hash": fingerprint, "created_at": now, "status_code": None, "body": b"", "headers": {}}
    try:
        with transaction.atomic():
            row, created = IdempotentRequest.objects.select_for_update().get_or_create(
                identity_hash=identity, key=key, defaults=fresh
            )
            if created:
                return "run", row
            expired = row.created_at < now - datetime.timedelta(seconds=settings.API_IDEMPOTENCY_SECONDS)
            abandoned = row.status_code is None and row.created_at < now - STALE_AFTER
            if expired or abandoned:
                for name, value in fresh.items():
                    setattr(row, name, value)
                row.save()
                return "run", row
            if row.request_hash != fingerprint:
                return "mismatch", row
            return ("busy" if row.status_code is None else "replay"), row
    except IntegrityError:
        # Another request with this key was inserted between our look and our insert: it runs, we wait.
        return "busy", None


def _keep(row: IdempotentRequest, response) -> None:
    if response.status_code in (409, 429) or response.status_code >= 500 or response.streaming:
        IdempotentRequest.objects.filter(pk=row.pk).delete()
        return
    row.status_code = response.status_code
    row.content_type = response.get("Content-Type", "")
    row.headers = {name: response[name] for name in KEPT_HEADERS if response.has_header(name)}
    row.body = response.content
    row.save(update_fields=["status_code", "content_type", "headers", "body"])


def _replay(row: IdempotentRequest) -> HttpResponse:
    response = HttpResponse(bytes(row.body), status=row.status_code, content_type=row.content_type or None)
    for name, value in row.headers.items():
        response[name] = value
    response["Idempotent-Replayed"] = "true"
    return response


class IdempotencyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        key = request.headers.get(HEADER, "").strip()
        if request.method not in WRITE_METHODS or not key or not request.path.startswith("/api/"):
            return self.get_response(request)
        if len(key) > 255:
            return JsonResponse({"detail": f"{HEADER} is at most 255 characters."}, status=400)
        outcome, row = _claim(_identity(request), key, _fingerprint(request))
        if outcome == "busy":
            response = JsonResponse(
                {"detail": f"A request with this {HEADER} is still running: try again in a moment."}, status=409
            )
            response["Retry-After"] = "1"
            return response
        if outcome == "mismatch":
            return JsonResponse(
                {"detail": f"This {HEADER} was used for a different request: use a new key for a new request."},
                status=422,
            )
        if outcome == "replay":
            return _replay(row)
        try:
            response = self.get_response(request)
        except BaseException:
            IdempotentRequest.objects.filter(pk=row.pk).delete()
            raise
        _keep(row, response)
        return response


def idempotency_purge(*, now: datetime.datetime | None = None) -> int:
    """Forget the answers older than ``API_IDEMPOTENCY_SECONDS``; returns how many."""
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(seconds=settings.API_IDEMPOTENCY_SECONDS)
    deleted, _ = IdempotentRequest.objects.filter(created_at__lt=cutoff).delete()
    return deleted
