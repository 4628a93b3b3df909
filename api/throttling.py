"""Request rates, counted in the cache (Redis when ``REDIS_URL`` is set), so every web process shares the count.

Rates are read from ``settings.API_THROTTLE_RATES`` at each request (not at import), so they can be changed per
deployment and in tests. A request over the rate gets 429 with ``Retry-After`` (seconds).
"""

from django.conf import settings
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle


class ApiUserThrottle(UserRateThrottle):
    """Per person, whichever token or session they use."""

    def get_rate(self):
        return settings.API_THROTTLE_RATES["user"]


class ApiAnonThrottle(AnonRateThrottle):
    """Per address, for the requests that need no sign-in (the schema)."""

    def get_rate(self):
        return settings.API_THROTTLE_RATES["anon"]
