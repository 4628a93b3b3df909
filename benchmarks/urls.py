"""The portal's URLs and one bare view: the floor the find page's rate is compared with, in the same run."""

from django.http import HttpResponse
from django.urls import path

from hubs_portal.urls import urlpatterns as portal

BARE_PATH = "/bench/bare/"


def bare(request):
    """A short fixed answer through the whole middleware stack: what Django costs before any page's own work."""
    return HttpResponse(b"ok\n", content_type="text/plain")


urlpatterns = [path(BARE_PATH.strip("/") + "/", bare), *portal]
