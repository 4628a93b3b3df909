"""The REST API (api app): Django REST Framework, drf-spectacular for the OpenAPI schema, django-filter."""

from .environment import env

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "api.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": [
        "rest_framework.permissions.IsAuthenticated",
        "api.permissions.TokenScopeAllows",
    ],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_PAGINATION_CLASS": "api.pagination.PageNumberPagination",
    "DEFAULT_FILTER_BACKENDS": ["api.filters.FilterBackend"],
    "DEFAULT_THROTTLE_CLASSES": ["api.throttling.ApiUserThrottle", "api.throttling.ApiAnonThrottle"],
    "DEFAULT_SCHEMA_CLASS": "api.schema.ApiAutoSchema",
    "EXCEPTION_HANDLER": "api.exceptions.exception_handler",
    "COERCE_DECIMAL_TO_STRING": False,
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}
# Requests a person (any of their tokens or sessions) and an address without sign-in may make; DRF's rate syntax.
API_THROTTLE_RATES = {
    "user": env.str("API_THROTTLE_USER", default="3600/hour"),
    "anon": env.str("API_THROTTLE_ANON", default="120/hour"),
}
# How long an answer to a write sent with an Idempotency-Key is replayed (24 hours, as pretix and Stripe do).
API_IDEMPOTENCY_SECONDS = 24 * 60 * 60
SPECTACULAR_SETTINGS = {
    "TITLE": "Maths Hubs Portal API",
    "DESCRIPTION": (
        "Data exchange with the Maths Hubs Portal: hubs, schools, national projects, Work Groups, sessions, "
        "registrations, attendance, report figures and your own CPD. Every endpoint answers with what you may see "
        "in the portal's pages, by the same rules. Authenticate with a personal API token (Profile → API tokens) "
        "as `Authorization: Token <secret>`."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    # No deep links: Swagger UI puts them inside each operation's button (nested controls, axe's nested-interactive).
    "SWAGGER_UI_SETTINGS": {"deepLinking": False, "displayOperationId": False},
    # Adds the error answer every operation documents (api/schema.py).
    "POSTPROCESSING_HOOKS": ["drf_spectacular.hooks.postprocess_schema_enums", "api.schema.add_error_component"],
    "ENUM_NAME_OVERRIDES": {
        "PhaseEnum": "schools.enums.Phase.choices",
        "WorkGroupStatusEnum": "workgroups.enums.WorkGroupStatus.choices",
        "RegistrationStatusEnum": "workgroups.enums.RegistrationStatus.choices",
        "AttendanceStatusEnum": "workgroups.enums.AttendanceStatus.choices",
    },
}
