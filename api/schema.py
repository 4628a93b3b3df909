"""The OpenAPI schema's additions: the token scheme, and the error answers every operation can give.

Every operation documents its errors (``{"detail": …}`` or field messages), so a client, and schemathesis, can
check each answer against the schema, errors included.
"""

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.openapi import AutoSchema

ERROR_SCHEMA = {
    "type": "object",
    "description": (
        "`detail` says what went wrong; for bad input, each field's name holds its list of messages (a list of "
        "objects for a list of items), and `non_field_errors` the messages about the request as a whole."
    ),
    "properties": {"detail": {"type": "string"}},
    "additionalProperties": True,
}
ERROR_REF = {"$ref": "#/components/schemas/Error"}

ERRORS = {
    "400": "Bad input: the field messages say what to change.",
    "401": "No credentials, or a token that is not valid, expired or revoked.",
    "403": "Signed in, but not allowed (or a read-only token asked to write).",
    "404": "No such object, or not one you may see (another hub's objects answer 404).",
    "429": "Too many requests: wait the number of seconds in Retry-After.",
}
WRITE_ERRORS = {
    "409": "A request with the same Idempotency-Key is still running: retry after Retry-After.",
    "422": "This Idempotency-Key was used for a different request.",
}


def add_error_component(result, generator, request, public):
    """drf-spectacular post-processing hook: the ``Error`` schema the error answers refer to."""
    result.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_SCHEMA
    return result


class ApiAutoSchema(AutoSchema):
    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        errors = dict(ERRORS)
        if self.method in ("POST", "PUT", "PATCH", "DELETE"):
            errors.update(WRITE_ERRORS)
        for code, description in errors.items():
            responses.setdefault(
                code, {"description": description, "content": {"application/json": {"schema": ERROR_REF}}}
            )
        if self.method == "GET":
            responses.setdefault("304", {"description": "Not modified: the ETag sent in If-None-Match still holds."})
        return responses


class ApiTokenScheme(OpenApiAuthenticationExtension):
    target_class = "api.authentication.ApiTokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "A personal API token (Profile → API tokens), sent as `Token <secret>`.",
        }
