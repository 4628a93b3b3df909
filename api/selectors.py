"""Reads of the API app: a person's tokens, and the token a request presents."""

from django.db.models import QuerySet

from api.models import ApiToken, token_secret_hash


def api_tokens_of(*, user) -> QuerySet[ApiToken]:
    """``user``'s own tokens, newest first (nobody sees another person's tokens)."""
    return ApiToken.objects.filter(user_id=user.pk).order_by("-created_at", "-pk")


def api_token_for_secret(secret: str) -> ApiToken | None:
    """The token whose secret this is, with its person, in one query; None if there is none. Expired and revoked
    tokens are returned too: the caller says why they are refused."""
    return ApiToken.objects.select_related("user").filter(key_hash=token_secret_hash(secret)).first()
