"""``python -m benchmarks`` (``make bench``): every stage in order, then ``bench/RESULTS.md``.

Needs PostgreSQL (``DATABASE_URL``; the benchmark's databases are ``<its name>_template``, ``_0_1``, ``_1_0`` and
``_gias`` beside it, dropped at the end unless ``--keep``) and Redis (``REDIS_URL``: the reminders' broker).
Starts what else it needs itself: gunicorn, a Celery worker, SMTP servers. Exits 1 if any key page's query
count grows from scale 0.1 to 1.0 (or a stage fails).
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks import databases, results

ROOT = Path(__file__).resolve().parent.parent
SCALES = (0.1, 1.0)


def suffix(scale: float) -> str:
    return f"{scale:.1f}".replace(".", "_")


def check_services() -> str:
    """PostgreSQL's version, or exit saying what is missing."""
    import psycopg2  # noqa: PLC0415 - the orchestrator sets no Django up
    import redis  # noqa: PLC0415

    try:
        connection = psycopg2.connect(databases.base_url().rsplit("/", 1)[0] + "/postgres")
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            version = cursor.fetchone()[0]
        connection.close()
    except psycopg2.Error as error:
        sys.exit(f"make bench needs PostgreSQL at {databases.base_url()}: {error}")
    url = os.environ.get("REDIS_URL", "")
    if not url:
        sys.exit("make bench needs Redis: set REDIS_URL (make bench defaults it to redis://127.0.0.1:6379/15).")
    try:
        redis.Redis.from_url(url).ping()
    except redis.RedisError as error:
        sys.exit(f"make bench needs Redis at {url}: {error}")
    return version


def stage(name: str, url: str, out: Path, *args: str) -> dict:
    print(f"\n{name} ({databases.name_of(url)})", flush=True)
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", f"benchmarks.{name}", "--out", str(out), *args],
        cwd=ROOT,
        env=databases.environment(url),
        check=True,
    )
    print(f"  ({time.perf_counter() - started:.0f} s)", flush=True)
    return json.loads(out.read_text())


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__.splitlines()[0])
    parser.add_argument("--renders", type=int, default=20, help="reads of each page after the warm-up")
    parser.add_argument("--output", default=str(ROOT / "bench" / "RESULTS.md"))
    parser.add_argument("--keep", action="store_true", help="keep the benchmark databases afterwards")
    parser.add_argument("--skip", action="append", default=[], choices=["serving", "gias", "reminders"])
    args = parser.parse_args()
    started = time.perf_counter()
    postgres = check_services()
    work = Path(tempfile.mkdtemp(prefix="portal-bench-"))
    figures: dict = {"pages": {}, "load": {}, "renders": args.renders}
    print("Migrating the benchmark's template database…", flush=True)
    template = databases.migrated_template()
    urls = {scale: databases.url_for(suffix(scale)) for scale in SCALES}
    gias_url = databases.url_for("gias")
    try:
        for scale, url in urls.items():
            databases.recreate(url, template=template)
            figures["load"][f"pages {scale}"] = os.getloadavg()[0]
            figures["pages"][scale] = stage(
                "pages",
                url,
                work / f"pages-{suffix(scale)}.json",
                "--scale",
                str(scale),
                "--renders",
                str(args.renders),
            )
        if "serving" not in args.skip:
            figures["load"]["gunicorn"] = os.getloadavg()[0]
            figures["serving"] = stage("serving", urls[1.0], work / "serving.json")
        if "gias" not in args.skip:
            databases.recreate(gias_url, template=template)
            figures["load"]["GIAS"] = os.getloadavg()[0]
            figures["gias"] = stage("gias", gias_url, work / "gias.json")
        if "reminders" not in args.skip:  # last: it changes the scale 1.0 network
            figures["load"]["reminders"] = os.getloadavg()[0]
            figures["reminders"] = stage("reminders", urls[1.0], work / "reminders.json")
    finally:
        if not args.keep:
            for url in (*urls.values(), gias_url, databases.url_for("template")):
                databases.drop(url)
    figures["machine"] = results.machine(ROOT, postgres)
    figures["finished"] = results.now_utc()
    figures["seconds"] = time.perf_counter() - started
    output = Path(args.output)
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(results.render(figures=figures))
    print(f"\nWrote {output} ({figures['seconds'] / 60:.1f} minutes).")
    grew = [row["label"] for row in results.growth(figures["pages"][0.1], figures["pages"][1.0]) if row["queries_grew"]]
    if grew:
        print("Query counts grew with scale: " + "; ".join(grew), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
