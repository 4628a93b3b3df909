"""Writing many generated rows fast: PostgreSQL ``COPY``, or multi-row inserts on other databases (SQLite).

Rows are dicts of attribute names (``school_id``, not ``school``); a field a row leaves out gets its default
(``auto_now`` fields: the time of the seeding). Ids are given by the generator, which starts each table after
the largest id already there, so a seeded network sits beside whatever the database held before.
"""

import datetime
import io
import json
import sqlite3
from collections.abc import Iterable

from django.db import connection, models
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
    text = str(value)
    if "\\" in text or "\t" in text or "\n" in text or "\r" in text:
        text = text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
    return text


def write_rows(model, rows: Iterable[dict]) -> int:
    """Insert ``rows`` into ``model``'s table in one pass; returns how many. No signals, no ``save()``."""
    fields = list(model._meta.concrete_fields)
    now = timezone.now()
    defaults = {f.attname: _default(f, now) for f in fields}
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    table = connection.ops.quote_name(model._meta.db_table)
    count = 0
    if connection.vendor == "postgresql":
        buffer = io.StringIO()
        for row in rows:
            buffer.write("\t".join(_copy_text(row.get(f.attname, defaults[f.attname])) for f in fields))
            buffer.write("\n")
            count += 1
        buffer.seek(0)
        with connection.cursor() as cursor:
            cursor.cursor.copy_expert(f"COPY {table} ({columns}) FROM STDIN", buffer)
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
