"""Hostile input on every URL: every GET parameter and form field of every page, fed NUL, Unicode digits, CR/LF,
10,000 characters and direction overrides, as a role that may use the page. Never a 500.

The fields are read from the pages themselves (every ``<input>``, ``<select>`` and ``<textarea>`` of every form,
GET forms as query parameters, POST forms to their action), so a new form is covered the day it ships. One pass
feeds each hostile value to all of a page's fields at once; then hypothesis mixes them field by field, bounded
by the ``ci`` profile (``conftest.py``).
"""

from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from django.db import transaction
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hubs_portal.tests.test_url_matrix import discovered_urls, row_for, url_for
from hubs_portal.tests.url_matrix import OK, REDIRECT, SAME, build_world

pytestmark = pytest.mark.django_db

HOSTILE = [
    "ab\x00cd",  # NUL
    "²²",  # superscript digits: str.isdigit() is true
    "٣٣",  # Arabic-Indic digits
    "line\r\nX-Injected: 1",  # CR/LF
    "x" * 10_000,
    "\u202eevil\u202c",  # right-to-left override
]
# Roles tried for a page, most rights first among those the page is for (the matrix says who gets in).
ROLE_ORDER = ("lead", "hub_admin", "wg_lead", "teacher", "ncetm", "anonymous", "superuser")
# The admin's own change forms (Django's) are covered on their list and add pages; every other URL in full.
ADMIN_PAGES = ("_changelist", "_add", "admin:index", "admin:login")


class _Forms(HTMLParser):
    """The forms of a page: method, action, field names."""

    def __init__(self):
        super().__init__()
        self.forms, self._current = [], None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self._current = {
                "method": (attrs.get("method") or "get").lower(),
                "action": attrs.get("action"),
                "fields": set(),
            }
            self.forms.append(self._current)
        elif tag in ("input", "select", "textarea") and self._current is not None and attrs.get("name"):
            if attrs.get("type") not in ("submit", "file", "image", "reset", "button"):
                self._current["fields"].add(attrs["name"])

    def handle_endtag(self, tag):
        if tag == "form":
            self._current = None


def _role_for(row, method: str) -> str | None:
    expected = row.post if method == "post" and row.post is not SAME else row.get
    for role in ROLE_ORDER:
        outcome = expected[role]
        if outcome == OK or (method == "post" and outcome == REDIRECT):
            return role
    return None


def _targets(world) -> list[dict]:
    """Every URL as (role, url, method, fields), with the fields its page shows that role."""
    targets = []
    clients = {}
    for key, route in discovered_urls():
        if key.startswith("admin") and not any(part in key for part in ADMIN_PAGES):
            continue
        row = row_for(key)
        url = url_for(key, route, row, world)
        for method in ("get", "post"):
            role = _role_for(row, method)
            if role is None:
                continue
            client = clients.setdefault(role, _client(world, role))
            fields = {"page", "q"} if method == "get" else set()
            page = client.get(url, row.query) if method == "get" else None
            if page is not None and page.status_code == 200 and "html" in page.get("Content-Type", ""):
                parser = _Forms()
                parser.feed(page.content.decode())
                for form in parser.forms:
                    action = urlsplit(form["action"] or url).path or url
                    if form["method"] == "post" and action == url:
                        targets.append({"role": role, "url": url, "method": "post", "fields": sorted(form["fields"])})
                    elif form["method"] == "get" and action == url:
                        fields |= form["fields"]
            if method == "post" and not any(t["url"] == url and t["method"] == "post" for t in targets):
                targets.append({"role": role, "url": url, "method": "post", "fields": []})
            if method == "get":
                targets.append({"role": role, "url": url, "method": "get", "fields": sorted(fields)})
        for value in (row.kwargs(world) if row.kwargs else {}).values():
            if isinstance(value, str):  # a token or key in the address itself
                targets.append({"role": "anonymous", "url": url, "method": "get", "fields": [], "path_arg": value})
    return targets


def _client(world, role) -> Client:
    client = Client(raise_request_exception=False)
    if role != "anonymous":
        client.force_login(world.users[role])
    client.saved_cookies = client.cookies
    return client


def _request(clients, world, target, values: dict) -> int:
    client = clients.setdefault(target["role"], _client(world, target["role"]))
    client.cookies = client.saved_cookies.__class__(client.saved_cookies)
    url = target["url"]
    if "path_arg" in target:
        url = url.replace(target["path_arg"], next(iter(values.values()), "x"))
    with transaction.atomic():
        if target["method"] == "get":
            response = client.get(url, values)
        else:
            response = client.post(url, values)
        transaction.set_rollback(True)
    return response.status_code


@pytest.fixture
def world_and_targets():
    world = build_world()
    yield world, _targets(world)
    world.reject_report.unlink(missing_ok=True)


def test_every_field_of_every_page_fed_each_hostile_value_never_answers_500(world_and_targets):
    world, targets = world_and_targets
    clients, failures = {}, []
    assert len(targets) > 100  # the discovery found the portal's pages and their forms
    for target in targets:
        for value in HOSTILE:
            values = {name: value for name in target["fields"]} if target["fields"] else {"q": value}
            status = _request(clients, world, target, values)
            if status >= 500:
                failures.append(
                    f"{target['method'].upper()} {target['url']} as {target['role']} {value[:20]!r}: {status}"
                )
    assert not failures, "\n".join(failures)


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow], deadline=None)
@given(data=st.data())
def test_hostile_values_mixed_field_by_field_never_answer_500(world_and_targets, data):
    world, targets = world_and_targets
    target = data.draw(st.sampled_from([t for t in targets if t["fields"]]), label="target")
    value = st.one_of(st.sampled_from(HOSTILE), st.text(max_size=50))
    values = {name: data.draw(value, label=name) for name in target["fields"]}
    status = _request({}, world, target, values)
    assert status < 500, f"{target['method'].upper()} {target['url']} as {target['role']} with {values!r}: {status}"
