"""Personal API tokens, and the answers kept for retried writes (``Idempotency-Key``)."""

import hashlib

from django.conf import settings
from django.db import models

from api.enums import TokenScope

# Every secret starts with this, so a leaked one is recognisable (secret scanners, logs).
TOKEN_SECRET_PREFIX = "mhp_"


def token_secret_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


class ApiToken(models.Model):
    """A person's named API token. Only a hash of the secret is kept: the secret is shown once, when it is made.

    A token acts as its person, with their roles and nothing more; a read-only token cannot write.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100, help_text="What the token is for, e.g. “Hub CRM nightly sync”.")
    scope = models.CharField(max_length=20, choices=TokenScope.choices, default=TokenScope.READ)
    # The secret's first characters, shown in the list so a person can tell their tokens apart.
    prefix = models.CharField(max_length=16)
    # SHA-256 of the whole secret. The secret is 32 random bytes, so a fast hash is enough (nothing to guess).
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "API token"

    def __str__(self):
        return f"{self.name} ({self.prefix}…) of {self.user}"

    def is_usable_at(self, moment) -> bool:
        return self.revoked_at is None and self.expires_at > moment

    @property
    def can_write(self) -> bool:
        return self.scope == TokenScope.READ_WRITE


class IdempotentRequest(models.Model):
    """A write sent with an ``Idempotency-Key``: held while it runs, then its answer, replayed for 24 hours.

    Keyed by who asked (a hash of the Authorization header and session cookie, never the secret itself) and the
    key, under a unique constraint, so two requests with one key cannot both run.
    """

    identity_hash = models.CharField(max_length=64)
    key = models.CharField(max_length=255)
    # Method, path, query and body, hashed: the same key sent with a different request is refused.
    request_hash = models.CharField(max_length=64)
    # Empty while the first request runs.
    status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    headers = models.JSONField(default=dict, blank=True)
    body = models.BinaryField(default=b"", blank=True)
    created_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["identity_hash", "key"], name="unique_idempotency_key")]
        indexes = [models.Index(fields=["created_at"])]

    def __str__(self):
        return f"Idempotency-Key {self.key} ({self.status_code or 'running'})"
