import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse

from accounts.models import User
from accounts.tests.factories import UserFactory
from hubs.models import Hub
from schools.models import School

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]


def _start_with(settings_module, **env):
    clean = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG", "DJANGO_SETTINGS_MODULE"}}
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup(); print('started')"],
        cwd=ROOT,
        env={**clean, "DJANGO_SETTINGS_MODULE": settings_module, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_settings_refuse_to_start_without_secret_key_when_debug_is_off():
    result = _start_with("hubs_portal.settings.production")

    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_settings_start_with_secret_key_in_production():
    result = _start_with("hubs_portal.settings.production", SECRET_KEY="x" * 60)

    assert result.returncode == 0, result.stderr
    assert "started" in result.stdout


def test_settings_start_without_secret_key_in_development():
    result = _start_with("hubs_portal.settings.local")

    assert result.returncode == 0, result.stderr


def test_healthz_ok_when_database_and_broker_are_up(client):
    response = client.get(reverse("healthz"))

    assert response.status_code == 200
    assert response.json()["database"]["ok"] is True
    assert response.json()["broker"]["ok"] is True


def test_healthz_503_when_broker_is_down(client, settings):
    # Port 1 on loopback: nothing listens there, so the broker is really unreachable.
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"

    response = client.get(reverse("healthz"))

    assert response.status_code == 503
    assert response.json()["status"] == "unavailable"
    assert response.json()["broker"]["ok"] is False
    assert response.json()["database"]["ok"] is True


def test_seed_demo_is_idempotent_and_prints_logins(capsys):
    call_command("seed_demo")
    counts = (User.objects.count(), Hub.objects.count(), School.objects.count())
    call_command("seed_demo")

    assert (User.objects.count(), Hub.objects.count(), School.objects.count()) == counts
    out = capsys.readouterr().out
    assert "hublead@demo.mathshubs.test" in out
    assert "teacher@demo.mathshubs.test" in out


def test_demo_login_works_for_each_role(client):
    call_command("seed_demo")

    for email in ["ncetm", "hublead", "hubadmin", "wglead", "teacher", "admin"]:
        assert client.login(email=f"{email}@demo.mathshubs.test", password="maths-hubs-demo"), email
        client.logout()


def test_healthz_tells_anonymous_visitors_nothing_of_the_internal_error(client, settings):
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"

    response = client.get(reverse("healthz"))

    assert response.status_code == 503
    assert response.json()["broker"] == {"ok": False, "detail": "unavailable"}
    assert "127.0.0.1" not in response.content.decode()


def test_healthz_tells_a_site_administrator_why(client, settings):
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"
    client.force_login(UserFactory(is_staff=True, is_superuser=True))

    response = client.get(reverse("healthz"))

    assert response.json()["broker"]["detail"] != "unavailable"
