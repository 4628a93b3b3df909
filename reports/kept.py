"""The report pages' tables kept between reads, and exactly as fresh as the database.

Reading a report computes every table from the kept figures: a few dozen queries and the tables' Python, the same
for every reader of the same page until something changes. So a page's tables are kept in the cache (Redis in
production, shared by the workers) under the database's *snapshot*: PostgreSQL's ``pg_current_snapshot()`` names
which transactions' writes a query sees (the oldest still running, the next to start, and those running between).
Two reads with the same snapshot see the same data, row for row; a snapshot stays the same until a transaction
that wrote something ends, and changes when any does. A table kept under one snapshot is therefore never shown
after a change: the first read after any commit computes afresh. No write path has to remember to invalidate
anything: a bulk update, a migration, an import or the Django admin move the snapshot as a form does.

Nothing is kept where that cannot be told:

- inside a transaction (``connection.in_atomic_block``): its own uncommitted writes leave the snapshot as it was;
- on SQLite (the demo), which has no such snapshot.

A snapshot moves on with writes that change no figure (a sign-in, an e-mail sent): the next read then computes
afresh, which costs what every read cost before. The time a page says its figures were calculated is the time
they were computed, kept with them: they include every change made until then, and none was made since.
"""

import hashlib
from collections.abc import Callable
from typing import TypeVar

from django.core.cache import cache
from django.db import connection

KEPT_SECONDS = 60 * 60  # a page's tables while no one reads them again
T = TypeVar("T")


def reads_only_committed() -> bool:
    """Whether this connection's next query sees what is committed and nothing else: PostgreSQL, outside a
    transaction (no uncommitted writes of its own). Where it does, what a query sees is named by the snapshot
    (here) and a second connection sees the same (``reports.alongside``)."""
    return connection.vendor == "postgresql" and not connection.in_atomic_block


def database_snapshot() -> str | None:
    """The snapshot the next query would see (one query), or ``None`` where reads cannot be kept (see above)."""
    if not reads_only_committed():
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_current_snapshot()::text")
        return cursor.fetchone()[0]


def kept(name: str, compute: Callable[[], T]) -> T:
    """``compute()``, or what it returned for the same ``name`` under the same database snapshot. ``name`` must say
    everything the result depends on besides the data (the page, its scope and every filter)."""
    snapshot = database_snapshot()
    if snapshot is None:
        return compute()
    # One entry per name, holding the snapshot it was computed under: a newer read replaces it, so the cache holds
    # one entry per page and filters, however often the data changes. One Redis may serve several databases (the
    # benchmark's networks, a developer's copies): their ids differ.
    digest = hashlib.sha256(name.encode()).hexdigest()
    key = f"reports:kept:{connection.settings_dict['NAME']}:{digest}"
    found = cache.get(key)
    if found is not None and found[0] == snapshot:
        return found[1]
    value = compute()
    cache.set(key, (snapshot, value), timeout=KEPT_SECONDS)
    return value
