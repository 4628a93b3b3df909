import re

import pytest
from django.core import mail
from django.urls import reverse

from accounts.models import User
from accounts.tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

GOOD = {
    "full_name": "Ada Teacher",
    "email": "ada@school.example",
    "password1": "a-long-good-passphrase-42",
    "password2": "a-long-good-passphrase-42",
}


def test_signup_sends_verification_and_login_needs_it(client):
    response = client.post(reverse("account_signup"), GOOD)

    assert response.status_code == 302
    user = User.objects.get(email="ada@school.example")
    assert user.full_name == "Ada Teacher"
    assert len(mail.outbox) == 1
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", mail.outbox[0].body).group(0)

    # Unverified: logging in sends the person back to the "verify your e-mail" page.
    client.logout()
    response = client.post(reverse("account_login"), {"login": GOOD["email"], "password": GOOD["password1"]})
    assert "_auth_user_id" not in client.session

    path = link.split("://", 1)[1].split("/", 1)[1]
    response = client.post("/" + path)
    assert response.status_code == 302
    assert user.emailaddress_set.get().verified

    response = client.post(reverse("account_login"), {"login": GOOD["email"], "password": GOOD["password1"]})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


def test_signup_with_email_in_use_answers_as_any_signup_and_tells_the_owner(client):
    # No enumeration: the page says what it says to everyone; the address's owner learns of the attempt.
    UserFactory(email="ada@school.example")

    response = client.post(reverse("account_signup"), GOOD)

    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    assert User.objects.filter(email="ada@school.example").count() == 1
    assert [m.to for m in mail.outbox] == [["ada@school.example"]]
    assert "already" in mail.outbox[0].body.lower()


def test_signup_with_weak_password_shows_error_and_creates_nothing(client):
    response = client.post(reverse("account_signup"), {**GOOD, "password1": "password", "password2": "password"})

    assert response.status_code == 200
    assert "too common" in response.content.decode()
    assert not User.objects.exists()


def test_signup_with_missing_fields_rerenders_with_errors(client):
    response = client.post(reverse("account_signup"), {"email": "not-an-email", "password1": "x"})

    body = response.content.decode()
    assert response.status_code == 200
    assert "Enter a valid email address" in body
    assert "This field is required" in body
    assert 'value="not-an-email"' in body  # what was typed is kept
    assert not User.objects.exists()


def test_login_and_logout(client):
    user = UserFactory(email="tom@school.example")

    response = client.post(reverse("account_login"), {"login": "tom@school.example", "password": PASSWORD})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)

    client.post(reverse("account_logout"))
    assert "_auth_user_id" not in client.session


def test_login_with_wrong_password_shows_error_at_both_fields(client):
    UserFactory(email="tom@school.example")

    response = client.post(reverse("account_login"), {"login": "tom@school.example", "password": "wrong"})

    assert response.status_code == 200
    page = response.content.decode()
    assert "<title>Error: Log in" in page
    # In the error summary, linked to the e-mail field, and tied to it; the password is marked invalid too.
    assert '<a href="#id_login">E-mail address: The e-mail address or the password is not right.' in page
    assert 'aria-describedby="id_login_error"' in page
    assert re.search(r'<input type="password" name="password"[^>]*aria-invalid="true"', page)
    assert "_auth_user_id" not in client.session


def test_login_is_rate_limited_after_repeated_failures(client):
    UserFactory(email="tom@school.example")
    for _ in range(5):
        client.post(reverse("account_login"), {"login": "tom@school.example", "password": "wrong"})

    response = client.post(reverse("account_login"), {"login": "tom@school.example", "password": PASSWORD})

    assert "_auth_user_id" not in client.session
    assert "Too many failed login attempts" in response.content.decode()


def test_profile_saves_name_and_rejects_blank(client):
    user = UserFactory()
    client.force_login(user)

    response = client.post(reverse("accounts:profile"), {"full_name": ""})
    assert response.status_code == 200
    assert "This field is required" in response.content.decode()

    client.post(reverse("accounts:profile"), {"full_name": "New Name"})
    user.refresh_from_db()
    assert user.full_name == "New Name"


def test_password_reset_by_emailed_link_then_login_with_new_password(client):
    user = UserFactory(email="tom@school.example")

    client.post(reverse("account_reset_password"), {"email": "tom@school.example"})
    assert len(mail.outbox) == 1
    link = re.search(r"https?://[^/\s]+(/accounts/password/reset/key/\S+/)", mail.outbox[0].body).group(1)
    form_page = client.get(link, follow=True)
    client.post(
        form_page.redirect_chain[-1][0] if form_page.redirect_chain else link,
        {"password1": "a-brand-new-passphrase-7", "password2": "a-brand-new-passphrase-7"},
    )

    user.refresh_from_db()
    assert user.check_password("a-brand-new-passphrase-7")


def test_password_change_requires_the_current_password(client):
    user = UserFactory()
    client.force_login(user)

    response = client.post(
        reverse("account_change_password"),
        {"oldpassword": "wrong", "password1": "another-fine-passphrase-9", "password2": "another-fine-passphrase-9"},
    )

    assert response.status_code == 200
    user.refresh_from_db()
    assert user.check_password(PASSWORD)
