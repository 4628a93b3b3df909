import pytest
from django.core.mail import EmailMessage, get_connection
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.fixture
def dev_mail(settings, tmp_path):
    settings.EMAIL_FILE_PATH = str(tmp_path)
    settings.DEBUG = True
    return get_connection("hubs_portal.mailbox.DevMailboxBackend")


def test_dev_mailbox_keeps_each_message_and_shows_it(client, dev_mail, tmp_path):
    EmailMessage(
        "Confirm your place", "Open https://portal.example/confirm/abc", to=["head@school.example"], connection=dev_mail
    ).send()

    assert len(list(tmp_path.glob("*.eml"))) == 1
    listing = client.get(reverse("dev_mailbox")).content.decode()
    assert "Confirm your place" in listing
    message_id = next(tmp_path.glob("*.eml")).stem
    detail = client.get(reverse("dev_mailbox_detail", args=[message_id])).content.decode()
    assert "https://portal.example/confirm/abc" in detail


def test_dev_mailbox_is_absent_when_debug_is_off(client, dev_mail, settings):
    settings.DEBUG = False

    assert client.get(reverse("dev_mailbox")).status_code == 404
