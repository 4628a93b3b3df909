"""``bench/RESULTS.md`` from the stages' figures: the machine, the targets met or missed, every page at both scales."""

import datetime
import os
import platform
import subprocess
from pathlib import Path

# (page key, milliseconds at scale 1.0) from the table; every other key page: under 100 ms.
PAGE_TARGETS = {
    "network_report_cold": 150,
    "network_report_current": 150,
    "hub_report": 150,
    "trend": 300,
    "find": 50,
}
OTHER_PAGE_TARGET = 100
GROWTH_TARGET = 1.5
SEED_TARGET_SECONDS = 120
RATIO_TARGET = 0.15
GIAS_TARGET_SECONDS = 4.0
REMINDER_TARGET_RATE = 400


def _cpu() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def _memory_gb() -> str:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                return f"{int(line.split()[1]) / 1024 / 1024:.1f} GB"
    except OSError:
        pass
    return "unknown"


def _commit(root: Path) -> str:
    try:
        return subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=root, capture_output=True, text=True, check=True
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def machine(root: Path, postgres_version: str) -> dict:
    import django  # noqa: PLC0415 - the orchestrator does not set Django up

    return {
        "cpu": _cpu(),
        "cores": os.cpu_count(),
        "memory": _memory_gb(),
        "python": platform.python_version(),
        "django": django.get_version(),
        "postgresql": postgres_version,
        "commit": _commit(root),
    }


def growth(small: dict, large: dict) -> list[dict]:
    """Per page: both scales' figures, the time's growth and whether the query count grew."""
    rows = []
    for key, big in large["pages"].items():
        little = small["pages"].get(key)
        if little is None:
            continue
        ratio = big["median_ms"] / little["median_ms"] if little["median_ms"] else 0.0
        rows.append(
            {
                "key": key,
                "label": big["label"],
                "small": little,
                "large": big,
                "growth": ratio,
                "queries_grew": big["queries"] > little["queries"],
                "target": PAGE_TARGETS.get(key, OTHER_PAGE_TARGET),
            }
        )
    return rows


def _mark(ok: bool) -> str:
    return "met" if ok else "**missed**"


def render(*, figures: dict) -> str:
    m, small, large = figures["machine"], figures["pages"][0.1], figures["pages"][1.0]
    serving, gias, reminders = figures.get("serving"), figures.get("gias"), figures.get("reminders")
    pages = growth(small, large)
    by_key = {row["key"]: row for row in pages}
    out = [
        "# Benchmark results (`make bench`)",
        "",
        f"Written by `make bench` on {figures['finished']:%Y-%m-%d %H:%M} UTC at commit `{m['commit']}`, "
        f"in {figures['seconds'] / 60:.1f} minutes.",
        "",
        f"- Machine: {m['cpu']}, {m['cores']} cores, {m['memory']}; Python {m['python']}, Django {m['django']}, "
        f"PostgreSQL {m['postgresql']}.",
        "- Load average (1 minute) at the start of each stage: "
        + ", ".join(f"{stage} {load:.2f}" for stage, load in figures["load"].items())
        + ". The machine may be shared: compare ratios, and read the load beside each figure.",
        f"- Networks: `seed_network --seed 1` at scales 0.1 and 1.0; scale 1.0 seeded in "
        f"{large['seed_seconds']:.0f} s ({_mark(large['seed_seconds'] < SEED_TARGET_SECONDS)}: under "
        f"{SEED_TARGET_SECONDS} s), then `VACUUM (ANALYZE)` ({large.get('vacuum_seconds', 0):.0f} s), as autovacuum "
        "would soon after a load, before any page is timed. "
        f"Scale 1.0: {large['sizes']['open_schools_served']:,} open schools served by the "
        f"hubs, {large['sizes']['registrations']:,} registrations, {large['sizes']['attendance_marks']:,} register "
        f"marks; {large['sizes']['work_groups_a_year']:,} Work Groups last year.",
        "",
        "## Targets",
        "",
        "| what | at scale 1.0 | target | |",
        "|---|---|---|---|",
    ]
    for key, target in PAGE_TARGETS.items():
        row = by_key.get(key)
        if row:
            ms = row["large"]["median_ms"]
            out.append(
                f"| {row['label']} | {ms:,.1f} ms median, p95 {row['large']['p95_ms']:,.1f} "
                f"({row['large']['queries']} queries) | < {target} ms | {_mark(ms < target)} |"
            )
    if serving:
        out.append(
            f"| find ÷ bare view under gunicorn -w 2 | {serving['find_rate']:,.0f} ÷ {serving['bare_rate']:,.0f} "
            f"req/s = {serving['ratio']:.3f} | ≥ {RATIO_TARGET} | {_mark(serving['ratio'] >= RATIO_TARGET)} |"
        )
    if gias:
        first = gias["first_run"]["seconds"]
        out.append(
            f"| GIAS import, {gias['rows']:,} rows, first run | {first:.2f} s (COPY of the same file "
            f"{gias['copy_seconds']:.2f} s) | < {GIAS_TARGET_SECONDS:.0f} s | {_mark(first < GIAS_TARGET_SECONDS)} |"
        )
    if reminders:
        out.append(
            f"| {reminders['sent']:,} reminders, one worker ({reminders['concurrency']} processes) | "
            f"{reminders['seconds']:.1f} s, {reminders['rate']:,.0f} e-mails/s | ≥ {REMINDER_TARGET_RATE} e-mails/s | "
            f"{_mark(reminders['rate'] >= REMINDER_TARGET_RATE)} |"
        )
    others = [row for row in pages if row["key"] not in PAGE_TARGETS]
    slow = [row["label"] for row in others if row["large"]["median_ms"] >= OTHER_PAGE_TARGET]
    out.append(
        f"| every other key page | {len(others) - len(slow)} of {len(others)} under {OTHER_PAGE_TARGET} ms | "
        f"< {OTHER_PAGE_TARGET} ms | {_mark(not slow)} |"
    )
    fast_growing = [row["label"] for row in pages if row["growth"] >= GROWTH_TARGET]
    out.append(
        f"| growth 0.1 → 1.0 (median time) | {len(pages) - len(fast_growing)} of {len(pages)} pages under "
        f"{GROWTH_TARGET}× | < {GROWTH_TARGET}× | {_mark(not fast_growing)} |"
    )
    grew = [row["label"] for row in pages if row["queries_grew"]]
    out.append(
        f"| query counts constant with scale | {len(pages) - len(grew)} of {len(pages)} | no page's count grows | "
        f"{_mark(not grew)} |"
    )
    out += [
        "",
        "## Key pages",
        "",
        "Server time through the whole Django stack (test client, one kept connection), "
        f"{figures['renders']} reads after one warm-up; cold: a new database connection and an empty cache each read.",
        "",
        "| page | 0.1 median | 0.1 p95 | 0.1 queries | 1.0 median | 1.0 p95 | 1.0 queries | growth | target |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for row in pages:
        s, b = row["small"], row["large"]
        queries = f"**{b['queries']}**" if row["queries_grew"] else str(b["queries"])
        out.append(
            f"| {row['label']} | {s['median_ms']:,.1f} ms | {s['p95_ms']:,.1f} | {s['queries']} | "
            f"{b['median_ms']:,.1f} ms | {b['p95_ms']:,.1f} | {queries} | {row['growth']:.2f}× | "
            f"{_mark(b['median_ms'] < row['target'])} < {row['target']} |"
        )
    if serving:
        out += [
            "",
            "## Under gunicorn",
            "",
            f"`gunicorn -w 2`, the benchmark's load tool (`benchmarks/load.py`, {serving['connections']} connections, "
            f"a new connection per request as gunicorn's sync workers close them), bare view and find page in turns, "
            f"{serving['seconds_each']:.0f} s each; the busiest teacher signed in. Bare view "
            f"{serving['bare_rate']:,.1f} req/s, find page {serving['find_rate']:,.1f} req/s, ratio "
            f"{serving['ratio']:.3f}; {serving['errors']} errors; load average "
            + " → ".join(f"{x:.2f}" for x in serving["load_average"])
            + ".",
        ]
    if gias:
        out += [
            "",
            "## GIAS import",
            "",
            f"An extract of {gias['rows']:,} rows × {gias['columns']} columns ({gias['megabytes']} MB, Windows-1252) "
            "from seed_network's register plan. "
            f"First run {gias['first_run']['seconds']:.2f} s, peak {gias['first_run']['peak_mb']} MB "
            f"({gias['first_run']['summary']}); re-run {gias['re_run']['seconds']:.2f} s "
            f"({gias['re_run']['summary']}); PostgreSQL COPY of the same file {gias['copy_seconds']:.2f} s "
            f"(import ÷ COPY {gias['first_run']['seconds'] / max(gias['copy_seconds'], 0.01):.1f}).",
        ]
    if reminders:
        out += [
            "",
            "## Reminders",
            "",
            f"{reminders['sessions']} sessions moved to tomorrow on the scale 1.0 network; one sweep inserted "
            f"{reminders['inserted']:,} rows in {reminders['sweep_seconds']:.1f} s; one worker "
            f"({reminders['concurrency']} pool processes) sent {reminders['sent']:,} ({reminders['received']:,} "
            f"received, {reminders['skipped']} skipped, {reminders['failed']} failed) in {reminders['seconds']:.1f} s: "
            f"{reminders['rate']:,.0f} e-mails/s. The worker's time, summed over its processes: database "
            f"{reminders['worker_seconds']['db']:.1f} s, rendering {reminders['worker_seconds']['render']:.1f} s, "
            f"SMTP {reminders['worker_seconds']['smtp']:.1f} s; load average "
            + " → ".join(f"{x:.2f}" for x in reminders["load_average"])
            + "."
            + _reminders_cpu(reminders.get("cpu_ms_per_email")),
        ]
    if grew:
        out += ["", "Query counts that grew with scale: " + "; ".join(grew) + "."]
    return "\n".join(out) + "\n"


def _reminders_cpu(cpu: dict | None) -> str:
    if not cpu:
        return ""
    return (
        f" CPU per e-mail (less moved by the machine's other work than the rate): worker {cpu['worker']:.2f} ms, "
        f"SMTP servers {cpu['smtp']:.2f} ms, the worker's PostgreSQL sessions {cpu['database']:.2f} ms, the sweep "
        f"and the benchmark's polling (with their PostgreSQL session) {cpu['sweep_and_polling']:.2f} ms."
    )


def now_utc() -> datetime.datetime:
    return datetime.datetime.now(datetime.UTC)
