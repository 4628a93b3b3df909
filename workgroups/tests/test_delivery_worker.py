"""E-mails queued on commit are delivered by a real Celery worker over Redis to an SMTP server."""

import os
import socket
import subprocess
import sys
import time

import pytest
import redis
from aiosmtpd.controller import Controller
from django.conf import settings
from django.db import connection

from accounts.tests.factories import UserFactory
from hubs_portal.celery import app as celery_app
from schools.tests.factories import SchoolFactory
from workgroups import services
from workgroups.tests.factories import SessionFactory, WorkGroupFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.worker]


class Inbox:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's hook name)
        self.messages.append(envelope)
        return "250 OK"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _test_database_url() -> str:
    db = connection.settings_dict
    credentials = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{credentials}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.fixture
def smtp_inbox():
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield inbox, controller.port
    controller.stop()


@pytest.fixture
def worker(smtp_inbox):
    _, port = smtp_inbox
    redis.Redis.from_url(settings.CELERY_BROKER_URL).delete("celery")  # no tasks left from other runs
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "workgroups.tests.worker_settings",
        "DATABASE_URL": _test_database_url(),
        "CELERY_TASK_ALWAYS_EAGER": "0",
        "TEST_SMTP_PORT": str(port),
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "hubs_portal", "worker", "--pool=solo", "--loglevel=WARNING"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    eager = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = False
    try:
        yield process
    finally:
        celery_app.conf.task_always_eager = eager
        process.terminate()
        process.wait(timeout=20)


def test_registration_emails_are_delivered_by_a_real_worker(worker, smtp_inbox):
    inbox, _ = smtp_inbox
    work_group = WorkGroupFactory()
    SessionFactory(work_group=work_group, number=1)
    teacher = UserFactory(email="tom@school.example")

    services.registration_create(
        work_group=work_group,
        teacher=teacher,
        school=SchoolFactory(),
        role_in_school="Year 4 teacher",
        headteacher_name="Hilary Head",
        headteacher_email="hilary@school.example",
    )

    deadline = time.monotonic() + 45
    while len(inbox.messages) < 2 and time.monotonic() < deadline and worker.poll() is None:
        time.sleep(0.2)
    recipients = sorted(rcpt for message in inbox.messages for rcpt in message.rcpt_tos)
    assert recipients == ["hilary@school.example", "tom@school.example"], worker.stderr.read1().decode()[-2000:]
    consent = next(m for m in inbox.messages if m.rcpt_tos == ["hilary@school.example"])
    assert b"/work-groups/consent/" in consent.content
