"""The benchmark's PostgreSQL databases: one migrated template, and a fresh copy of it for each stage."""

import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlparse, urlunparse

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/hubs_portal_bench"


def base_url() -> str:
    url = os.environ.get("BENCH_DATABASE_URL") or os.environ.get("DATABASE_URL") or DEFAULT_URL
    if urlparse(url).scheme not in ("postgres", "postgresql", "pgsql"):
        sys.exit(f"make bench needs PostgreSQL: DATABASE_URL is {url!r}.")
    return url


def url_for(suffix: str) -> str:
    """The URL of the benchmark database ``<name>_<suffix>`` (beside, never instead of, DATABASE_URL's)."""
    parsed = urlparse(base_url())
    return urlunparse(parsed._replace(path=f"{parsed.path}_{suffix}"))


def name_of(url: str) -> str:
    return urlparse(url).path.lstrip("/")


def _admin():
    import psycopg2

    connection = psycopg2.connect(urlunparse(urlparse(base_url())._replace(path="/postgres")))
    connection.autocommit = True
    return connection


def recreate(url: str, *, template: str | None = None) -> None:
    """Drop the database of ``url`` if it exists and create it again, empty or as a copy of ``template``."""
    name = name_of(url)
    admin = _admin()
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        cursor.execute(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))
    admin.close()


def drop(url: str) -> None:
    admin = _admin()
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name_of(url)}" WITH (FORCE)')
    admin.close()


def environment(url: str, **extra) -> dict:
    """The environment of a stage's process: the benchmark settings against the database of ``url``."""
    env = dict(os.environ)
    env.update(DATABASE_URL=url, DJANGO_SETTINGS_MODULE="benchmarks.settings", PYTHONUNBUFFERED="1")
    env.update({key: str(value) for key, value in extra.items()})
    return env


def migrated_template() -> str:
    """Create ``<name>_template``, migrated: each stage's database is a copy of it (seconds, not a migration)."""
    url = url_for("template")
    recreate(url)
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v0"], cwd=ROOT, env=environment(url), check=True
    )
    return name_of(url)
