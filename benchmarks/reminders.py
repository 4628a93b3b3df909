"""Benchmark: 20,000 reminders due at once, delivered by one Celery worker to a local SMTP server.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/hp5_bench REDIS_URL=redis://127.0.0.1:6379/5 \\
        .venv/bin/python benchmarks/reminders.py [--count 20000] [--concurrency 2] [--pool prefork] [--batch 100]

Creates (or reuses) the database, fills it with one hub, Work Groups with a session tomorrow and
approved participants (so ``count`` 1-day reminders are due), runs the sweep in this process,
starts a real worker (``celery -A hubs_portal worker``) on the Redis broker and an aiosmtpd
server, and times until every reminder is marked sent and has arrived. Then it reads the
worker's per-batch timings (database, rendering, SMTP) from its log.
"""

import argparse
import os
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ["DJANGO_SETTINGS_MODULE"] = "hubs_portal.settings.test"
os.environ["CELERY_TASK_ALWAYS_EAGER"] = "0"
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/hp5_bench")
os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/5")

PER_GROUP = 200
TICKS = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid: int) -> float:
    """User + system CPU of a process and its live children (the worker's pool), from /proc."""
    total = 0.0
    pids = [pid]
    try:
        for task in Path(f"/proc/{pid}/task").iterdir():
            pids += [int(c) for c in (task / "children").read_text().split()]
    except OSError:
        pass
    for p in pids:
        try:
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / TICKS
    return total


def _smtp_server_process(port: int, out_path: str, ready) -> None:
    """One aiosmtpd server process sharing ``port`` with its siblings (SO_REUSEPORT); logs Message-IDs."""
    import asyncio
    import email.parser
    import logging

    from aiosmtpd.smtp import SMTP

    logging.getLogger("mail.log").setLevel(logging.WARNING)
    out = open(out_path, "a", buffering=1)  # noqa: SIM115 - open for the process's life
    parser = email.parser.BytesHeaderParser()

    class Handler:
        async def handle_DATA(self, server, session, envelope):
            out.write(f"{parser.parsebytes(envelope.content)['Message-ID']}\n")
            return "250 2.0.0 OK"

    loop = asyncio.new_event_loop()
    server = loop.run_until_complete(
        loop.create_server(lambda: SMTP(Handler()), host="127.0.0.1", port=port, reuse_port=True)
    )
    ready.set()
    try:
        loop.run_forever()
    finally:
        server.close()


class SmtpServers:
    """``processes`` aiosmtpd servers on one port, so the SMTP side is not one busy thread."""

    def __init__(self, processes: int, directory: Path):
        import multiprocessing

        from hubs_portal.testing.smtp import free_port

        self.port = free_port()
        self.paths = [directory / f"smtp-{n}.log" for n in range(processes)]
        for path in self.paths:
            path.write_text("")
        context = multiprocessing.get_context("spawn")
        self.events = [context.Event() for _ in self.paths]
        self.processes = [
            context.Process(target=_smtp_server_process, args=(self.port, str(path), event), daemon=True)
            for path, event in zip(self.paths, self.events, strict=True)
        ]

    def __enter__(self):
        for process, event in zip(self.processes, self.events, strict=True):
            process.start()
            event.wait(10)
        return self

    def __exit__(self, *exc):
        for process in self.processes:
            process.kill()
            process.join(5)

    def message_ids(self) -> list[str]:
        return [line for path in self.paths for line in path.read_text().splitlines() if line]

    def cpu_seconds(self) -> float:
        return sum(cpu_seconds(p.pid) for p in self.processes)


def own_cpu() -> float:
    times = os.times()
    return times.user + times.system


def ensure_database() -> None:
    import environ
    import psycopg2

    config = environ.Env.db_url_config(os.environ["DATABASE_URL"])
    admin = psycopg2.connect(
        dbname="postgres", user=config["USER"], host=config["HOST"], port=config["PORT"] or 5432,
        password=config["PASSWORD"] or None,
    )  # fmt: skip
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [config["NAME"]])
        if not cursor.fetchone():
            cursor.execute(f'CREATE DATABASE "{config["NAME"]}"')
    admin.close()


def seed(count: int) -> None:
    import datetime

    from django.db import transaction
    from django.utils import timezone

    from accounts.models import User
    from hubs.models import Hub
    from notifications.models import OutboxMessage
    from schools.models import LocalAuthority, Region, School
    from workgroups.enums import RegistrationStatus, WorkGroupStatus
    from workgroups.models import NationalProject, Registration, Session, WorkGroup
    from workgroups.tests.factories import NationalProjectFactory

    with transaction.atomic():
        OutboxMessage.objects.all().delete()
        Registration.objects.filter(work_group__hub__slug="bench-reminders").delete()
        Session.objects.filter(work_group__hub__slug="bench-reminders").delete()
        WorkGroup.objects.filter(hub__slug="bench-reminders").delete()
        User.objects.filter(email__endswith="@bench.example").delete()
        region, _ = Region.objects.get_or_create(slug="bench", defaults={"name": "Bench"})
        hub, _ = Hub.objects.get_or_create(slug="bench-reminders", defaults={"name": "Bench", "region": region})
        la, _ = LocalAuthority.objects.get_or_create(code="999", defaults={"name": "Bench LA", "region": region})
        school, _ = School.objects.get_or_create(
            urn=999999, defaults={"name": "Bench School", "phase": "primary", "local_authority": la}
        )
        project = NationalProject.objects.filter(code="NCP24-99").first() or NationalProjectFactory(code="NCP24-99")
        users = User.objects.bulk_create(
            [User(email=f"t{n}@bench.example", full_name=f"Teacher {n}", password="!") for n in range(count)],
            batch_size=2000,
        )
        starts = timezone.now() + datetime.timedelta(hours=20)
        groups = (count + PER_GROUP - 1) // PER_GROUP
        registrations = []
        for g in range(groups):
            work_group = WorkGroup.objects.create(
                hub=hub, project=project, academic_year=project.academic_year, code=f"BENCH-{g:04d}",
                title=f"Bench Work Group {g}", phase="primary", status=WorkGroupStatus.RUNNING,
                venue="Bench Hall, Room 1",
            )  # fmt: skip
            Session.objects.create(
                work_group=work_group, number=1, starts_at=starts, ends_at=starts + datetime.timedelta(hours=2),
                venue="Bench Hall", task="Bring two pieces of student work.",
            )  # fmt: skip
            for user in users[g * PER_GROUP : (g + 1) * PER_GROUP]:
                registrations.append(
                    Registration(
                        work_group=work_group,
                        academic_year_id=work_group.academic_year_id,
                        teacher=user,
                        school=school,
                        role_in_school="Teacher",
                        status=RegistrationStatus.APPROVED,
                        headteacher_name="Head",
                        headteacher_email="h@x.example",
                    )  # fmt: skip
                )
        Registration.objects.bulk_create(registrations, batch_size=2000)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=20_000)
    parser.add_argument("--concurrency", type=int, default=2)
    parser.add_argument("--pool", default="prefork")
    parser.add_argument("--batch", type=int, default=100)
    parser.add_argument("--timeout", type=float, default=300)
    parser.add_argument("--smtp-processes", type=int, default=2, help="aiosmtpd server processes on one port")
    args = parser.parse_args()
    os.environ["OUTBOX_BATCH_SIZE"] = str(args.batch)

    ensure_database()
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)

    from hubs_portal.testing.worker import Worker, purge_broker
    from notifications.enums import OutboxStatus
    from notifications.models import OutboxMessage
    from notifications.sweep import outbox_sweep

    t = time.perf_counter()
    seed(args.count)
    print(f"seeded {args.count} participants in {time.perf_counter() - t:.1f}s")
    purge_broker()

    import tempfile

    with SmtpServers(args.smtp_processes, Path(tempfile.mkdtemp(prefix="bench-smtp-"))) as sink:
        env = {
            "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": sink.port,
            "OUTBOX_BATCH_SIZE": args.batch,
        }
        worker = Worker(env=env, concurrency=args.concurrency, pool=args.pool)
        try:
            worker.start()
            time.sleep(4)  # let the worker boot: the figure is delivery, not Django's start-up
            worker_cpu0, own_cpu0, load0 = cpu_seconds(worker.process.pid), own_cpu(), os.getloadavg()[0]
            smtp_cpu0 = sink.cpu_seconds()
            t0 = time.perf_counter()
            report = outbox_sweep()
            t_sweep = time.perf_counter() - t0
            print(
                f"sweep: {report.inserted} rows inserted, {report.dispatched} queued in {report.tasks} tasks, {t_sweep:.2f}s"
            )
            deadline = t0 + args.timeout
            while time.perf_counter() < deadline:
                sent = OutboxMessage.objects.filter(status=OutboxStatus.SENT).count()
                if sent >= args.count and len(sink.message_ids()) >= args.count:
                    break
                time.sleep(0.5)
            elapsed = time.perf_counter() - t0
            worker_cpu = cpu_seconds(worker.process.pid) - worker_cpu0
            own = own_cpu() - own_cpu0
            smtp_cpu = sink.cpu_seconds() - smtp_cpu0
            log = worker.log()
        finally:
            worker.kill()

    sent = OutboxMessage.objects.filter(status=OutboxStatus.SENT).count()
    ids = sink.message_ids()
    print(f"sent {sent}, received {len(ids)}, distinct Message-IDs {len(set(ids))}")
    print(f"total {elapsed:.1f}s (sweep {t_sweep:.1f}s) -> {sent / elapsed:.0f} e-mails/s")
    pattern = re.compile(r"(\d+) sent.*db ([\d.]+)s render ([\d.]+)s smtp ([\d.]+)s")
    totals = [0, 0.0, 0.0, 0.0]
    for match in pattern.finditer(log):
        totals[0] += int(match.group(1))
        for i in range(1, 4):
            totals[i] += float(match.group(i + 1))
    busy = sum(totals[1:]) or 1
    print(
        f"worker time summed over {args.concurrency} processes: db {totals[1]:.1f}s ({totals[1] / busy:.0%}), "
        f"render {totals[2]:.1f}s ({totals[2] / busy:.0%}), smtp {totals[3]:.1f}s ({totals[3] / busy:.0%}); "
        f"per e-mail {1000 * busy / max(totals[0], 1):.2f} ms of worker time"
    )
    per = max(sent, 1)
    print(
        f"CPU: worker {worker_cpu:.1f}s ({1000 * worker_cpu / per:.2f} ms/e-mail), SMTP servers {smtp_cpu:.1f}s "
        f"({1000 * smtp_cpu / per:.2f} ms/e-mail), this process (sweep, polling) {own:.1f}s; "
        f"load average {load0:.1f} at the start, "
        f"{os.getloadavg()[0]:.1f} at the end (2 cores shared with other work)"
    )
    if sent < args.count:
        print(log[-3000:])
        sys.exit(1)


if __name__ == "__main__":
    main()
