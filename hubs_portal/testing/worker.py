"""A real Celery worker process for tests and benchmarks: started against the test database and Redis.

The worker reads its settings from the environment (``hubs_portal.settings.test`` with
``CELERY_TASK_ALWAYS_EAGER=0``), so what it runs is what production runs, over the real broker.
"""

import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from django.conf import settings
from django.db import connection

BASE_DIR = Path(__file__).resolve().parents[2]
BROKER_KEYS = ("celery", "unacked", "unacked_index", "unacked_mutex")


def current_database_url() -> str:
    """The URL of the database this process is using (pytest's ``test_<name>``), for the worker."""
    db = connection.settings_dict
    auth = db["USER"] or ""
    if db.get("PASSWORD"):
        auth += f":{db['PASSWORD']}"
    host = db["HOST"] or "127.0.0.1"
    port = db["PORT"] or 5432
    return f"postgres://{auth}@{host}:{port}/{db['NAME']}"


def purge_broker() -> None:
    """Forget tasks a previous (killed) worker left in this Redis database's queue."""
    import redis

    redis.Redis.from_url(settings.REDIS_URL).delete(*BROKER_KEYS)


class Worker:
    """``with Worker(env={...}) as worker: ... worker.kill(); worker.start()``. Always killed on exit."""

    def __init__(
        self,
        *,
        env: dict | None = None,
        concurrency: int = 2,
        pool: str = "prefork",
        beat: bool = False,
        var_dir: str | Path | None = None,
    ):
        self.extra_env = env or {}
        self.concurrency = concurrency
        self.pool = pool
        self.beat = beat
        self.process: subprocess.Popen | None = None
        # The worker's var/ (broker files, beat schedule, reject reports, private media): its own unless given.
        self.var_dir = str(var_dir or tempfile.mkdtemp(prefix="portal-worker-"))
        self.log_path = Path(self.var_dir) / "worker.log"
        self.starts = 0

    def environment(self) -> dict:
        env = dict(os.environ)
        env.update(
            DJANGO_SETTINGS_MODULE="hubs_portal.settings.test",
            CELERY_TASK_ALWAYS_EAGER="0",
            DATABASE_URL=current_database_url(),
            REDIS_URL=settings.REDIS_URL,
            PORTAL_VAR_DIR=self.var_dir,
            PYTHONUNBUFFERED="1",
        )
        env.update({k: str(v) for k, v in self.extra_env.items()})
        return env

    def start(self) -> "Worker":
        self.starts += 1
        command = [
            sys.executable, "-m", "celery", "-A", "hubs_portal", "worker",
            "--loglevel=INFO", f"--concurrency={self.concurrency}", f"--pool={self.pool}",
            f"--hostname=test-{os.getpid()}-{self.starts}@%h",
            "--without-gossip", "--without-mingle", "--without-heartbeat",
        ]  # fmt: skip
        if self.beat:
            command += ["--beat", f"--schedule={self.var_dir}/beat-schedule"]
        log = open(self.log_path, "ab")  # noqa: SIM115 - the child process writes to it
        # A session of its own: kill() reaches the main process and its pool children at once.
        self.process = subprocess.Popen(
            command, cwd=BASE_DIR, env=self.environment(), stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
        log.close()
        return self

    def kill(self, sig=signal.SIGKILL) -> None:
        if self.process and self.process.poll() is None:
            try:
                os.killpg(self.process.pid, sig)
            except ProcessLookupError:
                pass
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)
        self.process = None
        _wait_for_database_sessions_to_end()

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.kill()


def _wait_for_database_sessions_to_end(timeout: float = 10) -> None:
    """A killed worker's PostgreSQL sessions end a moment after it; the test database is dropped after the run."""
    deadline = time.monotonic() + timeout
    with connection.cursor() as cursor:
        while time.monotonic() < deadline:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
                " AND application_name NOT LIKE 'pg_%%'"
            )
            if cursor.fetchone()[0] == 0:
                return
            time.sleep(0.1)


def wait_for(condition, *, timeout: float, interval: float = 0.1, message: str = "condition", worker=None):
    """Poll ``condition`` until it is truthy; fail after ``timeout`` seconds (tests never hang).

    With ``worker``, the failure shows the end of its log.
    """
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(interval)
    tail = f"\n--- worker log ---\n{worker.log()[-4000:]}" if worker else ""
    raise AssertionError(f"timed out after {timeout}s waiting for {message}{tail}")
