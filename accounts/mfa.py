"""Two-factor authentication required for the people who can read every hub: site administrators and NCETM staff.

With ``MFA_REQUIRED_FOR_STAFF`` on, such a person who has not set up an authenticator app is sent to set one up
(allauth.mfa's own page) before any other page; logging out, the set-up pages themselves and static files stay
open. Everyone else may set one up under Profile; allauth then asks for a code at every login.
"""

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse

# Pages a person without an authenticator may still open: setting one up, re-entering their password, logging out.
OPEN_PREFIXES = ("/accounts/2fa/", "/accounts/reauthenticate/", "/accounts/logout/", "/static/", "/healthz")


def needs_authenticator(user) -> bool:
    """True when ``user`` must set up an authenticator app before using the portal."""
    if not (settings.MFA_REQUIRED_FOR_STAFF and user.is_authenticated and user.is_active):
        return False
    if not (user.is_superuser or user.is_ncetm_staff):
        return False
    return not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


class StaffMfaRequiredMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path.startswith(OPEN_PREFIXES) and needs_authenticator(request.user):
            return redirect(reverse("mfa_activate_totp") + "?next=" + request.get_full_path())
        return self.get_response(request)
