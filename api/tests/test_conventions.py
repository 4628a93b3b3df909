"""The API's conventions: pages, ETags, modified_since, throttling on Redis, JSON errors, Idempotency-Key."""

import datetime
import os
import threading

import pytest
import redis
import time_machine
from django.core import mail
from django.core.cache import cache
from django.db import connections
from django.test import override_settings
from django.utils import timezone
from rest_framework.test import APIClient

from api.idempotency import idempotency_purge
from api.models import IdempotentRequest
from api.tests.factories import token_for
from schools.tests.factories import SchoolFactory
from workgroups.enums import RegistrationStatus
from workgroups.tests.factories import RegistrationFactory

pytestmark = pytest.mark.django_db


def test_pages_carry_count_next_previous_and_at_most_100(network, api_as):
    SchoolFactory.create_batch(120)
    client = api_as(network.ncetm)
    first = client.get("/api/v1/schools/", {"page_size": 500}).json()
    assert first["count"] >= 120 and len(first["results"]) == 100
    assert first["previous"] is None and "page=2" in first["next"]
    second = client.get(first["next"]).json()
    assert second["previous"] and len(second["results"]) == first["count"] - 100
    assert client.get("/api/v1/schools/", {"page": 99}).status_code == 404


def test_etag_answers_304_until_the_content_changes(network, api_as):
    client = api_as(network.alpha_lead)
    url = "/api/v1/registrations/"
    first = client.get(url)
    etag = first["ETag"]
    assert {"private", "no-store"} <= {part.strip() for part in first["Cache-Control"].split(",")}
    again = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304 and again.content == b"" and again["ETag"] == etag
    RegistrationFactory(work_group=network.alpha_group)
    changed = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200 and changed["ETag"] != etag


def test_modified_since_returns_only_what_changed(network, api_as):
    client = api_as(network.alpha_lead, scope="read_write")
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=5)):
        generated = client.get("/api/v1/registrations/")["X-Page-Generated"]
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=10)):
        newcomer = RegistrationFactory(work_group=network.alpha_group)
        client.post(f"/api/v1/registrations/{network.alpha_registration.pk}/decision/", {"action": "waitlist"})
    response = client.get("/api/v1/registrations/", {"modified_since": generated})
    assert {row["id"] for row in response.json()["results"]} == {newcomer.pk, network.alpha_registration.pk}
    assert client.get("/api/v1/registrations/", {"modified_since": "yesterday"}).status_code == 400


def test_registration_updated_at_follows_bulk_writes(network):
    waiting = RegistrationFactory(work_group=network.alpha_group, status=RegistrationStatus.WAITLISTED)
    before = waiting.updated_at
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=1)):
        type(waiting).objects.filter(pk=waiting.pk).update(status=RegistrationStatus.OFFERED)
    waiting.refresh_from_db()
    assert waiting.updated_at > before


def test_bad_filter_answers_400_naming_the_filter(network, api_as):
    response = api_as(network.ncetm).get("/api/v1/work-groups/", {"academic_year": "last year", "hub": "nowhere"})
    assert response.status_code == 400
    assert set(response.json()) == {"academic_year", "hub"}


def test_unknown_address_answers_json_404(network, api_as):
    response = api_as(network.ncetm).get("/api/v1/no-such-thing/")
    assert response.status_code == 404
    assert response.json() == {"detail": "There is no API endpoint at this address."}


REDIS_CACHE = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0"),
        "KEY_PREFIX": "test-api-throttle",
    }
}


@override_settings(CACHES=REDIS_CACHE, API_THROTTLE_RATES={"user": "3/minute", "anon": "3/minute"})
def test_throttle_counts_in_redis_and_says_when_to_retry(network, api_as):
    cache.clear()
    client = api_as(network.teacher)
    try:
        assert [client.get("/api/v1/me/").status_code for _ in range(3)] == [200, 200, 200]
        response = client.get("/api/v1/me/")
        assert response.status_code == 429
        assert 0 < int(response["Retry-After"]) <= 60
        assert "detail" in response.json()
        keys = redis.Redis.from_url(REDIS_CACHE["default"]["LOCATION"]).keys("test-api-throttle:*throttle_user*")
        assert keys, "the throttle's history is kept in Redis"
    finally:
        cache.clear()


def test_idempotency_key_replays_the_first_answer(network, api_as, django_capture_on_commit_callbacks):
    client = api_as(network.alpha_lead, scope="read_write")
    url = f"/api/v1/registrations/{network.alpha_registration.pk}/decision/"
    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(url, {"action": "approve"}, HTTP_IDEMPOTENCY_KEY="decide-42")
        second = client.post(url, {"action": "approve"}, HTTP_IDEMPOTENCY_KEY="decide-42")
    assert first.status_code == second.status_code == 200
    assert second.json() == first.json() and second["Idempotent-Replayed"] == "true"
    assert [m.to for m in mail.outbox] == [[network.teacher.email]]  # one e-mail: the decision was made once
    without_key = client.post(url, {"action": "approve"})
    assert without_key.status_code == 400  # a plain retry runs again: "already approved"


def test_idempotency_key_with_another_request_answers_422(network, api_as):
    client = api_as(network.alpha_lead, scope="read_write")
    url = f"/api/v1/registrations/{network.alpha_registration.pk}/decision/"
    client.post(url, {"action": "waitlist"}, HTTP_IDEMPOTENCY_KEY="k1")
    response = client.post(url, {"action": "reject"}, HTTP_IDEMPOTENCY_KEY="k1")
    assert response.status_code == 422
    network.alpha_registration.refresh_from_db()
    assert network.alpha_registration.status == RegistrationStatus.WAITLISTED


def test_idempotency_key_is_per_person(network, api_as):
    url = f"/api/v1/registrations/{network.alpha_registration.pk}/decision/"
    api_as(network.alpha_lead, scope="read_write").post(url, {"action": "approve"}, HTTP_IDEMPOTENCY_KEY="same")
    other = api_as(network.beta_lead, scope="read_write").post(url, {"action": "approve"}, HTTP_IDEMPOTENCY_KEY="same")
    assert other.status_code == 404
    assert "Idempotent-Replayed" not in other


def test_idempotency_key_while_the_first_runs_answers_409(network, api_as):
    client = api_as(network.alpha_lead, scope="read_write")
    url = f"/api/v1/registrations/{network.alpha_registration.pk}/decision/"
    first = client.post(url, {"action": "waitlist"}, HTTP_IDEMPOTENCY_KEY="slow")
    IdempotentRequest.objects.filter(key="slow").update(status_code=None)  # as if it were still running
    response = client.post(url, {"action": "waitlist"}, HTTP_IDEMPOTENCY_KEY="slow")
    assert first.status_code == 200
    assert response.status_code == 409 and response["Retry-After"] == "1"


def test_idempotency_answers_are_forgotten_after_24_hours(network, api_as):
    client = api_as(network.alpha_lead, scope="read_write")
    url = f"/api/v1/registrations/{network.alpha_registration.pk}/decision/"
    client.post(url, {"action": "waitlist"}, HTTP_IDEMPOTENCY_KEY="old")
    later = timezone.now() + datetime.timedelta(hours=24, minutes=1)
    with time_machine.travel(later):
        response = client.post(url, {"action": "waitlist"}, HTTP_IDEMPOTENCY_KEY="old")
    assert response.status_code == 400  # ran again: "already on the waitlist"
    assert idempotency_purge(now=later + datetime.timedelta(days=2)) == 1


@pytest.mark.django_db(transaction=True)
def test_idempotency_key_sent_twice_at_once_runs_once(network, api_as):
    url = f"/api/v1/registrations/{network.alpha_registration.pk}/decision/"
    header = f"Token {token_for(network.alpha_lead, scope='read_write')}"
    statuses, barrier = [], threading.Barrier(4)

    def send():
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=header)
        barrier.wait()
        statuses.append(client.post(url, {"action": "approve"}, HTTP_IDEMPOTENCY_KEY="race").status_code)
        connections.close_all()

    threads = [threading.Thread(target=send) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(statuses).count(200) >= 1
    assert set(statuses) <= {200, 409}
    network.alpha_registration.refresh_from_db()
    assert network.alpha_registration.status == RegistrationStatus.APPROVED


def test_pages_follow_the_lists_order_without_gaps_and_keep_the_people_marks(network, api_as):
    for _ in range(4):
        RegistrationFactory(work_group=network.alpha_group)
        RegistrationFactory(work_group=network.beta_group)
    client = api_as(network.alpha_lead)
    pages = [client.get("/api/v1/registrations/", {"page_size": 2, "page": n}).json() for n in (1, 2, 3)]
    listed = [row["id"] for page in pages for row in page["results"]]
    assert listed == sorted(network.alpha_group.registrations.values_list("pk", flat=True))
    assert all(row["teacher_email"] for page in pages for row in page["results"])
    national = api_as(network.ncetm).get("/api/v1/registrations/", {"page_size": 3, "page": 2}).json()["results"]
    assert len(national) == 3 and all(row["teacher_email"] is None for row in national)


@pytest.mark.parametrize("url", ["/api/v1/mastery-specialists/", "/api/v1/work-groups/"])
def test_nul_in_a_query_answers_400_as_json(network, api_as, url):
    response = api_as(network.ncetm).get(url, {"academic_year": "20\x0025", "cohort_start_year": "\x00"})

    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": "The request contains a character that is not allowed (NUL)."}
