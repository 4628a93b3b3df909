"""The embedded default: the portal on SQLite under a threaded web server takes 10 sign-ups at once, none failing.

SQLite is configured for a web server in ``hubs_portal/settings/data.py`` (WAL, ``transaction_mode`` IMMEDIATE and a
busy timeout). This test runs the real portal in a subprocess on a fresh SQLite file and posts the registrations
over HTTP from 10 threads released together.
"""

import http.cookiejar
import json
import os
import re
import socket
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[2]
TEACHERS = 10


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _environment(var_dir: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "DJANGO_ALLOW_ASYNC_UNSAFE")}
    env.update(
        DJANGO_SETTINGS_MODULE="hubs_portal.settings.local",
        DATABASE_URL=f"sqlite:///{var_dir / 'portal.sqlite3'}",
        PORTAL_VAR_DIR=str(var_dir),
        CELERY_TASK_ALWAYS_EAGER="0",
        DEBUG="1",
    )
    return env


def _manage(env, *args, **kwargs):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env=env,
        check=True,
        capture_output=True,
        text=True,
        **kwargs,
    )


class _Teacher:
    """One teacher's browser: their session cookie, the CSRF token of the registration form, and its answer."""

    def __init__(self, base: str, person: dict, work_group: int):
        self.url = f"{base}/work-groups/{work_group}/register/"
        self.person = person
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(_NoRedirect, urllib.request.HTTPCookieProcessor(self.cookies))
        self.opener.addheaders = [("Cookie", f"sessionid={person['session']}")]
        self.status = None
        self.error = ""

    def open_form(self) -> None:
        page = self.opener.open(self.url, timeout=60).read().decode()
        self.token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        csrf = next(c.value for c in self.cookies if c.name == "csrftoken")
        self.opener.addheaders = [("Cookie", f"sessionid={self.person['session']}; csrftoken={csrf}")]

    def register(self) -> None:
        data = urllib.parse.urlencode(
            {
                "csrfmiddlewaretoken": self.token,
                "school": self.person["school"],
                "role_in_school": "Class teacher",
                "headteacher_name": "Pat Head",
                "headteacher_email": f"head{self.person['n']}@school.example",
            }
        ).encode()
        request = urllib.request.Request(self.url, data=data, headers={"Referer": self.url})
        try:
            self.status = self.opener.open(request, timeout=60).status
        except urllib.error.HTTPError as error:
            self.status, self.error = error.code, error.read().decode(errors="replace")[:2000]


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def test_sqlite_portal_takes_ten_concurrent_registrations_over_http(tmp_path):
    env = _environment(tmp_path)
    _manage(env, "migrate", "--noinput", "-v0")
    seeded = subprocess.run(
        [
            sys.executable,
            "-c",
            f"import django; django.setup(); from workgroups.tests.sqlite_portal import seed; seed({TEACHERS})",
        ],
        cwd=BASE_DIR,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    data = json.loads(seeded.stdout.strip().splitlines()[-1])
    port = _free_port()
    log = open(tmp_path / "server.log", "w")
    server = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
        cwd=BASE_DIR,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(f"{base}/work-groups/", timeout=5)
                break
            except (urllib.error.URLError, ConnectionError):
                assert time.monotonic() < deadline, (tmp_path / "server.log").read_text()
                time.sleep(0.2)
        teachers = [_Teacher(base, person, data["work_group"]) for person in data["teachers"]]
        for teacher in teachers:
            teacher.open_form()
        barrier = threading.Barrier(TEACHERS)

        def go(teacher):
            barrier.wait()
            teacher.register()

        threads = [threading.Thread(target=go, args=(t,)) for t in teachers]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()

    failures = [(t.status, t.error) for t in teachers if t.status != 302]
    assert failures == [], (tmp_path / "server.log").read_text()[-3000:]
    with sqlite3.connect(tmp_path / "portal.sqlite3") as db:
        statuses = dict(db.execute("SELECT status, COUNT(*) FROM workgroups_registration GROUP BY status").fetchall())
        journal = db.execute("PRAGMA journal_mode").fetchone()[0]
    assert statuses == {"applied": TEACHERS // 2, "waitlisted": TEACHERS // 2}
    assert journal == "wal"
