"""Hostile input at the door: what no view of the portal can use is refused with a clear 400, never a 500.

A NUL character cannot be stored or searched in PostgreSQL (psycopg refuses the query), and no address, search
or form of the portal has a use for it; ``NulCharacterMiddleware`` answers 400 for one in the path, the query
string or a submitted form field (under /api/, as the API answers every error: JSON with ``detail``). Numbers typed in addresses are read with ``ascii_int``: ``str.isdigit()`` is
true for "²" and "٣", which ``int()`` then refuses or reads as another number.
"""

import re

from django.core.exceptions import BadRequest, ValidationError
from django.http import JsonResponse

_ASCII_INT = re.compile(r"[0-9]{1,18}")


def ascii_int(value, default=None):
    """``value`` as a whole number if it is written with ASCII digits only (at most 18), else ``default``."""
    if isinstance(value, str) and _ASCII_INT.fullmatch(value):
        return int(value)
    return default


NUL_REFUSED = "The request contains a character that is not allowed (NUL)."


class NulCharacterMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path or _has_nul(request.GET) or (_is_form_post(request) and _has_nul(request.POST)):
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": NUL_REFUSED}, status=400)
            raise BadRequest(NUL_REFUSED)
        return self.get_response(request)


def _is_form_post(request) -> bool:
    # The API (DRF) reads its own bodies and refuses forms with 415; parsing one here would change that answer.
    if request.path.startswith("/api/"):
        return False
    return request.method == "POST" and request.content_type in (
        "application/x-www-form-urlencoded",
        "multipart/form-data",
    )


def _has_nul(query_dict) -> bool:
    return any("\x00" in key or any("\x00" in value for value in values) for key, values in query_dict.lists())


# Unicode's bidirectional embedding, override and isolate controls: in a name or a title they make text show in
# another order than it is stored ("‮fdp.exe" shows as "exe.pdf"), a display spoof. No real name needs them.
DIRECTION_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c")


def refuse_direction_overrides(value) -> None:
    """Validator for names and titles: refuses Unicode direction controls (display spoofing)."""
    if isinstance(value, str) and any(ch in DIRECTION_CONTROLS for ch in value):
        raise ValidationError(
            "Remove the invisible text-direction characters (they make text display in another order).",
            code="direction_override",
        )
