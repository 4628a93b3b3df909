"""Benchmark the GIAS import: a 50,000-row, 140-column Windows-1252 extract, first run and re-run.

Usage (PostgreSQL, from the repository root):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/hp3 .venv/bin/python benchmarks/gias_import.py [--rows 50000]

It works in its own database (the DATABASE_URL's name + "_bench", created and migrated if
needed), empties the schools register there, runs ``import_gias`` twice in child processes
(wall time and peak RSS of each), then times a plain ``COPY`` of the same file into a table of
text columns: the physical floor. Targets: < 20 s and < 300 MB for the first run.
"""

import argparse
import csv
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlparse, urlunparse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

READ_COLUMNS = [
    "URN",
    "LA (code)",
    "LA (name)",
    "EstablishmentNumber",
    "EstablishmentName",
    "TypeOfEstablishment (name)",
    "EstablishmentTypeGroup (name)",
    "EstablishmentStatus (name)",
    "OpenDate",
    "CloseDate",
    "PhaseOfEducation (name)",
    "StatutoryLowAge",
    "StatutoryHighAge",
    "NumberOfPupils",
    "PercentageFSM",
    "Trusts (code)",
    "Trusts (name)",
    "Street",
    "Locality",
    "Town",
    "Postcode",
    "OfstedRating (name)",
    "OfstedLastInsp",
    "GOR (name)",
    "SchoolWebsite",
    "TelephoneNum",
    "HeadFirstName",
    "HeadLastName",
]
WIDTH = 140
PHASES = ["Primary"] * 10 + ["Secondary"] * 3 + ["Not applicable"] * 3 + ["Nursery", "16 plus", "All-through"]
PHASES += ["Middle deemed primary", "Middle deemed secondary"]
STATUSES = ["Open"] * 6 + ["Closed"] * 3 + ["Open, but proposed to close", "Proposed to open"]
REGIONS = ["North East", "North West", "Yorkshire and the Humber", "East Midlands", "West Midlands"]
REGIONS += ["East of England", "London", "South East", "South West"]
WORDS = ["St Mary's", "Château", "Oakfield", "Église", "Hill", "Park", "Green", "Bridge", "Vale", "Abbey"]


def generate(path: Path, rows: int) -> None:
    """A GIAS-shaped extract: real column names first, filler columns to 140, accents, commas, blanks."""
    rng = random.Random(2025)
    header = READ_COLUMNS + [f"Extra{n:03d} (name)" for n in range(WIDTH - len(READ_COLUMNS))]
    las = [(str(200 + n), f"Local Authority {n}", REGIONS[n % len(REGIONS)]) for n in range(152)]
    with open(path, "w", encoding="cp1252", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\r\n")
        writer.writerow(header)
        for n in range(rows):
            la_code, la_name, region = las[n % len(las)]
            trust = rng.random() < 0.4
            trust_code = str(1000 + rng.randrange(2500)) if trust else ""
            record = [
                str(100000 + n),
                la_code,
                la_name,
                str(2000 + n % 8000),
                f"{rng.choice(WORDS)} {rng.choice(WORDS)} School, {la_name}",
                rng.choice(["Community school", "Academy converter", "Free schools", "Voluntary aided school"]),
                rng.choice(["Local authority maintained schools", "Academies", "Free Schools"]),
                rng.choice(STATUSES),
                f"{rng.randrange(1, 29):02d}-09-{rng.randrange(1950, 2024)}",
                "",
                rng.choice(PHASES),
                "4",
                "11",
                str(rng.randrange(20, 2000)) if rng.random() < 0.9 else "",
                f"{rng.uniform(0, 60):.1f}" if rng.random() < 0.85 else "",
                trust_code,
                f"Trust {trust_code} Learning Partnership" if trust else "",
                f"{rng.randrange(1, 200)} High Street",
                "",
                "Townsville",
                f"AB{rng.randrange(1, 99)} {rng.randrange(1, 9)}CD",
                rng.choice(["Good", "Outstanding", "Requires improvement", "", "Inadequate"]),
                "12-03-2019",
                region,
                "www.school.example",
                "01234567890",
                "Ann",
                "Head",
            ]
            record += [rng.choice(["", "Not applicable", "Does not apply", "12", "Yes"]) for _ in header[len(record) :]]
            writer.writerow(record)


def changed_copy(path: Path) -> Path:
    """The same extract a month later: every 10th school's pupil count changed, every 50th gone."""
    changed = path.with_name(path.stem + "-changed.csv")
    if changed.exists():
        return changed
    with open(path, encoding="cp1252", newline="") as source, open(changed, "w", encoding="cp1252", newline="") as out:
        reader, writer = csv.reader(source), csv.writer(out, lineterminator="\r\n")
        header = next(reader)
        writer.writerow(header)
        pupils = header.index("NumberOfPupils")
        for n, record in enumerate(reader):
            if n % 50 == 49:
                continue
            if n % 10 == 0:
                record[pupils] = str(int(record[pupils] or 0) + 1)
            writer.writerow(record)
    return changed


def bench_database_url() -> str:
    url = urlparse(os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/hubs_portal"))
    return urlunparse(url._replace(path=url.path + "_bench"))


def ensure_bench_database() -> str:
    """Create the benchmark database if needed and return its URL (migrations are the caller's job)."""
    import psycopg2

    url = bench_database_url()
    name = urlparse(url).path.lstrip("/")
    admin = psycopg2.connect(urlunparse(urlparse(url)._replace(path="/postgres")))
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if not cursor.fetchone():
            cursor.execute(f'CREATE DATABASE "{name}"')
    admin.close()
    return url


def child(path: str) -> None:
    """Run one import in this process and print its time and peak memory as JSON."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hubs_portal.settings.local")
    django.setup()
    from schools.services import schools_import_gias

    started = time.perf_counter()
    result = schools_import_gias(path=path)
    seconds = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"seconds": seconds, "peak_mb": peak_mb, "summary": result.summary()}))


def run_child(path: Path, env: dict) -> dict:
    out = subprocess.run(
        [sys.executable, __file__, "--child", str(path)], env=env, check=True, capture_output=True, text=True
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=50_000)
    parser.add_argument("--repeat", type=int, default=1, help="repeat the first-run/re-run pair N times")
    parser.add_argument("--child")
    args = parser.parse_args()
    if args.child:
        child(args.child)
        return

    import psycopg2

    path = ROOT / "var" / "bench" / f"gias-{args.rows}.csv"
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists():
        started = time.perf_counter()
        generate(path, args.rows)
        print(f"generated {path} ({path.stat().st_size / 1e6:.1f} MB) in {time.perf_counter() - started:.1f} s")

    url = ensure_bench_database()
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "hubs_portal.settings.local", "DEBUG": "0"}
    env.setdefault("SECRET_KEY", "benchmark-only")
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)

    connection = psycopg2.connect(url)
    connection.autocommit = True
    changed = changed_copy(path)
    firsts, reruns, updates = [], [], []
    for _ in range(args.repeat):
        with connection.cursor() as cursor:
            cursor.execute("TRUNCATE schools_school, schools_trust, schools_localauthority, schools_region CASCADE")
        firsts.append(run_child(path, env))
        reruns.append(run_child(path, env))
        updates.append(run_child(changed, env))
    for label, runs in (("first run", firsts), ("re-run", reruns), ("changed file", updates)):
        print(
            f"{label}: median {statistics.median(r['seconds'] for r in runs):.2f} s, "
            f"peak RSS {max(r['peak_mb'] for r in runs):.0f} MB — {runs[-1]['summary']}"
        )

    copies = []
    with connection.cursor() as cursor:
        with open(path, encoding="cp1252", newline="") as handle:
            header = next(csv.reader(handle))
        columns = ", ".join(f'"c{n}" text' for n in range(len(header)))
        for _ in range(3):
            cursor.execute("DROP TABLE IF EXISTS bench_copy")
            cursor.execute(f"CREATE UNLOGGED TABLE bench_copy ({columns})")
            started = time.perf_counter()
            with open(path, "rb") as handle:
                cursor.copy_expert(
                    "COPY bench_copy FROM STDIN WITH (FORMAT csv, HEADER true, ENCODING 'WIN1252')", handle
                )
            copies.append(time.perf_counter() - started)
        cursor.execute("DROP TABLE bench_copy")
    print(f"PostgreSQL COPY of the same file: median {statistics.median(copies):.2f} s")
    connection.close()


if __name__ == "__main__":
    main()
