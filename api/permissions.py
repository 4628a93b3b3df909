"""The API's own gate: a token's scope. What a person may read or change is asked of the apps' ``rules``."""

from rest_framework.permissions import SAFE_METHODS, BasePermission

from api.models import ApiToken


class TokenScopeAllows(BasePermission):
    """A read-only token reads; writing needs a read-and-write token. The browser session is not limited."""

    message = "This token is read-only: make a read and write token on your profile to change things."

    def has_permission(self, request, view) -> bool:
        if request.method in SAFE_METHODS or not isinstance(request.auth, ApiToken):
            return True
        return request.auth.can_write
