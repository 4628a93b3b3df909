"""``make run`` stops cleanly: Ctrl-C (SIGINT) or SIGTERM ends the web server and the Celery worker with its
embedded beat, and every process they started, within 10 seconds; the dev mailbox prints one line per e-mail."""

import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.core.mail import EmailMultiAlternatives

from hubs_portal.devrun import STOP_WITHIN_SECONDS
from hubs_portal.mailbox import DevMailboxBackend
from hubs_portal.testing.worker import current_database_url

BASE_DIR = Path(__file__).resolve().parents[2]
STARTED = re.compile(r"devrun: started web server pid (\d+), worker pid (\d+)")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _listening(port: int) -> bool:
    with socket.socket() as s:
        s.settimeout(0.5)
        return s.connect_ex(("127.0.0.1", port)) == 0


def _group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    return True


def _wait_for(condition, timeout: float, what: str, log: Path):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = condition()
        if found:
            return found
        time.sleep(0.25)
    raise AssertionError(f"{what} within {timeout} s; output:\n{log.read_text(errors='replace')[-3000:]}")


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("stop_signal", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "term"])
def test_make_run_stops_everything_it_started_within_ten_seconds(tmp_path, stop_signal):
    port = _free_port()
    log = tmp_path / "run.log"
    env = dict(
        os.environ,
        DJANGO_SETTINGS_MODULE="hubs_portal.settings.test",
        CELERY_TASK_ALWAYS_EAGER="0",
        DATABASE_URL=current_database_url(),
        REDIS_URL=settings.REDIS_URL,
        PORTAL_VAR_DIR=str(tmp_path),
        PYTHONUNBUFFERED="1",
    )
    # As the Makefile's run target starts it: the supervisor in the foreground of the terminal's process group.
    with open(log, "wb") as out:
        run = subprocess.Popen(
            [sys.executable, "-m", "hubs_portal.devrun", f"--port={port}"],
            cwd=BASE_DIR,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    web_pid = worker_pid = None
    try:
        web_pid, worker_pid = map(
            int, _wait_for(lambda: STARTED.search(log.read_text()), 60, "no start line", log).groups()
        )
        _wait_for(lambda: _listening(port), 120, "the web server is not listening", log)
        _wait_for(lambda: "ready." in log.read_text(), 120, "the worker is not ready", log)
        _wait_for(lambda: "beat: Starting" in log.read_text(), 120, "beat has not started", log)

        started = time.monotonic()
        os.killpg(run.pid, stop_signal)  # Ctrl-C reaches the whole foreground group: here, the supervisor's
        run.wait(timeout=STOP_WITHIN_SECONDS + 5)
        took = time.monotonic() - started

        assert took < STOP_WITHIN_SECONDS, log.read_text(errors="replace")[-3000:]
        assert not _group_alive(web_pid) and not _group_alive(worker_pid)
        assert not _listening(port)
        assert "devrun: stopped" in log.read_text()
    finally:  # whatever failed, leave nothing running
        for pgid in (run.pid, web_pid, worker_pid):
            if pgid and _group_alive(pgid):
                os.killpg(pgid, signal.SIGKILL)
        run.wait(timeout=10)


def test_dev_mailbox_prints_one_line_per_e_mail_and_keeps_the_whole_message(settings, tmp_path, capsys):
    settings.EMAIL_FILE_PATH = str(tmp_path / "mail")
    message = EmailMultiAlternatives(
        "[Maths Hubs] Your place is confirmed", "Dear Tom,\n" * 40, "hub@example.org", ["tom@example.org"]
    )
    message.attach_alternative("<p>Dear Tom,</p>", "text/html")

    DevMailboxBackend().send_messages([message])

    printed = capsys.readouterr().out.splitlines()
    [kept] = list((tmp_path / "mail").glob("*.eml"))
    assert printed == [f"E-mail to tom@example.org: [Maths Hubs] Your place is confirmed ({kept.name})"]
    assert b"Dear Tom" in kept.read_bytes() and b"text/html" in kept.read_bytes()
