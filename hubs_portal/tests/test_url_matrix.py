"""Every URL of the project, as every role, by GET and POST, against the one table in ``url_matrix.py``."""

import copy
import fnmatch
import re

import pytest
from django.apps import apps
from django.contrib import admin
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from hubs_portal.tests.url_matrix import (
    ADMIN_LOGIN,
    LOGIN,
    MATRIX,
    REDIRECT,
    ROLES,
    SAME,
    build_world,
)

pytestmark = pytest.mark.django_db


def discovered_urls() -> list[tuple[str, str]]:
    """(key, route) of every URL pattern of the project: its name (``namespace:name``), else its route."""
    found = []

    def walk(patterns, prefix, namespace):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                ns = namespace
                if pattern.namespace:
                    ns = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
                walk(pattern.url_patterns, prefix + str(pattern.pattern), ns)
            elif isinstance(pattern, URLPattern):
                route = prefix + str(pattern.pattern)
                if pattern.name:
                    found.append((f"{namespace}:{pattern.name}" if namespace else pattern.name, route))
                else:
                    found.append((route, route))

    walk(get_resolver().url_patterns, "", None)
    return found


def row_for(key: str):
    if key in MATRIX:
        return MATRIX[key]
    for pattern, row in MATRIX.items():
        # Only the admin is matched by pattern: its URLs come from the registered models.
        if "*" in pattern and fnmatch.fnmatchcase(key, pattern):
            return row
    return None


def _admin_object_id(key: str, route: str) -> str:
    """The id of a real object for an admin URL of one model (``admin:hubs_hub_change``), else "0"."""
    for model in admin.site._registry:
        label = f"{model._meta.app_label}_{model._meta.model_name}_"
        path = f"admin/{model._meta.app_label}/{model._meta.model_name}/"
        if key.startswith(f"admin:{label}") or route.startswith(path):
            first = model._default_manager.order_by("pk").first()
            return str(first.pk) if first else "0"
    return "0"


def _fill_route(route: str, values: dict) -> str:
    route = re.sub(r"\(\?P<url>\.\*\)\$$", "nowhere/", route.replace("^", ""))
    return "/" + re.sub(r"<(?:\w+:)?(\w+)>", lambda m: str(values[m.group(1)]), route)


def url_for(key: str, route: str, row, world) -> str:
    if key.startswith("admin") and row.kwargs is None:
        object_id = _admin_object_id(key, route)
        values = {"object_id": object_id, "id": object_id, "app_label": "hubs", "content_type_id": 1}
        if key == route:
            return _fill_route(route, values)
        names = set(re.findall(r"<(?:\w+:)?(\w+)>", route)) | set(re.findall(r"\(\?P<(\w+)>", route))
        return reverse(key, kwargs={name: values[name] for name in names})
    kwargs = row.kwargs(world) if row.kwargs else {}
    return reverse(key, kwargs=kwargs) if key != route else _fill_route(route, kwargs)


def outcome_of(response) -> object:
    if response.status_code in (301, 302, 303):
        location = response["Location"]
        if location.startswith(reverse("admin:login")):
            return ADMIN_LOGIN
        if location.startswith(reverse("account_login")):
            return LOGIN
        return REDIRECT
    return response.status_code


def test_every_url_of_the_project_has_a_row_in_the_matrix():
    missing = sorted(key for key, _ in discovered_urls() if row_for(key) is None)
    assert not missing, "URLs missing from hubs_portal/tests/url_matrix.py MATRIX: " + ", ".join(missing)


def test_the_matrix_has_no_row_for_a_url_that_is_gone():
    keys = {key for key, _ in discovered_urls()}
    stale = sorted(key for key in MATRIX if "*" not in key and key not in keys)
    assert not stale, "Rows for URLs that no longer exist: " + ", ".join(stale)


def test_every_url_answers_every_role_as_the_matrix_says_and_never_caches_personal_data():
    world = build_world()
    try:
        problems = _run_matrix(world)
    finally:
        world.reject_report.unlink(missing_ok=True)
    assert not problems, f"{len(problems)} answers differ from the matrix:\n" + "\n".join(problems)


def _clients(world) -> dict[str, Client]:
    """A client per role, signed in once; each request restores its cookies (a logout answer clears them)."""
    clients = {}
    for role in ROLES:
        client = Client(raise_request_exception=False)
        if role != "anonymous":
            client.force_login(world.users[role])
        client.saved_cookies = client.cookies
        clients[role] = client
    return clients


def _run_matrix(world) -> list[str]:
    problems = []
    clients = _clients(world)
    for key, route in discovered_urls():
        row = row_for(key)
        url = url_for(key, route, row, world)
        for method in ("get", "post"):
            expected_by_role = row.post if method == "post" and row.post is not SAME else row.get
            for role in ROLES:
                expected = expected_by_role[role]
                client = clients[role]
                client.cookies = copy.deepcopy(client.saved_cookies)
                with transaction.atomic():
                    if method == "get":
                        response = client.get(url, row.query)
                    else:
                        response = client.post(url, {})
                    transaction.set_rollback(True)
                got = outcome_of(response)
                wanted = expected if isinstance(expected, set) else {expected}
                if got not in wanted:
                    problems.append(f"{method.upper()} {url} ({key}) as {role}: {got}, expected {expected}")
                if response.status_code >= 500:
                    continue
                # Pages and files (not redirects) for a signed-in role, or from a secret link, are never stored.
                if response.status_code == 200 and (role != "anonymous" or row.personal):
                    cache_control = response.get("Cache-Control", "")
                    if "private" not in cache_control or "no-store" not in cache_control:
                        problems.append(
                            f"{method.upper()} {url} ({key}) as {role}: Cache-Control {cache_control!r}, "
                            "expected private, no-store"
                        )
    return problems


def test_the_matrix_covers_every_model_registered_in_the_admin():
    # A model added to the admin gets its URLs checked through the admin rows; this keeps the admin in the test.
    admin_keys = [key for key, _ in discovered_urls() if key.startswith("admin:")]
    for model in admin.site._registry:
        assert any(key.startswith(f"admin:{model._meta.app_label}_{model._meta.model_name}_") for key in admin_keys)
    assert apps.is_installed("django.contrib.admin")
