"""Reminders at once: ``--count`` session reminders delivered by one Celery worker to a local SMTP server.

    DATABASE_URL=postgres://…/x_bench_1_0 REDIS_URL=redis://…/5 python -m benchmarks.reminders --out reminders.json

Runs on the seeded network at scale 1.0 (``benchmarks.pages`` has seeded it; this stage changes it, so it runs
last). What the seeded network has due already is swept first and set aside (skipped, not measured). Then the
next session of current-year Work Groups, one group after another until their participants and leads make
``--count`` recipients, is moved to tomorrow; one sweep adds the rows and queues them, and one worker (the
production settings, ``--concurrency`` pool processes) delivers them to aiosmtpd servers on one port. The rate
is e-mails sent over the time from the sweep's start to the last one marked sent.
"""

import argparse
import datetime
import json
import os
import re
import tempfile
import time
from pathlib import Path

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "benchmarks.settings")
django.setup()

from django.db import connection  # noqa: E402
from django.db.models import Count, Q  # noqa: E402
from django.utils import timezone  # noqa: E402

from benchmarks.smtp_sink import SmtpServers  # noqa: E402
from hubs_portal.testing.worker import Worker, purge_broker  # noqa: E402
from notifications.enums import OutboxStatus  # noqa: E402
from notifications.models import OutboxMessage  # noqa: E402
from notifications.sweep import outbox_sweep  # noqa: E402
from workgroups.enums import ACTIVE_WORKGROUP_STATUSES, PARTICIPANT_STATUSES, SessionStatus  # noqa: E402
from workgroups.models import AcademicYear, Session, WorkGroup  # noqa: E402


def set_aside_what_is_due() -> int:
    """Sweep what the seeded network owes today and mark it skipped: the measurement is of the moved sessions."""
    outbox_sweep()
    purge_broker()
    return OutboxMessage.objects.filter(status=OutboxStatus.QUEUED).update(status=OutboxStatus.SKIPPED)


def move_sessions_to_tomorrow(count: int, now) -> tuple[int, int]:
    """Move the next session of Work Groups (in id order) to tomorrow until ``count`` people are owed a reminder."""
    year = AcademicYear.objects.get(start_year=AcademicYear.start_year_for(timezone.localtime(now).date()))
    groups = (
        WorkGroup.objects.filter(academic_year=year, status__in=ACTIVE_WORKGROUP_STATUSES)
        .annotate(
            people=Count("registrations", filter=Q(registrations__status__in=PARTICIPANT_STATUSES), distinct=True)
            + Count("leads", distinct=True)
        )
        .order_by("pk")
    )
    tomorrow = now + datetime.timedelta(hours=20)
    people = sessions = 0
    for group in groups.iterator():
        session = (
            Session.objects.filter(work_group=group, starts_at__gt=tomorrow, status=SessionStatus.SCHEDULED)
            .order_by("starts_at")
            .first()
        )
        if session is None or not group.people:
            continue
        length = session.ends_at - session.starts_at
        Session.objects.filter(pk=session.pk).update(starts_at=tomorrow, ends_at=tomorrow + length)
        people += group.people
        sessions += 1
        if people >= count:
            break
    return sessions, people


def _cpu_seconds(pid: int) -> float | None:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (FileNotFoundError, ProcessLookupError, IndexError):
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _process_tree(pid: int) -> list[int]:
    pids, todo = [], [pid]
    while todo:
        current = todo.pop()
        pids.append(current)
        for task in Path(f"/proc/{current}/task").glob("*/children"):
            todo += [int(child) for child in task.read_text().split()]
    return pids


class CpuMeter:
    """CPU seconds used by each part (the worker's processes, the SMTP servers, the worker's PostgreSQL
    sessions, and this process with its own session) between ``start`` and the last ``sample``: a figure the other work on a shared machine moves less
    than it moves the rate. PostgreSQL sessions come and go (connections are recycled), so each is sampled as
    the run goes and counted from when it was first seen."""

    def __init__(self, *, worker_pid: int, smtp_pids: list[int]):
        self.worker_pid, self.smtp_pids = worker_pid, smtp_pids
        self.first: dict[tuple[str, int], float] = {}
        self.last: dict[tuple[str, int], float] = {}

    def _pids(self) -> list[tuple[str, int]]:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pid, pid = pg_backend_pid() FROM pg_stat_activity WHERE datname = current_database()"
            )
            # This process's own session runs the sweep's inserts and the polling below: counted with them.
            database = [("own" if own else "database", pid) for pid, own in cursor.fetchall()]
        return [
            *(("worker", pid) for pid in _process_tree(self.worker_pid)),
            *(("smtp", pid) for pid in self.smtp_pids),
            *database,
        ]

    def start(self) -> None:
        self.sample()
        self.first = dict(self.last)
        self.own = os.times()

    def sample(self) -> None:
        for key in self._pids():
            seconds = _cpu_seconds(key[1])
            if seconds is not None:
                self.last[key] = seconds

    def per_email(self, sent: int) -> dict:
        totals = {"worker": 0.0, "smtp": 0.0, "database": 0.0, "own": 0.0}
        for key, seconds in self.last.items():
            totals[key[0]] += seconds - self.first.get(key, 0.0)
        now = os.times()
        totals["sweep_and_polling"] = totals.pop("own") + (now.user + now.system) - (self.own.user + self.own.system)
        return {part: round(1000 * seconds / max(sent, 1), 3) for part, seconds in totals.items()}


def worker_split(log: str) -> dict:
    """The worker's time per batch summed from its log: database, rendering, SMTP (seconds, all pool processes)."""
    split = {"db": 0.0, "render": 0.0, "smtp": 0.0}
    for match in re.finditer(r"db ([\d.]+)s render ([\d.]+)s smtp ([\d.]+)s", log):
        for key, value in zip(split, match.groups(), strict=True):
            split[key] += float(value)
    return {key: round(value, 1) for key, value in split.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=20_000)
    parser.add_argument("--concurrency", type=int, default=2, help="the worker's pool processes (the two cores)")
    parser.add_argument("--timeout", type=float, default=300)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    now = timezone.now()
    set_aside = set_aside_what_is_due()
    sessions, people = move_sessions_to_tomorrow(args.count, now)
    print(f"  {sessions} sessions moved to tomorrow, {people} people to remind ({set_aside} set aside)", flush=True)
    with SmtpServers(2, Path(tempfile.mkdtemp(prefix="bench-smtp-"))) as sink:
        worker = Worker(
            env={
                "DJANGO_SETTINGS_MODULE": "benchmarks.settings",
                "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
                "EMAIL_HOST": "127.0.0.1",
                "EMAIL_PORT": sink.port,
            },
            concurrency=args.concurrency,
        )
        try:
            worker.start()
            time.sleep(5)  # the worker's boot is not delivery
            load = [os.getloadavg()[0]]
            before = OutboxMessage.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
            cpu = CpuMeter(worker_pid=worker.process.pid, smtp_pids=[p.pid for p in sink.processes])
            cpu.start()
            started = time.perf_counter()
            report = outbox_sweep()
            swept = time.perf_counter() - started
            deadline = started + args.timeout
            last_sent, sent = started, 0
            while time.perf_counter() < deadline:
                counts = dict(
                    OutboxMessage.objects.filter(pk__gt=before)
                    .values_list("status")
                    .annotate(n=Count("pk"))
                    .values_list("status", "n")
                )
                if counts.get(OutboxStatus.SENT, 0) > sent:
                    sent, last_sent = counts[OutboxStatus.SENT], time.perf_counter()
                cpu.sample()
                if not counts.get(OutboxStatus.QUEUED):
                    break
                time.sleep(0.25)
            load.append(os.getloadavg()[0])
        finally:
            log = worker.log()
            worker.kill()
        received = len(sink.message_ids())
    elapsed = last_sent - started
    results = {
        "sessions": sessions,
        "inserted": report.inserted,
        "sent": sent,
        "received": received,
        "skipped": counts.get(OutboxStatus.SKIPPED, 0),
        "failed": counts.get(OutboxStatus.FAILED, 0),
        "left_queued": counts.get(OutboxStatus.QUEUED, 0),
        "sweep_seconds": round(swept, 2),
        "seconds": round(elapsed, 1),
        "rate": round(sent / elapsed, 1) if elapsed > 0 else 0.0,
        "concurrency": args.concurrency,
        "worker_seconds": worker_split(log),
        "cpu_ms_per_email": cpu.per_email(sent),
        "load_average": [round(x, 2) for x in load],
    }
    print(f"  {sent} sent in {elapsed:.1f} s: {results['rate']:.0f} e-mails/s", flush=True)
    with open(args.out, "w") as handle:
        json.dump(results, handle, indent=1)


if __name__ == "__main__":
    main()
