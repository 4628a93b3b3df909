"""The GIAS import's PostgreSQL path: checked rows staged with ``COPY`` into a temporary table, then written set-wise.

Rows are still read and checked one by one in Python (``schools.gias``), so the rejects and their messages are the
same on both paths; only the writing differs. Instead of a read and two bulk writes per batch of 2,000 rows (most
of a 50,000-row import's time went into building model instances and quoting values), the checked rows go to a
temporary table in a few ``COPY`` statements, and a few statements write the register from it: local authorities
and trusts (the first row naming a code wins, as on the other path), then the schools: a plain ``INSERT`` of the
new URNs and an ``UPDATE`` of the changed ones (each skipped when the counts say there are
none). The counts (created, updated, closed, unchanged) are read from the same comparison the other path makes,
before the write.
"""

import csv
import io
import threading

from django.core.exceptions import FieldDoesNotExist
from django.db import connection, transaction
from django.utils import timezone
from django.utils.text import slugify

from schools import gias
from schools.enums import EstablishmentStatus
from schools.models import LocalAuthority, Region, School, Trust

STAGE = "gias_import_stage"
# The staged row: its line, URN, the codes and names of its local authority, region and trust, then the school's
# own fields (every one of ``SCHOOL_FIELDS`` but the two keys, which are looked up from the codes).
KEYS = {"local_authority_id", "trust_id"}


def _school_fields(school_fields) -> list[str]:
    return [name for name in school_fields if name not in KEYS]


class Stage:
    """The temporary table of checked rows, filled batch by batch with ``copy``; ``drop`` it when done."""

    def __init__(self, school_fields):
        self.fields = _school_fields(school_fields)
        # One column per field of the checked row, in its order, so that rows are written as they are; a school's
        # own fields have the School column's type.
        columns = []
        # In CSV an empty unquoted value is NULL: the text columns read it as "" (a row's text is never None).
        self.text_columns = []
        for name in gias.SchoolRow._fields:
            try:
                field = School._meta.get_field(name)
            except (
                FieldDoesNotExist
            ):  # the line, the codes and names of the row's authority, region and trust, its note
                kind, is_text = ("integer", False) if name == "line" else ("text", True)
            else:
                name, kind = field.column, field.db_type(connection)
                is_text = field.get_internal_type() in ("CharField", "TextField")
            columns.append(f'"{name}" {kind}')
            if is_text:
                self.text_columns.append(f'"{name}"')
        self._copy_sql = f"COPY {STAGE} FROM STDIN WITH (FORMAT csv, FORCE_NOT_NULL ({', '.join(self.text_columns)}))"
        self._sending: threading.Thread | None = None
        # What the staged rows name, in line order: each local authority's and trust's first name, and the regions.
        self.authorities: dict[str, tuple[str, str]] = {}
        self.trusts: dict[str, str] = {}
        self.region_names: set[str] = set()
        self._error: Exception | None = None
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE IF EXISTS {STAGE}")
            cursor.execute(f"CREATE TEMPORARY TABLE {STAGE} ({', '.join(columns)})")

    def copy(self, rows: list[gias.SchoolRow]) -> None:
        """Send ``rows`` to the table in one COPY, written by the csv module (in C: quoting and escaping a
        50,000-row extract value by value in Python was a fifth of the import's time).

        The COPY runs in a thread of its own, on the same connection (so in the same transaction), while the caller
        checks the next batch: PostgreSQL reads one batch as Python reads the next, on the machine's other core
        (psycopg2 lets go of the interpreter while it waits on the server). Waits first for the previous batch's
        COPY. Until ``wait`` returns, nothing else may use the connection.
        """
        self.wait()
        authorities, trusts, region_names = self.authorities, self.trusts, self.region_names
        for row in rows:  # the first row naming a code gives its name: kept here, not sorted out of the table
            if row.la_code not in authorities:
                authorities[row.la_code] = (row.la_name, row.region_name)
            if row.trust_code not in trusts:
                trusts[row.trust_code] = row.trust_name
            region_names.add(row.region_name)
        buffer = io.StringIO()
        csv.writer(buffer, lineterminator="\n").writerows(rows)
        buffer.seek(0)
        self._sending = threading.Thread(target=self._send, args=(connection.connection, buffer), daemon=True)
        self._sending.start()

    def _send(self, database, buffer: io.StringIO) -> None:
        try:
            with database.cursor() as cursor:
                # One read of the whole batch: the thread then needs the interpreter only to start and to finish.
                cursor.copy_expert(self._copy_sql, buffer, size=len(buffer.getvalue()) + 1)
        except Exception as error:  # noqa: BLE001 - raised again by ``wait``, in the import's own thread
            self._error = error

    def wait(self) -> None:
        """Wait for the last batch's COPY; raise what it raised."""
        if self._sending is not None:
            self._sending.join()
            self._sending = None
        if self._error is not None:
            error, self._error = self._error, None
            raise error

    def drop(self) -> None:
        if self._sending is not None:  # an import that failed while a COPY was on its way
            self._sending.join()
            self._sending = None
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE IF EXISTS {STAGE}")


def _regions(names: set[str]) -> dict[str, int]:
    """The region of each name the staged rows give, created when the register lacks it (GIAS has nine)."""
    names = names - {""}
    regions = dict(Region.objects.filter(name__in=names).values_list("name", "pk"))
    for name in names - set(regions):
        regions[name] = Region.objects.get_or_create(slug=slugify(name)[:100], defaults={"name": name})[0].pk
    return regions


def _local_authorities_and_trusts(stage: Stage, regions: dict[str, int]) -> None:
    """Upsert local authorities and trusts by code: the first row naming a code gives its name (and region)."""
    la, trust = LocalAuthority._meta.db_table, Trust._meta.db_table
    authorities = {code: named for code, named in stage.authorities.items() if code}
    trusts = {code: name for code, name in stage.trusts.items() if code}
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            INSERT INTO {la} (code, name, region_id)
            SELECT a.code, a.name, r.id
            FROM unnest(%s::text[], %s::text[], %s::text[]) AS a(code, name, region_name)
            LEFT JOIN unnest(%s::text[], %s::bigint[]) AS r(name, id) ON r.name = a.region_name
            ORDER BY a.code
            ON CONFLICT (code) DO UPDATE
              SET name = EXCLUDED.name, region_id = COALESCE(EXCLUDED.region_id, {la}.region_id)
              WHERE {la}.name <> EXCLUDED.name
                 OR (EXCLUDED.region_id IS NOT NULL AND {la}.region_id IS DISTINCT FROM EXCLUDED.region_id)
            """,
            [
                list(authorities),
                [name for name, _ in authorities.values()],
                [region for _, region in authorities.values()],
                list(regions),
                list(regions.values()),
            ],
        )
        cursor.execute(
            f"""
            INSERT INTO {trust} (code, name) SELECT * FROM unnest(%s::text[], %s::text[]) AS t(code, name) ORDER BY code
            ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name WHERE {trust}.name <> EXCLUDED.name
            """,
            [list(trusts), list(trusts.values())],
        )


def _incoming_sql(school_fields) -> str:
    """The staged schools as they would be written: the school's fields in ``school_fields`` order, keys looked up."""
    la, trust = LocalAuthority._meta.db_table, Trust._meta.db_table
    own = set(_school_fields(school_fields))
    select = []
    for name in school_fields:
        if name == "local_authority_id":
            select.append('la.id AS "local_authority_id"')
        elif name == "trust_id":
            select.append('t.id AS "trust_id"')
        elif name in own:
            column = School._meta.get_field(name).column
            select.append(f's."{column}" AS "{column}"')
    return (
        f"SELECT s.urn, {', '.join(select)} FROM {STAGE} s "
        f"LEFT JOIN {la} la ON la.code = s.la_code AND s.la_code <> '' "
        f"LEFT JOIN {trust} t ON t.code = s.trust_code AND s.trust_code <> ''"
    )


def _columns(school_fields) -> list[str]:
    return [School._meta.get_field(name.removesuffix("_id")).column for name in school_fields]


def write_staged(stage: Stage, *, school_fields, result) -> None:
    """Write the staged rows into the register in one transaction, counting as the batch path counts."""
    columns = _columns(school_fields)
    table = School._meta.db_table
    incoming = _incoming_sql(school_fields)
    differs = (
        "("
        + ", ".join(f'c."{c}"' for c in columns)
        + ") IS DISTINCT FROM ("
        + ", ".join(f'i."{c}"' for c in columns)
        + ")"
    )
    closed = EstablishmentStatus.CLOSED
    now = timezone.now()
    with transaction.atomic():
        _local_authorities_and_trusts(stage, _regions(stage.region_names))
        with connection.cursor() as cursor:
            cursor.execute(
                f"""
                SELECT COUNT(*) FILTER (WHERE c.id IS NULL),
                       COUNT(*) FILTER (WHERE c.id IS NOT NULL AND NOT {differs}),
                       COUNT(*) FILTER (WHERE c.id IS NOT NULL AND {differs} AND i.status = %s AND c.status <> %s),
                       COUNT(*) FILTER (WHERE c.id IS NOT NULL AND {differs}
                                        AND NOT (i.status = %s AND c.status <> %s))
                FROM ({incoming}) i LEFT JOIN {table} c ON c.urn = i.urn
                """,
                [closed, closed, closed, closed],
            )
            created, unchanged, newly_closed, updated = cursor.fetchone()
            names = ", ".join(f'"{c}"' for c in columns)
            if created:
                # Columns the extract does not set (added to School later) get their field's default.
                given = {"urn", *school_fields, "updated_at"}
                others = [f for f in School._meta.concrete_fields if not f.primary_key and f.attname not in given]
                other_columns = "".join(f', "{f.column}"' for f in others)
                other_values = "".join(", %s" for _ in others)
                defaults = [f.get_db_prep_save(f.get_default(), connection) for f in others]
                # A plain insert of the URNs the register lacks: ``ON CONFLICT`` made every row a speculative
                # insertion, a fifth of a first import's write.
                cursor.execute(
                    f"""
                    INSERT INTO {table} (urn, {names}, updated_at{other_columns})
                    SELECT i.urn, {", ".join(f'i."{c}"' for c in columns)}, %s{other_values} FROM ({incoming}) i
                    WHERE NOT EXISTS (SELECT 1 FROM {table} c WHERE c.urn = i.urn)
                    """,
                    [now, *defaults],
                )
            if updated or newly_closed:
                assignments = ", ".join(f'"{c}" = i."{c}"' for c in columns)
                cursor.execute(
                    f"""
                    UPDATE {table} c SET {assignments}, updated_at = %s
                    FROM ({incoming}) i WHERE c.urn = i.urn AND {differs}
                    """,
                    [now],
                )
    result.created += created
    result.unchanged += unchanged
    result.closed += newly_closed
    result.updated += updated


def close_unnamed_schools(*, also_named: set[int]) -> int:
    """Mark closed every school not closed yet that the file did not name: neither staged nor in ``also_named`` (the
    URNs of the rows rejected after their URN was read). Never deletes; returns how many were closed. One statement:
    the other path's read of every open school's URN into Python was a tenth of a re-run."""
    table = School._meta.db_table
    closed = EstablishmentStatus.CLOSED
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            UPDATE {table} c SET status = %s, updated_at = %s
            WHERE c.status <> %s AND c.urn <> ALL(%s::integer[])
              AND NOT EXISTS (SELECT 1 FROM {STAGE} s WHERE s.urn = c.urn)
            """,
            [closed, timezone.now(), closed, sorted(also_named)],
        )
        return cursor.rowcount
