"""The schema and the docs page: served by the portal itself, nothing from a CDN."""

import re

import pytest
import yaml
from django.contrib.staticfiles import finders
from django.urls import reverse

from accounts.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_schema_is_openapi_3_with_every_endpoint_and_the_token_scheme(client):
    response = client.get(reverse("api:schema"))
    assert response.status_code == 200
    schema = yaml.safe_load(response.content)
    assert schema["openapi"].startswith("3.")
    for path in ("/api/v1/work-groups/", "/api/v1/registrations/{id}/decision/", "/api/v1/reports/network/"):
        assert path in schema["paths"]
    assert schema["components"]["securitySchemes"]["tokenAuth"]["name"] == "Authorization"
    list_responses = schema["paths"]["/api/v1/registrations/"]["get"]["responses"]
    assert {"200", "304", "401", "404", "429"} <= set(list_responses)


def test_docs_page_loads_swagger_ui_from_the_portals_own_static_files(client):
    client.force_login(UserFactory())
    response = client.get(reverse("api:docs"))
    assert response.status_code == 200
    page = response.content.decode()
    assert '<html lang="en-GB">' in page
    sources = re.findall(r'(?:src|href)="([^"]+)"', page)
    assert sources and not [s for s in sources if s.startswith(("http://", "https://", "//"))]
    assert "<script>" not in page  # the settings script is a separate request
    for static in ("drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js", "css/api_docs.css"):
        assert finders.find(static), static
    script = client.get(reverse("api:docs") + "?script=")
    assert script.status_code == 200 and reverse("api:schema") in script.content.decode()


def test_profile_links_to_the_tokens_page(client):
    client.force_login(UserFactory())
    assert reverse("api_tokens:list") in client.get(reverse("accounts:profile")).content.decode()
