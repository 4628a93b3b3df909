"""Logging in safely: rate limits per real client behind a proxy, the admin behind the same door, no enumeration."""

import pytest
from django.core import mail
from django.urls import reverse

from accounts.tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db
TOO_MANY = "Too many failed login attempts"


def attempt(client, email, password, client_ip):
    return client.post(
        reverse("account_login"),
        {"login": email, "password": password},
        HTTP_X_FORWARDED_FOR=f"{client_ip}, 10.0.0.1" if client_ip else None,
        REMOTE_ADDR="10.0.0.9",  # the proxy
    )


def test_behind_a_proxy_wrong_passwords_lock_out_their_client_only(client, settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 2  # client → CDN (10.0.0.1) → load balancer → the portal
    victim, bystander = UserFactory(), UserFactory()
    for _ in range(5):
        attempt(client, victim.email, "wrong", "203.0.113.7")

    refused = attempt(client, UserFactory().email, "wrong", "203.0.113.7")
    allowed = attempt(client, bystander.email, PASSWORD, "198.51.100.20")

    assert TOO_MANY in refused.content.decode()
    assert allowed.status_code == 302
    assert client.session["_auth_user_id"] == str(bystander.pk)


def test_without_the_proxy_setting_the_proxy_is_everyone(client, settings):
    # What the setting fixes: counted by the proxy's own address, one attacker locks out the country.
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 0
    for _ in range(5):
        attempt(client, UserFactory().email, "wrong", "203.0.113.7")
    assert TOO_MANY in attempt(client, UserFactory().email, PASSWORD, "198.51.100.20").content.decode()


def test_the_admin_login_is_the_portals_rate_limited_login(client):
    admin = UserFactory(is_staff=True, is_superuser=True)

    response = client.get(reverse("admin:login"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))

    # Its own form no longer takes passwords: posting the right one does not log in.
    client.post(reverse("admin:login"), {"username": admin.email, "password": PASSWORD})
    assert "_auth_user_id" not in client.session

    for _ in range(12):
        client.post(reverse("account_login"), {"login": admin.email, "password": "wrong"})
    locked = client.post(reverse("account_login"), {"login": admin.email, "password": PASSWORD})
    assert TOO_MANY in locked.content.decode()
    assert "_auth_user_id" not in client.session


def test_password_reset_answers_alike_for_unknown_and_known_addresses(client):
    UserFactory(email="known@school.example")

    unknown = client.post(reverse("account_reset_password"), {"email": "nobody@school.example"})
    known = client.post(reverse("account_reset_password"), {"email": "known@school.example"})

    assert unknown.status_code == known.status_code == 302
    assert unknown["Location"] == known["Location"] == reverse("account_reset_password_done")
    assert "not assigned" not in client.get(unknown["Location"]).content.decode()
    assert sorted(m.to[0] for m in mail.outbox) == ["known@school.example", "nobody@school.example"]
