"""Writing many generated rows fast: PostgreSQL ``COPY``, or multi-row inserts on other databases (SQLite).

Rows are dicts of attribute names (``school_id``, not ``school``); a field a row leaves out gets its default
(``auto_now`` fields: the time of the seeding). Ids are given by the generator, which starts each table after
the largest id already there, so a seeded network sits beside whatever the database held before.

Foreign keys: PostgreSQL checks each row's keys with a trigger per row and key, queued to the commit (Django's keys
are deferred), and each check locks the row it finds. For a million rows that was a fifth of the seeding's time
(measured: 8.5 s of 44 s at scale 0.1). A ``BulkLoad`` run by a superuser turns those triggers off for its own
``COPY`` statements only (``session_replication_role``, for the statement) and checks every key of what it wrote
afterwards in one query per key (``check_foreign_keys``): a dangling key still fails the load, whole.
"""

import datetime
import io
import json
import sqlite3
from collections.abc import Callable, Iterable

from django.db import IntegrityError, connection, models
from django.utils import timezone

SQLITE_BATCH = 5000  # rows handed to the SQLite driver at once


def next_id(model) -> int:
    """The first id free after every existing row of ``model``."""
    last = model.objects.order_by("-pk").values_list("pk", flat=True).first()
    return (last or 0) + 1


def _default(field: models.Field, now: datetime.datetime):
    if isinstance(field, models.DateTimeField) and (field.auto_now or field.auto_now_add):
        return now
    if field.has_default():
        return field.get_default()
    if field.null:
        return None
    if isinstance(field, models.DateTimeField):
        return now
    return ""


def _copy_text(value) -> str:
    """One value in COPY's text format."""
    if value is None:
        return r"\N"
    if value is True:
        return "t"
    if value is False:
        return "f"
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    if isinstance(value, list | dict):
        value = json.dumps(value)
    return _escaped(str(value))


def _escaped(text: str) -> str:
    if "\\" in text or "\t" in text or "\n" in text or "\r" in text:
        text = text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
    return text


def _copy_converter(field: models.Field) -> Callable[[object], str]:
    """The field's values in COPY's text format, chosen once per field rather than tested value by value."""
    if isinstance(field, models.BooleanField):
        return lambda v: "t" if v is True else "f" if v is False else _copy_text(v)
    integer = models.AutoField | models.IntegerField
    if isinstance(field, integer) or (isinstance(field, models.ForeignKey) and isinstance(field.target_field, integer)):
        return lambda v: r"\N" if v is None else str(v)
    if isinstance(field, models.DateTimeField | models.DateField):
        return lambda v: r"\N" if v is None else v.isoformat()
    if isinstance(field, models.CharField | models.TextField | models.EmailField):
        return lambda v: r"\N" if v is None else _escaped(v) if isinstance(v, str) else _copy_text(v)
    return _copy_text


def write_rows(model, rows: Iterable[dict], *, skip_key_triggers: bool = False) -> int:
    """Insert ``rows`` into ``model``'s table in one pass; returns how many. No signals, no ``save()``.

    ``skip_key_triggers`` (PostgreSQL, a superuser, inside a transaction): no per-row foreign key checks; the caller
    checks the keys itself (``BulkLoad``)."""
    fields = list(model._meta.concrete_fields)
    now = timezone.now()
    defaults = {f.attname: _default(f, now) for f in fields}
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    table = connection.ops.quote_name(model._meta.db_table)
    count = 0
    if connection.vendor == "postgresql":
        convert = [(f.attname, _copy_converter(f), defaults[f.attname]) for f in fields]
        lines = []
        for row in rows:
            lines.append("\t".join([fn(row.get(name, default)) for name, fn, default in convert]))
        count = len(lines)
        buffer = io.StringIO("\n".join(lines) + "\n" if lines else "")
        with connection.cursor() as cursor:
            if skip_key_triggers:
                cursor.execute("SET LOCAL session_replication_role = replica")
            try:
                cursor.cursor.copy_expert(f"COPY {table} ({columns}) FROM STDIN", buffer)
            finally:
                if skip_key_triggers:
                    cursor.execute("SET LOCAL session_replication_role = origin")
        return count
    convert = [(f.attname, _sqlite_converter(f)) for f in fields]
    placeholders = ", ".join(["?"] * len(fields))
    # The driver's own executemany: one prepared INSERT run for every row, without Django's per-query wrappers.
    with connection.cursor() as cursor:
        raw = cursor.cursor
        batch: list[tuple] = []
        for row in rows:
            batch.append(tuple(fn(row.get(name, defaults[name])) for name, fn in convert))
            count += 1
            if len(batch) >= SQLITE_BATCH:
                sqlite3.Cursor.executemany(raw, f"INSERT INTO {table} ({columns}) VALUES ({placeholders})", batch)
                batch.clear()
        if batch:
            sqlite3.Cursor.executemany(raw, f"INSERT INTO {table} ({columns}) VALUES ({placeholders})", batch)
    return count


def _same(value):
    return value


def _sqlite_converter(field: models.Field):
    """How Django's SQLite backend stores the field's values (UTC datetimes without offset, JSON as text)."""
    if isinstance(field, models.DateTimeField):
        return lambda v: None if v is None else v.astimezone(datetime.UTC).replace(tzinfo=None).isoformat(" ")
    if isinstance(field, models.DateField):
        return lambda v: None if v is None else v.isoformat()
    if isinstance(field, models.DecimalField):
        return lambda v: None if v is None else str(v)
    if isinstance(field, models.JSONField):
        return lambda v: None if v is None else json.dumps(v)
    return _same


def reset_sequences(models_) -> None:
    """After writing explicit ids on PostgreSQL, move each table's id sequence past the largest id."""
    if connection.vendor != "postgresql":
        return  # SQLite's AUTOINCREMENT follows the largest id inserted
    with connection.cursor() as cursor:
        for model in models_:
            table = model._meta.db_table
            column = model._meta.pk.column
            cursor.execute(
                f'SELECT setval(pg_get_serial_sequence(%s, %s), COALESCE((SELECT MAX({column}) FROM "{table}"), 1))',
                [f'"{table}"', column],
            )


def _superuser() -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
        row = cursor.fetchone()
    return bool(row and row[0])


class BulkLoad:
    """Rows written with ``write_rows`` whose foreign keys are checked once, set-wise, by ``check_foreign_keys``.

    Use inside one transaction. On PostgreSQL as a superuser the per-row key triggers are off for these writes;
    elsewhere (SQLite, or another role) the database checks each row as usual and ``check_foreign_keys`` checks
    again, cheaply. The check covers the ids written (the generator gives them), so it reads no other rows.
    """

    def __init__(self):
        self.skip_key_triggers = connection.vendor == "postgresql" and _superuser()
        self.written: dict[type, list[int]] = {}  # model -> [lowest id, highest id] written

    def write(self, model, rows: list[dict]) -> int:
        count = write_rows(model, rows, skip_key_triggers=self.skip_key_triggers)
        if rows:
            low, high = min(row["id"] for row in rows), max(row["id"] for row in rows)
            span = self.written.setdefault(model, [low, high])
            span[0], span[1] = min(span[0], low), max(span[1], high)
        return count

    def check_foreign_keys(self) -> None:
        """Raise ``IntegrityError`` if a row written names a row that does not exist (one query per key)."""
        quote = connection.ops.quote_name
        with connection.cursor() as cursor:
            for model, (low, high) in self.written.items():
                table, pk = quote(model._meta.db_table), quote(model._meta.pk.column)
                for field in model._meta.concrete_fields:
                    if not field.is_relation or not field.db_constraint:
                        continue
                    target = field.target_field
                    cursor.execute(
                        f"SELECT count(*) FROM {table} c WHERE c.{pk} BETWEEN %s AND %s "
                        f"AND c.{quote(field.column)} IS NOT NULL AND NOT EXISTS (SELECT 1 FROM "
                        f"{quote(target.model._meta.db_table)} p WHERE p.{quote(target.column)} = "
                        f"c.{quote(field.column)})",
                        [low, high],
                    )
                    (dangling,) = cursor.fetchone()
                    if dangling:
                        raise IntegrityError(
                            f"{dangling} rows of {model._meta.label} name a {field.name} that does not exist."
                        )
