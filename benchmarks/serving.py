"""The find page under gunicorn with two workers, against a bare view, driven by the same load tool in one run.

    DATABASE_URL=postgres://…/x_bench_1_0 python -m benchmarks.serving --out serving.json

Runs on a seeded database (``benchmarks.pages`` has seeded it). Starts ``gunicorn -w 2`` with the benchmark
settings (production's: DEBUG off, connections kept), signs the busiest teacher in (a session cookie, as a
browser sends), then alternates the bare view and the find page, ``--seconds`` each, twice: both rates are the
totals over their two turns, so a burst of load from elsewhere weighs on both.
"""

import argparse
import json
import os
import subprocess
import sys
import time
import urllib.request

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "benchmarks.settings")
django.setup()

from django.conf import settings  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from benchmarks.load import drive  # noqa: E402
from benchmarks.pages import cast, signed_in  # noqa: E402
from benchmarks.urls import BARE_PATH  # noqa: E402
from hubs_portal.testing.smtp import free_port  # noqa: E402

HOST = "127.0.0.1"


def wait_until_up(port: int, timeout: float = 60) -> None:
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline:
        try:
            with urllib.request.urlopen(f"http://{HOST}:{port}{BARE_PATH}", timeout=2) as answer:
                if answer.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise SystemExit("gunicorn did not answer within a minute")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=8.0, help="each turn of each page")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    people = cast(timezone.now())
    client = signed_in(people["teacher"])
    cookie = f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
    find = reverse("workgroups:find")
    port = free_port()
    server = subprocess.Popen(
        [
            sys.executable, "-m", "gunicorn", "benchmarks.wsgi", "--workers", "2", "--bind", f"{HOST}:{port}",
            "--log-level", "warning",
        ],
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "benchmarks.settings"},
    )  # fmt: skip
    try:
        wait_until_up(port)
        for path in (BARE_PATH, find):  # warm both workers: imports, templates, connections
            drive(host=HOST, port=port, path=path, seconds=1, connections=4, cookie=cookie)
        totals = {"bare": [0, 0, 0.0], "find": [0, 0, 0.0]}
        load = [os.getloadavg()[0]]
        for _ in range(2):
            for key, path in (("bare", BARE_PATH), ("find", find)):
                result = drive(
                    host=HOST, port=port, path=path, seconds=args.seconds, connections=args.connections, cookie=cookie
                )
                totals[key][0] += result.requests
                totals[key][1] += result.errors
                totals[key][2] += result.seconds
                print(f"  {key:<5} {result.rate:8.0f} req/s ({result.errors} errors)", flush=True)
            load.append(os.getloadavg()[0])
    finally:
        server.terminate()
        server.wait(20)
    rates = {key: requests / seconds for key, (requests, _, seconds) in totals.items()}
    results = {
        "workers": 2,
        "connections": args.connections,
        "seconds_each": args.seconds * 2,
        "bare_rate": round(rates["bare"], 1),
        "find_rate": round(rates["find"], 1),
        "errors": totals["bare"][1] + totals["find"][1],
        "ratio": round(rates["find"] / rates["bare"], 3) if rates["bare"] else 0.0,
        "load_average": [round(x, 2) for x in load],
    }
    with open(args.out, "w") as handle:
        json.dump(results, handle, indent=1)


if __name__ == "__main__":
    main()
