"""The public API other apps queue e-mails with: ``notifications.services.message_enqueue``."""

import datetime

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.loader import get_template
from django.utils import timezone

from notifications.enums import OutboxStatus
from notifications.models import OutboxMessage
from notifications.registry import UnknownKind, kinds
from notifications.services import Address, message_enqueue
from notifications.sweep import outbox_sweep
from workgroups.enums import MailKind
from workgroups.tests.factories import RegistrationFactory

pytestmark = pytest.mark.django_db


def _consent_request(registration, *, key="1", **options):
    return message_enqueue(
        kind=MailKind.CONSENT_REQUEST,
        object_key=f"registration:{registration.pk}:{key}",
        recipients=[Address(registration.headteacher_email, registration.headteacher_name)],
        hub=registration.work_group.hub,
        topic=registration,
        **options,
    )


def test_enqueue_writes_one_row_per_recipient_and_delivers_it_after_commit(django_capture_on_commit_callbacks):
    registration = RegistrationFactory(headteacher_email="Head@Park.example", headteacher_name="Pat Head")

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        ids = _consent_request(registration)
        assert mail.outbox == []  # nothing leaves before the change commits

    (row,) = OutboxMessage.objects.filter(pk__in=ids)
    assert len(callbacks) == 1
    assert (row.recipient_key, row.to_email, row.to_name) == (
        "email:head@park.example",
        "Head@Park.example",
        "Pat Head",
    )
    assert (row.hub_id, row.topic_type, row.topic_id) == (
        registration.work_group.hub_id,
        "workgroups.registration",
        registration.pk,
    )
    assert row.status == OutboxStatus.SENT
    assert [m.to for m in mail.outbox] == [["Head@Park.example"]]
    assert mail.outbox[0].extra_headers["Message-ID"] == row.message_id
    assert "Dear Pat Head," in mail.outbox[0].body


def test_enqueue_of_the_same_event_twice_adds_nothing_and_sends_once(django_capture_on_commit_callbacks):
    registration = RegistrationFactory()

    with django_capture_on_commit_callbacks(execute=True):
        first = _consent_request(registration)
        again = _consent_request(registration)

    assert len(first) == 1 and again == []
    assert OutboxMessage.objects.count() == 1
    assert len(mail.outbox) == 1


def test_enqueue_of_a_new_event_is_sent_again(django_capture_on_commit_callbacks):
    registration = RegistrationFactory()

    with django_capture_on_commit_callbacks(execute=True):
        _consent_request(registration, key="first")
        _consent_request(registration, key="resent")

    assert OutboxMessage.objects.count() == 2
    assert len(mail.outbox) == 2
    assert len({m.extra_headers["Message-ID"] for m in mail.outbox}) == 2


def test_enqueue_is_rolled_back_with_the_change_that_asked_for_it(django_capture_on_commit_callbacks):
    registration = RegistrationFactory()

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError):
        with transaction.atomic():
            _consent_request(registration)
            raise RuntimeError("the change failed")

    assert not OutboxMessage.objects.exists()
    assert mail.outbox == []


def test_enqueue_of_a_kind_nobody_registered_is_refused():
    registration = RegistrationFactory()

    with pytest.raises(UnknownKind):
        message_enqueue(kind="no_such_kind", object_key="x:1", recipients=[registration.teacher], hub=None)
    assert not OutboxMessage.objects.exists()


@pytest.mark.parametrize(
    "options, error",
    [
        ({"object_key": ""}, ValueError),
        ({"object_key": "x" * 121}, ValueError),
        ({"object_key": "x:1", "context": {"when": datetime.date(2026, 1, 1)}}, ValueError),
        ({"object_key": "x:1", "recipients": [Address("not an address")]}, ValidationError),
    ],
)
def test_enqueue_with_bad_input_says_what_is_wrong_and_writes_nothing(options, error):
    registration = RegistrationFactory()
    arguments = {"kind": MailKind.CONSENT_REQUEST, "recipients": [Address("head@school.example")], "hub": None}

    with pytest.raises(error):
        message_enqueue(**{**arguments, **options})
    assert not OutboxMessage.objects.exists()
    assert registration.pk


def test_enqueue_for_later_waits_for_the_sweep(django_capture_on_commit_callbacks):
    registration = RegistrationFactory()
    later = timezone.now() + datetime.timedelta(hours=2)

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        (pk,) = _consent_request(registration, due_at=later)
    assert callbacks == []
    with django_capture_on_commit_callbacks(execute=True):
        outbox_sweep()
    assert OutboxMessage.objects.get(pk=pk).status == OutboxStatus.QUEUED

    with time_machine.travel(later + datetime.timedelta(minutes=1)), django_capture_on_commit_callbacks(execute=True):
        outbox_sweep()

    assert OutboxMessage.objects.get(pk=pk).status == OutboxStatus.SENT
    assert len(mail.outbox) == 1


def test_a_user_named_twice_gets_one_e_mail(django_capture_on_commit_callbacks):
    registration = RegistrationFactory()

    with django_capture_on_commit_callbacks(execute=True):
        ids = message_enqueue(
            kind=MailKind.REGISTRATION_APPROVED,
            object_key=f"registration:{registration.pk}:1",
            recipients=[registration.teacher, registration.teacher],
            hub=registration.work_group.hub,
            topic=registration,
        )

    assert len(ids) == 1 and len(mail.outbox) == 1


def test_every_registered_kind_has_its_three_templates():
    names = set()
    for kind in kinds():
        for suffix in ("_subject.txt", ".txt", ".html"):
            get_template(f"{kind.template}{suffix}")
        names.add(kind.name)
    # The apps' kinds are found at start-up without anyone importing them.
    assert {MailKind.SESSION_REMINDER, MailKind.REGISTRATION_APPROVED, MailKind.SESSION_MOVED, "impact_survey"} <= names
