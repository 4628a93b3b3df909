"""Every error as JSON: ``{"detail": "…"}``, or field messages ``{"field": ["…"]}`` for bad input.

A service's ``django.core.exceptions.ValidationError`` (the message a page shows beside its form) becomes a 400
with the same messages: per field where the service named one, else under ``non_field_errors``.
"""

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import JsonResponse
from django.views.decorators.csrf import csrf_exempt
from rest_framework import exceptions
from rest_framework.fields import get_error_detail
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler


def service_error_detail(error: DjangoValidationError) -> dict:
    detail = get_error_detail(error)
    if isinstance(detail, dict):
        if NON_FIELD_ERRORS in detail:
            detail[api_settings.NON_FIELD_ERRORS_KEY] = detail.pop(NON_FIELD_ERRORS)
        return detail
    return {api_settings.NON_FIELD_ERRORS_KEY: detail}


def exception_handler(exc, context):
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(service_error_detail(exc))
    return drf_exception_handler(exc, context)


@csrf_exempt  # an answer, not an action: a POST to a wrong address gets this 404, not a CSRF page
def not_found(request, *args, **kwargs):
    """Any address under /api/ that is not an endpoint: a JSON 404, like the endpoints' own."""
    return JsonResponse({"detail": "There is no API endpoint at this address."}, status=404)
