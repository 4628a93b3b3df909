"""The portal's allauth adapter: what differs from allauth's defaults, each with its reason."""

from allauth.account.adapter import DefaultAccountAdapter


class PortalAccountAdapter(DefaultAccountAdapter):
    def unstash_verified_email(self, request):
        """An address proven by an invitation link (``hubs.invitation_views.respond`` stashes it) counts as verified
        only for a sign-up with that same address. allauth would otherwise make it the primary address of whatever
        account is being created, even one typed with another address (and fail if that address has an account)."""
        stashed = super().unstash_verified_email(request)
        typed = (request.POST.get("email") or "").strip().lower()
        return stashed if stashed and stashed.strip().lower() == typed else None
