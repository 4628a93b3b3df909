"""Lighthouse's accessibility audit of the key pages, each as the role that uses it, on the seeded demo.

Issue 11 asks for an accessibility score of 100 on log in, find, My CPD, the register and the network report. This
script seeds the demo (``seed_demo``, safe to run again) into the database of ``DATABASE_URL``, starts the portal
on a free local port (``runserver --noreload``, local settings), logs each role in (a session cookie sent as an
extra header), and runs Lighthouse 12 (pinned in ``tools/lighthouse/package.json``, installed here with ``npm ci``
on first use, apart from the portal's own ``node_modules``) in Debian's Chromium, on a phone (Lighthouse's
default, 412 px) and on a desktop (1350 px). It prints each page's score and every audit that failed, and exits 1
if any score is under ``--min-score`` (100 by default).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/hubs_portal .venv/bin/python tools/lighthouse/run.py
    .venv/bin/python tools/lighthouse/run.py --keep-reports var/lighthouse   # keep each page's JSON report

It is a script, not a test: Lighthouse takes 5–15 s a page, and axe-core (which Lighthouse's accessibility audits
run) already checks every page in ``make test`` (``hubs_portal/tests/test_accessibility.py``).
"""

import argparse
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hubs_portal.settings.local")

LIGHTHOUSE = HERE / "node_modules" / ".bin" / "lighthouse"
CHROMIUM = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
FORM_FACTORS = {"phone": [], "desktop": ["--preset=desktop"]}


@dataclass(frozen=True)
class Page:
    name: str
    role: str | None  # the local part of a demo login, or None for no login
    path: str


def pages() -> list[Page]:
    """The five pages of issue 11's list, with the demo objects they need (looked up after seeding)."""
    # Django's modules are imported once django.setup() has run (in main), as in every function below.
    from django.urls import reverse

    from workgroups.models import Session

    held = (
        Session.objects.filter(work_group__code__endswith="MAT-02", work_group__status="running", number=1)
        .only("pk")
        .get()
    )
    return [
        Page("Log in", None, reverse("account_login")),
        Page("Find a Work Group", "teacher", reverse("workgroups:find")),
        Page("My CPD", "teacher", reverse("workgroups:my_cpd")),
        Page("Take the register", "wglead", reverse("workgroups:register", args=[held.pk])),
        Page("Network report", "ncetm", reverse("reports:network")),
    ]


def lighthouse_installed() -> None:
    if not LIGHTHOUSE.exists():
        subprocess.run(
            ["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"], cwd=HERE, check=True, stdout=sys.stderr
        )
    if not Path(CHROMIUM).exists():
        sys.exit(f"No Chromium at {CHROMIUM}: `make browser` installs Debian's (or set CHROME_PATH).")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def portal_started(port: int) -> subprocess.Popen:
    server = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1)
            return server
        except OSError:
            if server.poll() is not None:
                sys.exit("The portal did not start (run `manage.py runserver` to see why).")
            time.sleep(0.2)
    server.terminate()
    sys.exit("The portal did not answer /healthz within 20 s.")


def session_cookie(role: str | None) -> dict:
    """Extra headers that carry a logged-in session of the demo person ``role`` (none for None)."""
    if role is None:
        return {}
    from django.conf import settings
    from django.test import Client

    from accounts.models import User

    client = Client()
    client.force_login(User.objects.get(email=f"{role}@demo.mathshubs.test"))
    return {"Cookie": f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"}


def audit(url: str, headers: dict, form_factor: str, report: Path) -> dict:
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as extra:
        json.dump(headers, extra)
    try:
        subprocess.run(
            [
                str(LIGHTHOUSE),
                url,
                "--only-categories=accessibility",
                "--output=json",
                f"--output-path={report}",
                "--quiet",
                "--throttling-method=provided",
                f"--extra-headers={extra.name}",
                "--chrome-flags=--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage",
                *FORM_FACTORS[form_factor],
            ],
            check=True,
            env={**os.environ, "CHROME_PATH": CHROMIUM},
        )
    finally:
        os.unlink(extra.name)
    return json.loads(report.read_text())


def failures(result: dict) -> list[str]:
    """The accessibility audits that failed: id, title and the first elements named."""
    found = []
    for ref in result["categories"]["accessibility"]["auditRefs"]:
        item = result["audits"][ref["id"]]
        if ref["weight"] and item["score"] is not None and item["score"] < 1:
            nodes = [n.get("node", {}).get("snippet", "") for n in (item.get("details") or {}).get("items", [])][:3]
            found.append(f"{ref['id']}: {item['title']} {nodes}")
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--min-score", type=int, default=100, help="the lowest score that passes (0–100)")
    parser.add_argument("--keep-reports", type=Path, help="a folder to keep each page's Lighthouse JSON in")
    parser.add_argument("--no-seed", action="store_true", help="the database already holds the demo")
    parser.add_argument("--page", help="only the pages whose name contains this (e.g. 'Network report')")
    args = parser.parse_args()

    lighthouse_installed()
    import django  # here: the settings module is chosen above, and Lighthouse is installed first

    django.setup()
    from django.core.management import call_command

    if not args.no_seed:
        call_command("migrate", verbosity=0)
        call_command("seed_demo", stdout=open(os.devnull, "w"))
    port = free_port()
    server = portal_started(port)
    folder = args.keep_reports or Path(tempfile.mkdtemp(prefix="lighthouse-"))
    folder.mkdir(parents=True, exist_ok=True)
    below = 0
    try:
        for page in pages():
            if args.page and args.page.lower() not in page.name.lower():
                continue
            headers = session_cookie(page.role)
            for form_factor in FORM_FACTORS:
                report = folder / f"{page.path.strip('/').replace('/', '_') or 'home'}-{form_factor}.json"
                result = audit(f"http://127.0.0.1:{port}{page.path}", headers, form_factor, report)
                final = result.get("finalDisplayedUrl") or result.get("finalUrl")
                score = round(result["categories"]["accessibility"]["score"] * 100)
                who = page.role or "anonymous"
                print(f"{page.name:<20} as {who:<9} {form_factor:<8} {score:>3}   {page.path}")
                if not final.endswith(page.path):
                    print(f"    ended on {final}, not the page asked for")
                    below += 1
                for line in failures(result):
                    print(f"    {line}")
                below += score < args.min_score
    finally:
        server.terminate()
        server.wait(timeout=10)
        if not args.keep_reports:
            shutil.rmtree(folder, ignore_errors=True)
    return 1 if below else 0


if __name__ == "__main__":
    sys.exit(main())
