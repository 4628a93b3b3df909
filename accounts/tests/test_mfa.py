"""Two-factor authentication: offered to everyone, required for site administrators and NCETM staff by a setting."""

import datetime
import os
import subprocess
import sys
import time

import pytest
import time_machine
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, generate_totp_secret, hotp_value
from django.conf import settings
from django.urls import reverse

from accounts.tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def with_totp(user) -> str:
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret


@pytest.mark.parametrize("staff", [{"is_superuser": True, "is_staff": True}, {"is_ncetm_staff": True}])
def test_staff_without_an_authenticator_are_sent_to_set_one_up_when_required(client, settings, staff):
    settings.MFA_REQUIRED_FOR_STAFF = True
    client.force_login(UserFactory(**staff))

    response = client.get(reverse("reports:network"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("mfa_activate_totp"))


def test_staff_with_an_authenticator_and_teachers_go_on_when_required(client, settings):
    settings.MFA_REQUIRED_FOR_STAFF = True
    ncetm = UserFactory(is_ncetm_staff=True)
    with_totp(ncetm)
    client.force_login(ncetm)
    assert client.get(reverse("reports:network")).status_code == 200
    client.force_login(UserFactory())
    assert client.get(reverse("workgroups:my_cpd")).status_code == 200


def test_staff_go_on_without_an_authenticator_when_not_required(client, settings):
    settings.MFA_REQUIRED_FOR_STAFF = False  # the demo: its printed logins work with the password alone
    client.force_login(UserFactory(is_ncetm_staff=True))
    assert client.get(reverse("reports:network")).status_code == 200


@pytest.mark.parametrize("module,required", [("production", "True"), ("local", "False")])
def test_production_requires_it_and_the_demo_does_not(module, required):
    environment = {
        k: v for k, v in os.environ.items() if k not in {"DEBUG", "DJANGO_SETTINGS_MODULE", "MFA_REQUIRED_FOR_STAFF"}
    }
    result = subprocess.run(
        [sys.executable, "-c", "from django.conf import settings; print(settings.MFA_REQUIRED_FOR_STAFF)"],
        cwd=settings.BASE_DIR,
        env={**environment, "DJANGO_SETTINGS_MODULE": f"hubs_portal.settings.{module}", "SECRET_KEY": "x" * 60},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.stdout.strip() == required, result.stderr


def test_a_person_with_an_authenticator_logs_in_with_password_then_code(client):
    user = UserFactory()
    secret = with_totp(user)

    # The clock is frozen mid-period, so the code cannot expire between computing and sending it.
    with time_machine.travel(datetime.datetime(2026, 11, 23, 10, 0, 10, tzinfo=datetime.UTC), tick=False):
        first = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
        assert first.status_code == 302 and first["Location"] == reverse("mfa_authenticate")
        assert "_auth_user_id" not in client.session

        code = format_hotp_value(hotp_value(secret, int(time.time()) // 30))
        second = client.post(reverse("mfa_authenticate"), {"code": code})
    assert second.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)
    assert Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def test_profile_offers_two_factor_authentication_to_everyone(client):
    client.force_login(UserFactory())
    assert reverse("mfa_index") in client.get(reverse("accounts:profile")).content.decode()
