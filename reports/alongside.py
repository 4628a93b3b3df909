"""Two parts of a page's reads at once, each on its own database connection.

A report page's tables come from a dozen independent grids, each one query that PostgreSQL answers on one core.
Reading them one after another leaves the server's other cores idle while the reader waits; ``alongside`` runs one
list of reads in a thread, on a connection of its own, while the request's thread runs the other, and returns when
both are done. The thread's connection is closed when its reads are done.

Each read sees the database as committed when it starts, as reads one after another do. Where a second connection
would not see what this one sees, both run here, one after the other: inside a transaction (its uncommitted writes,
a test's data among them) and on SQLite (one file, one writer; the demo).
"""

import threading
from collections.abc import Callable
from typing import TypeVar

from django.db import connections

from reports.kept import reads_only_committed

T = TypeVar("T")
U = TypeVar("U")


def alongside(side: Callable[[], T], here: Callable[[], U]) -> tuple[T, U]:
    """``(side(), here())``: ``side`` in a thread on its own connection while ``here`` runs in this one (or both
    here, one after the other, where ``reads_only_committed()`` says no). An exception of either is raised here."""
    if not reads_only_committed():
        return side(), here()
    done: dict = {}

    def run() -> None:
        try:
            done["value"] = side()
        except BaseException as error:  # noqa: BLE001 - raised again in the request's thread
            done["error"] = error
        finally:
            connections.close_all()

    thread = threading.Thread(target=run, name="report-reads-alongside", daemon=True)
    thread.start()
    try:
        value = here()
    finally:
        thread.join()
    if "error" in done:
        raise done["error"]
    return done["value"], value
