"""The GIAS import: an establishment extract read, checked row by row, and written to the schools register."""

from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.db import connection, transaction

from accounts.audit import audit_record
from schools import gias, staging
from schools.models import School
from schools.services.batch_writes import SCHOOL_FIELDS, Register, close_unnamed_schools, write_batch
from schools.services.import_report import ImportResult, Reject, RejectReport
from schools.signals import register_changed

BATCH_SIZE = 2000
ANALYZE_AFTER = 1000  # changed rows after which the planner's statistics are refreshed


def _postgres_fast_path() -> bool:
    """PostgreSQL's staged path, unless settings.GIAS_IMPORT_FAST_PATH is False (the tests exercise both)."""
    return connection.vendor == "postgresql" and getattr(settings, "GIAS_IMPORT_FAST_PATH", True)


def schools_import_gias(
    *,
    path: Path | str,
    progress: Callable[[int, int], None] | None = None,
    report_dir: Path | None = None,
    batch_size: int = BATCH_SIZE,
    close_missing: bool = True,
    actor=None,
) -> ImportResult:
    """Import a GIAS establishment extract: upsert schools by URN, with their local authorities and trusts.

    The file is checked whole first (encoding, binary content, required columns), so a file that
    is not an extract imports nothing. Rows are then read as a stream and checked one by one. Bad rows are
    rejected with their line and reason (a duplicate URN keeps the first row) and written to a CSV
    report; good rows are imported. Schools the file does not name, and those it says are closed,
    are marked closed, never deleted, so their history and hub overrides stay. Running the same
    file again reports every school unchanged.

    ``close_missing=False`` is for a partial extract (one local authority, say): schools it does not
    name are left as they are. ``progress(rows_done, rows_total)`` is called after each batch
    (``rows_total`` is approximate). Raises ``gias.GiasFileRefused`` when the file is not an extract.
    The import is recorded in the audit trail with its counts, as done by ``actor``.

    On PostgreSQL the checked rows are staged with ``COPY`` and written set-wise at the end, in one transaction
    (``schools.staging``); elsewhere each batch is written as it comes.
    """
    path = Path(path)
    check = gias.check_file(path)
    result = ImportResult(encoding=check.encoding)
    report = RejectReport(report_dir or Path(settings.VAR_DIR) / "gias-rejects", result)
    seen: dict[int, int] = {}  # URN -> line of its first row, rejected or not
    rejected_urns: set[int] = set()  # the URNs of those first rows that were rejected
    stage = None
    try:
        with gias.open_text(path, check.encoding) as handle:
            reader = gias.Records(handle)
            columns = gias.read_header(reader)
            reader.width = columns.width
            if _postgres_fast_path():
                stage = staging.Stage(SCHOOL_FIELDS)
                write = stage.copy
            else:
                register = Register()

                def write(rows):
                    write_batch(rows, register, result)

            batch: list[gias.SchoolRow] = []
            for line, record in gias.iter_records(reader):
                result.rows += 1
                if record is None:
                    report.add(Reject(line, "", "", "not a valid CSV record"))
                    continue
                values = columns.cells(record)
                raw_urn, name = values[0], values[1]
                if gias.is_urn(raw_urn):
                    urn = int(raw_urn)
                    if urn in seen:
                        report.add(Reject(line, raw_urn, name, f"duplicate URN, already on line {seen[urn]}"))
                        continue
                    seen[urn] = line
                try:
                    row = gias.parse_row(values, line, columns)
                except gias.RowRejected as rejected:
                    report.add(Reject(line, raw_urn, name, str(rejected)))
                    if gias.is_urn(raw_urn):
                        rejected_urns.add(int(raw_urn))
                else:
                    batch.append(row)
                    if row.note:
                        report.note(Reject(line, raw_urn, name, row.note))
                if len(batch) >= batch_size:
                    if progress:
                        if stage is not None:
                            stage.wait()  # the last batch's COPY is done: the connection is free for the callback
                        progress(result.rows, max(check.approx_rows, result.rows))
                    write(batch)
                    batch = []
            if batch:
                write(batch)
            if stage is not None:
                stage.wait()
        # The last writes, the closing of the schools the file leaves out and the recount of what the register
        # feeds (``schools.signals``) in one transaction: no report reads counts of a register half written.
        with transaction.atomic():
            if stage is not None:
                staging.write_staged(stage, school_fields=SCHOOL_FIELDS, result=result)
            # A file whose every row was rejected names no school: closing "the others" would close them all.
            if close_missing and seen:
                if stage is not None:
                    result.closed += staging.close_unnamed_schools(also_named=rejected_urns)
                else:
                    result.closed += close_unnamed_schools(set(seen))
            register_changed.send(sender=School)
    finally:
        report.close()
        if stage is not None:
            stage.drop()
    if result.rows == 0:
        raise gias.GiasFileRefused("The extract has a header but no establishments: nothing was imported.")
    if result.created + result.updated + result.closed >= ANALYZE_AFTER and connection.vendor == "postgresql":
        # Fresh planner statistics: right after a first import PostgreSQL still thinks the table is
        # empty and plans the hub pages with nested loops over every school (4x slower, measured).
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE schools_school, schools_localauthority, schools_trust")
    if progress:
        progress(result.rows, result.rows)
    audit_record(
        actor=actor,
        action="gias.imported",
        after={
            "file": path.name,
            "partial": not close_missing,
            **{
                k: getattr(result, k)
                for k in ("rows", "created", "updated", "closed", "unchanged", "rejected", "noted")
            },
        },
    )
    return result
