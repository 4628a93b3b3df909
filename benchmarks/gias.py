"""The GIAS import of a 50,000-row extract, first run and re-run, beside a PostgreSQL ``COPY`` of the same file.

    DATABASE_URL=postgres://…/x_bench_gias python -m benchmarks.gias --out gias.json

Runs on an empty (migrated) database. The extract is the register ``seed_network`` plans (its local authorities,
trusts, open and closed schools, sized to ``--rows``), written as GIAS writes it: Windows-1252, 140 columns (the
ones the import reads, the rest filler), one row in a thousand malformed so the reject report is written too.
Each import runs in a child process (``--child``) for its own time and peak memory.
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

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "benchmarks.settings")
django.setup()

from django.db import connection  # noqa: E402

from hubs.models import Hub  # noqa: E402
from hubs.seeding import catalogue  # noqa: E402
from hubs.seeding.register import plan_register  # noqa: E402
from hubs.services import hubs_load_network  # noqa: E402
from schools.enums import EstablishmentStatus, Phase  # noqa: E402
from schools.models import Region  # noqa: E402

COLUMNS = [
    "URN", "LA (code)", "LA (name)", "EstablishmentNumber", "EstablishmentName", "TypeOfEstablishment (name)",
    "EstablishmentStatus (name)", "OpenDate", "CloseDate", "PhaseOfEducation (name)", "NumberOfPupils",
    "PercentageFSM", "Trusts (code)", "Trusts (name)", "Postcode", "OfstedRating (name)", "GOR (name)", "Town",
]  # fmt: skip
WIDTH = 140
GIAS_PHASE = {
    Phase.NURSERY: "Nursery",
    Phase.PRIMARY: "Primary",
    Phase.MIDDLE: "Middle deemed primary",
    Phase.SECONDARY: "Secondary",
    Phase.ALL_THROUGH: "All-through",
    Phase.SIXTEEN_PLUS: "16 plus",
    Phase.NOT_APPLICABLE: "Not applicable",
}
GIAS_STATUS = dict(EstablishmentStatus.choices)


def write_extract(path: Path, rows: int) -> int:
    """Write a GIAS-shaped extract of about ``rows`` rows from seed_network's register plan; returns its rows."""
    hubs_load_network()
    hubs = list(Hub.objects.order_by("name"))
    per_scale = catalogue.OPEN_SCHOOLS * (1 + catalogue.CLOSED_SHARE)
    register = plan_register(rng=random.Random(1), scale=rows / per_scale, hubs=hubs)
    regions = dict(Region.objects.values_list("pk", "name"))
    las = {la["id"]: (la["code"], la["name"], regions.get(la["region_id"], "")) for la in register.rows["la"]}
    trusts = {t["id"]: (t["code"], t["name"]) for t in register.rows["trust"]}
    filler = [f"Extra{n:03d} (name)" for n in range(WIDTH - len(COLUMNS))]
    rng = random.Random(2)
    written = 0
    with open(path, "w", encoding="cp1252", errors="replace", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\r\n")
        writer.writerow(COLUMNS + filler)
        for n, school in enumerate(register.rows["school"]):
            la_code, la_name, region = las[school["local_authority_id"]]
            trust_code, trust_name = trusts.get(school["trust_id"], ("", ""))
            fsm = school["percentage_fsm"]
            pupils = str(school["number_of_pupils"])
            if n % 1000 == 999:
                pupils = "about 300"  # malformed: the import rejects the row and reports why
            writer.writerow(
                [
                    school["urn"], la_code, la_name, 2000 + n % 8000, school["name"], school["type_name"],
                    GIAS_STATUS[school["status"]], f"01-09-{1950 + n % 70}", "" if school["status"] != "closed"
                    else "31-08-2019", GIAS_PHASE[school["phase"]], pupils, "" if fsm is None else f"{fsm:.1f}",
                    trust_code, trust_name, school["postcode"], school["ofsted_rating"], region, la_name,
                ]
                + [rng.choice(("", "Not applicable", "Does not apply", "12", "Yes")) for _ in filler]
            )  # fmt: skip
            written += 1
    return written


def child(path: str) -> None:
    """One import in this process: its time, peak memory and summary as JSON on the last line."""
    from schools.services import schools_import_gias  # noqa: PLC0415 - only the child imports

    started = time.perf_counter()
    result = schools_import_gias(path=path, actor="make bench")
    seconds = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"seconds": round(seconds, 2), "peak_mb": round(peak_mb), "summary": result.summary()}))


def run_child(path: Path) -> dict:
    out = subprocess.run(
        [sys.executable, "-m", "benchmarks.gias", "--child", str(path)], check=True, capture_output=True, text=True
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def copy_seconds(path: Path, runs: int = 3) -> float:
    """The physical floor: ``COPY`` of the same file into an unlogged table of text columns (median)."""
    times = []
    with connection.cursor() as cursor:
        columns = ", ".join(f'"c{n}" text' for n in range(WIDTH))
        for _ in range(runs):
            cursor.execute("DROP TABLE IF EXISTS bench_gias_copy")
            cursor.execute(f"CREATE UNLOGGED TABLE bench_gias_copy ({columns})")
            started = time.perf_counter()
            with open(path, "rb") as handle:
                cursor.cursor.copy_expert(
                    "COPY bench_gias_copy FROM STDIN WITH (FORMAT csv, HEADER true, ENCODING 'WIN1252')", handle
                )
            times.append(time.perf_counter() - started)
        cursor.execute("DROP TABLE bench_gias_copy")
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=50_000)
    parser.add_argument("--out")
    parser.add_argument("--child")
    args = parser.parse_args()
    if args.child:
        child(args.child)
        return
    path = Path(os.environ.get("PORTAL_VAR_DIR", "var")) / "bench" / f"gias-{args.rows}.csv"
    path.parent.mkdir(parents=True, exist_ok=True)
    rows = write_extract(path, args.rows)
    connection.close()
    first = run_child(path)
    print(f"  first run {first['seconds']:.2f} s, {first['peak_mb']} MB: {first['summary']}", flush=True)
    rerun = run_child(path)
    print(f"  re-run    {rerun['seconds']:.2f} s, {rerun['peak_mb']} MB: {rerun['summary']}", flush=True)
    copy = copy_seconds(path)
    print(f"  COPY of the same file {copy:.2f} s", flush=True)
    results = {
        "rows": rows,
        "columns": WIDTH,
        "megabytes": round(path.stat().st_size / 1e6, 1),
        "first_run": first,
        "re_run": rerun,
        "copy_seconds": round(copy, 2),
    }
    with open(args.out, "w") as handle:
        json.dump(results, handle, indent=1)


if __name__ == "__main__":
    main()
