"""Who is asking: a personal API token (``Authorization: Token <secret>``), or the browser's session."""

from django.utils import timezone
from django.utils.formats import date_format
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.exceptions import AuthenticationFailed

from api.selectors import api_token_for_secret
from api.services import api_token_mark_used

KEYWORDS = (b"token", b"bearer")


class ApiTokenAuthentication(BaseAuthentication):
    """A personal API token, as ``Authorization: Token <secret>`` (``Bearer`` is accepted too).

    The request acts as the token's person; ``request.auth`` is the token, so permissions can read its scope.
    A revoked or expired token, or one of an inactive account, is refused with a message saying which.
    """

    def authenticate(self, request):
        parts = get_authorization_header(request).split()
        if not parts or parts[0].lower() not in KEYWORDS:
            return None
        if len(parts) != 2:
            raise AuthenticationFailed("Send the token as “Authorization: Token <secret>”, with no spaces in it.")
        try:
            secret = parts[1].decode("ascii")
        except UnicodeDecodeError:
            raise AuthenticationFailed("This token is not valid.") from None
        token = api_token_for_secret(secret)
        now = timezone.now()
        if token is None:
            raise AuthenticationFailed("This token is not valid.")
        if token.revoked_at is not None:
            raise AuthenticationFailed("This token has been revoked.")
        if token.expires_at <= now:
            expired = date_format(timezone.localtime(token.expires_at), "j F Y")
            raise AuthenticationFailed(f"This token expired on {expired}: make a new one on your profile.")
        if not token.user.is_active:
            raise AuthenticationFailed("This token's account is inactive.")
        api_token_mark_used(token=token, now=now)
        return token.user, token

    def authenticate_header(self, request):
        # Makes DRF answer 401 (not 403) to a request without credentials.
        return 'Token realm="api"'
