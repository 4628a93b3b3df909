"""Responses that carry personal data are never kept by browsers or proxies: ``Cache-Control: private, no-store``.

Every response to a signed-in person gets it (their pages name them, their hub's teachers, their files), from
``PrivateCacheMiddleware``. Pages reached by a secret link without an account (a headteacher's consent page,
a calendar feed, an unsubscribe or survey link) are marked with ``@personal_data``. The URL × role test
(``hubs_portal/tests/test_url_matrix.py``) checks both across every URL.
"""

from functools import wraps

from django.utils.cache import patch_cache_control


def _no_store(response):
    patch_cache_control(response, private=True, no_store=True)
    response.headers.pop("Expires", None)
    return response


def personal_data(view):
    """Mark a view whose responses carry personal data even for visitors without an account."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        return _no_store(view(request, *args, **kwargs))

    return wrapped


class PrivateCacheMiddleware:
    """``Cache-Control: private, no-store`` on every response to a signed-in person."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            _no_store(response)
        return response
