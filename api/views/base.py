"""What every endpoint shares: ETags with 304, the time the answer was made, and no caching by proxies."""

import datetime

from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers, set_response_etag
from rest_framework import viewsets


class ApiViewMixin:
    """A successful GET carries an ``ETag`` (of its content); sent back in ``If-None-Match``, an unchanged answer is
    a bodiless 304 (a program keeping its own copy asks whether it is still current). ``X-Page-Generated`` is the
    server's time when the answer was read: pass it as ``modified_since`` next time to receive only what changed
    since. Answers carry personal data and depend on who asks: never stored by browsers or proxies
    (``private, no-store``, as every signed-in page), and varying with the credentials."""

    def initial(self, request, *args, **kwargs):
        self.generated_at = timezone.now()
        super().initial(request, *args, **kwargs)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        patch_vary_headers(response, ("Authorization", "Cookie"))
        patch_cache_control(response, private=True, no_store=True)
        if request.method in ("GET", "HEAD") and response.status_code == 200:
            generated = getattr(self, "generated_at", None) or timezone.now()
            response["X-Page-Generated"] = generated.astimezone(datetime.UTC).isoformat().replace("+00:00", "Z")
            response.render()
            # The ETag is of the body alone: the time above changes on every request, the content may not.
            set_response_etag(response)
            return get_conditional_response(request, etag=response["ETag"], response=response)
        return response


class ReadOnlyViewSet(ApiViewMixin, viewsets.ReadOnlyModelViewSet):
    lookup_value_regex = r"\d+"


class GenericViewSet(ApiViewMixin, viewsets.GenericViewSet):
    lookup_value_regex = r"\d+"
