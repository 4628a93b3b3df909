"""Personal API tokens: made on the profile, shown once, stored hashed, scoped, expiring and revocable."""

import datetime
import io

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.tests.factories import UserFactory
from api.enums import TokenScope
from api.models import ApiToken, token_secret_hash
from api.services import api_token_create, api_token_revoke
from api.tests.factories import token_for

pytestmark = pytest.mark.django_db

ME = "/api/v1/me/"


def client_with(secret: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {secret}")
    return client


def test_token_create_keeps_only_the_hash():
    issued = api_token_create(user=UserFactory(), name="  CRM   sync ", scope=TokenScope.READ, lifetime_days=90)
    stored = ApiToken.objects.get(pk=issued.token.pk)
    assert issued.secret.startswith("mhp_") and len(issued.secret) > 40
    assert stored.key_hash == token_secret_hash(issued.secret)
    assert issued.secret not in {stored.key_hash, stored.prefix, stored.name}
    assert stored.name == "CRM sync"
    assert issued.secret.startswith(stored.prefix)


def test_token_create_refuses_bad_values_with_field_messages():
    with pytest.raises(ValidationError) as raised:
        api_token_create(user=UserFactory(), name=" ", scope="admin", lifetime_days=7)
    assert set(raised.value.message_dict) == {"name", "scope", "lifetime_days"}


def test_token_authenticates_as_its_person():
    user = UserFactory(full_name="Helen Lead")
    response = client_with(token_for(user, scope=TokenScope.READ_WRITE)).get(ME)
    assert response.status_code == 200
    assert response.json()["email"] == user.email
    assert response.json()["token"]["scope"] == "read_write"
    assert ApiToken.objects.get(user=user).last_used_at is not None


def test_token_after_expiry_is_refused():
    user = UserFactory()
    secret = token_for(user, days=30)
    with time_machine.travel(timezone.now() + datetime.timedelta(days=29, hours=23)):
        assert client_with(secret).get(ME).status_code == 200
    with time_machine.travel(timezone.now() + datetime.timedelta(days=30, minutes=1)):
        response = client_with(secret).get(ME)
    assert response.status_code == 401
    assert "expired" in response.json()["detail"]
    assert response["WWW-Authenticate"].startswith("Token")


def test_token_revoked_is_refused_at_once():
    user = UserFactory()
    secret = token_for(user)
    client = client_with(secret)
    assert client.get(ME).status_code == 200
    api_token_revoke(token=ApiToken.objects.get(user=user))
    response = client.get(ME)
    assert response.status_code == 401
    assert "revoked" in response.json()["detail"]


def test_token_unknown_or_malformed_is_refused():
    assert client_with("mhp_not-a-real-token").get(ME).status_code == 401
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token two parts")
    assert client.get(ME).status_code == 401


def test_token_of_inactive_account_is_refused():
    user = UserFactory()
    secret = token_for(user)
    user.is_active = False
    user.save()
    assert client_with(secret).get(ME).status_code == 401


def test_request_without_credentials_gets_401_json():
    response = APIClient().get(ME)
    assert response.status_code == 401
    assert response["Content-Type"] == "application/json"
    assert "detail" in response.json()


def test_token_read_only_cannot_write(network):
    client = client_with(token_for(network.alpha_lead, scope=TokenScope.READ))
    url = f"/api/v1/registrations/{network.alpha_registration.pk}/decision/"
    response = client.post(url, {"action": "approve"}, format="json")
    assert response.status_code == 403
    assert "read-only" in response.json()["detail"]
    network.alpha_registration.refresh_from_db()
    assert network.alpha_registration.status == "applied"


def test_token_page_shows_the_secret_once(client):
    user = UserFactory()
    client.force_login(user)
    url = reverse("api_tokens:list")
    response = client.post(url, {"name": "Spreadsheet", "scope": "read", "lifetime_days": "30"}, follow=True)
    token = ApiToken.objects.get(user=user)
    page = response.content.decode()
    secret = page.split('id="new-token-secret" value="', 1)[1].split('"', 1)[0]
    assert token_secret_hash(secret) == token.key_hash
    assert "shown only this once" in page
    again = client.get(url).content.decode()
    assert secret not in again
    assert "Spreadsheet" in again


def test_token_page_form_errors_keep_the_input(client):
    client.force_login(UserFactory())
    response = client.post(reverse("api_tokens:list"), {"name": "", "scope": "read", "lifetime_days": "7"})
    assert response.status_code == 200
    assert not ApiToken.objects.exists()
    assert response.context["form"].errors.keys() == {"name", "lifetime_days"}


def test_token_page_revokes_own_token(client):
    user = UserFactory()
    secret = token_for(user)
    client.force_login(user)
    token = ApiToken.objects.get(user=user)
    response = client.post(reverse("api_tokens:revoke", args=[token.pk]), follow=True)
    assert "is revoked" in response.content.decode()
    assert client_with(secret).get(ME).status_code == 401


def test_token_page_another_persons_token_answers_404_and_changes_nothing(client):
    owner = UserFactory()
    secret = token_for(owner)
    token = ApiToken.objects.get(user=owner)
    client.force_login(UserFactory())
    assert client.post(reverse("api_tokens:revoke", args=[token.pk])).status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None
    assert client_with(secret).get(ME).status_code == 200
    assert owner.email not in client.get(reverse("api_tokens:list")).content.decode()


def test_token_page_needs_login(client):
    response = client.get(reverse("api_tokens:list"))
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_api_token_command_prints_a_working_secret():
    user = UserFactory(email="ncetm@example.org")
    out = io.StringIO()
    call_command("api_token", "NCETM@example.org", "--name", "DfE extract", stdout=out, stderr=io.StringIO())
    secret = out.getvalue().strip()
    assert client_with(secret).get(ME).json()["email"] == user.email
    assert ApiToken.objects.get(user=user).scope == TokenScope.READ


def test_api_token_command_refuses_an_unknown_account():
    with pytest.raises(CommandError, match="No portal account"):
        call_command("api_token", "nobody@example.org", stdout=io.StringIO())
