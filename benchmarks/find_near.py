"""Find near me at a network year's scale: the find page as a teacher with a school, nearest first.

``measure(teacher=, renders=)`` is called by the page benchmark (``benchmarks.pages``) with its seeded network and
its teacher; it reads, as that teacher, the page's default view (their school's phase and hub, nearest first, online
groups apart), the same with "within 20 km", and every hub and phase, and returns the figures of the slowest of the
three as the page's, with all three beside them. Alone, on a database seeded by ``seed_network``:

    DATABASE_URL=postgres://…/x_bench python -m benchmarks.find_near --renders 20

(Django settings: ``DJANGO_SETTINGS_MODULE``, default ``hubs_portal.settings.test``.) The target (issue #15) is
under 50 ms at a network year's scale (``seed_network --scale 1.0``).
"""

import argparse
import os
import statistics
import sys
import time

TARGET_MS = 50


def _read(client, url: str) -> tuple[float, int]:
    from django.db import connection  # noqa: PLC0415 - Django is set up by the caller or main()
    from django.test.utils import CaptureQueriesContext  # noqa: PLC0415

    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        response = client.get(url)
        response.content  # noqa: B018 - the body is part of the answer
        elapsed = (time.perf_counter() - started) * 1000
    if response.status_code != 200:
        raise SystemExit(f"{url} answered {response.status_code}")
    return elapsed, len(queries)


def _figures(client, url: str, renders: int) -> dict:
    _read(client, url)  # warm: templates compiled, connection open
    times, queries = [], 0
    for _ in range(renders):
        elapsed, queries = _read(client, url)
        times.append(elapsed)
    ordered = sorted(times)
    return {
        "url": url,
        "median_ms": round(statistics.median(times), 1),
        "p95_ms": round(ordered[max(0, round(0.95 * len(ordered)) - 1)], 1),
        "queries": queries,
    }


def measure(*, teacher, renders: int = 20) -> dict:
    """The find page as ``teacher`` (whose school should have a grid reference): median and p95 milliseconds and
    queries of its slowest variant, with ``variants`` (default view, within 20 km, every hub and phase)."""
    from django.test import Client  # noqa: PLC0415
    from django.urls import reverse  # noqa: PLC0415

    client = Client()
    client.force_login(teacher)
    base = reverse("workgroups:find")
    variants = {
        "default": base,
        "within_20_km": f"{base}?within=20&phase={teacher.school.phase if teacher.school_id else ''}",
        "every_hub_and_phase": f"{base}?hub=&phase=",
    }
    figures = {name: _figures(client, url, renders) for name, url in variants.items()}
    slowest = max(figures.values(), key=lambda f: f["median_ms"])
    school = teacher.school
    return {
        "label": "Find near me (teacher with a school, nearest first)",
        **slowest,
        "target_ms": TARGET_MS,
        "school_has_grid_reference": bool(school and school.easting is not None and school.northing is not None),
        "variants": figures,
    }


def _teacher():
    """A teacher whose school has a grid reference, with the most registrations (as benchmarks.pages picks)."""
    from django.db.models import Count  # noqa: PLC0415

    from accounts.models import User  # noqa: PLC0415

    return (
        User.objects.filter(school__easting__isnull=False, school__northing__isnull=False)
        .annotate(n=Count("registrations"))
        .order_by("-n", "pk")
        .first()
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--renders", type=int, default=20)
    args = parser.parse_args()
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hubs_portal.settings.test")
    import django  # noqa: PLC0415

    django.setup()
    from django.test.utils import setup_test_environment  # noqa: PLC0415

    setup_test_environment()
    teacher = _teacher()
    if teacher is None:
        raise SystemExit("No teacher with a school on the grid: seed the database with seed_network first.")
    result = measure(teacher=teacher, renders=args.renders)
    for name, figures in result["variants"].items():
        print(f"  {name:<22} {figures['median_ms']:>7.1f} ms  p95 {figures['p95_ms']:>7.1f}  {figures['queries']:>3} q")
    print(f"find near me: {result['median_ms']} ms median (target {TARGET_MS} ms), {result['queries']} queries")
    return 0


if __name__ == "__main__":
    sys.exit(main())
