"""Writes of the API app: personal API tokens made and revoked (the profile's tokens page calls these)."""

import datetime
import secrets
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from api.enums import TOKEN_LIFETIMES, TokenScope
from api.models import TOKEN_SECRET_PREFIX, ApiToken, token_secret_hash

# A person has at most this many tokens that still work (more is a sign of tokens made and forgotten).
MAX_LIVE_TOKENS = 20


@dataclass(frozen=True)
class IssuedToken:
    token: ApiToken
    secret: str  # shown to its person once, never stored


@transaction.atomic
def api_token_create(*, user, name: str, scope: str, lifetime_days: int) -> IssuedToken:
    """Make a personal API token for ``user``: its secret is returned once and only its hash is kept.

    The token acts as ``user`` (their roles decide what it reads); a ``read`` token cannot write. It expires after
    ``lifetime_days`` (one of ``TOKEN_LIFETIMES``). Raises ValidationError for an empty name, an unknown scope or
    lifetime, or a person already holding ``MAX_LIVE_TOKENS`` working tokens.
    """
    name = " ".join(name.split())
    errors = {}
    if not name:
        errors["name"] = "Give the token a name that says what it is for."
    if scope not in TokenScope.values:
        errors["scope"] = "Choose read only, or read and write."
    if lifetime_days not in TOKEN_LIFETIMES:
        errors["lifetime_days"] = "Choose how long the token lasts."
    if errors:
        raise ValidationError(errors)
    now = timezone.now()
    live = ApiToken.objects.select_for_update().filter(user=user, revoked_at__isnull=True, expires_at__gt=now)
    if live.count() >= MAX_LIVE_TOKENS:
        raise ValidationError(f"You already have {MAX_LIVE_TOKENS} working tokens: revoke one you no longer use.")
    secret = TOKEN_SECRET_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user,
        name=name[:100],
        scope=scope,
        prefix=secret[: len(TOKEN_SECRET_PREFIX) + 6],
        key_hash=token_secret_hash(secret),
        expires_at=now + datetime.timedelta(days=lifetime_days),
    )
    return IssuedToken(token=token, secret=secret)


@transaction.atomic
def api_token_revoke(*, token: ApiToken) -> ApiToken:
    """Revoke ``token`` at once: the next request made with it is refused. Revoking twice changes nothing."""
    locked = ApiToken.objects.select_for_update().get(pk=token.pk)
    if locked.revoked_at is None:
        locked.revoked_at = timezone.now()
        locked.save(update_fields=["revoked_at"])
    return locked


def api_token_mark_used(*, token: ApiToken, now: datetime.datetime) -> None:
    """Note when a token was last used, at most once a minute (one UPDATE, not one per request)."""
    if token.last_used_at is None or now - token.last_used_at > datetime.timedelta(minutes=1):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
