"""Signed one-click unsubscribe links: "no more e-mails of this kind for this person".

A token is the same every time it is made for the same (kind, person): it carries no timestamp,
because it never expires and because an e-mail must come out byte-for-byte the same however many
times it is built (a resend, or the batch's shared build, a second later).
"""

from django.conf import settings
from django.core import signing
from django.urls import reverse

from notifications.registry import UnknownKind, kind_get

SALT = "notifications.unsubscribe"
# Links e-mailed before the outbox had its own app were timestamped (``signing.dumps``) under this salt.
LEGACY_SALT = "workgroups.reminders.unsubscribe"


def unsubscribe_token(*, kind: str, recipient_key: str) -> str:
    """A signed, non-expiring token for "no more e-mails of ``kind`` for ``recipient_key``"."""
    return signing.Signer(salt=SALT).sign_object({"k": kind, "r": recipient_key}, compress=True)


def unsubscribe_token_read(token: str) -> tuple[str, str]:
    """The (kind, recipient key) of a token. Raises ``signing.BadSignature`` for a forged, broken or
    foreign one, and for a kind nobody can unsubscribe from."""
    try:
        data = signing.Signer(salt=SALT).unsign_object(token)
    except signing.BadSignature:
        data = signing.loads(token, salt=LEGACY_SALT)
    if not isinstance(data, dict) or not str(data.get("r", "")).startswith(("user:", "email:")):
        raise signing.BadSignature("not an unsubscribe token")
    try:
        if not kind_get(str(data.get("k"))).optional:
            raise signing.BadSignature("this kind of e-mail cannot be stopped")
    except UnknownKind:
        raise signing.BadSignature("not an unsubscribe token") from None
    return data["k"], data["r"]


def unsubscribe_url(*, kind: str, recipient_key: str) -> str:
    """The one-click link that stops e-mails of ``kind`` for ``recipient_key`` (absolute, ``SITE_URL``)."""
    return unsubscribe_url_maker()(kind=kind, recipient_key=recipient_key)


# Reversing the URL once per batch rather than once per e-mail: a token is made of characters that a
# path keeps as they are (base64url, ":" and "."), so the path around it is the same for every token.
_TOKEN_PLACE = "token-place"


def unsubscribe_url_maker():
    """A function ``(kind=…, recipient_key=…) -> link`` making ``unsubscribe_url``'s links, reversing the URL once."""
    around = settings.SITE_URL.rstrip("/") + reverse("notifications:unsubscribe", args=[_TOKEN_PLACE])
    prefix, _, suffix = around.partition(_TOKEN_PLACE)

    def make(*, kind: str, recipient_key: str) -> str:
        return prefix + unsubscribe_token(kind=kind, recipient_key=recipient_key) + suffix

    return make
