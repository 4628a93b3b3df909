"""Writes to the schools register: the GIAS import, and the browser upload's run around it."""

import csv
import datetime
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone
from django.utils.text import slugify

from accounts.audit import audit_record
from hubs_portal.downloads import spreadsheet_row
from schools import gias, staging
from schools.enums import EstablishmentStatus, ImportRunStatus
from schools.models import GiasImportRun, LocalAuthority, Region, School, Trust
from schools.signals import register_changed

# The School fields an extract sets; a school whose values all match is "unchanged".
SCHOOL_FIELDS = (
    "name",
    "phase",
    "type_name",
    "status",
    "local_authority_id",
    "trust_id",
    "postcode",
    "number_of_pupils",
    "percentage_fsm",
    "ofsted_rating",
    "easting",
    "northing",
)
BATCH_SIZE = 2000
ANALYZE_AFTER = 1000  # changed rows after which the planner's statistics are refreshed
REJECTS_KEPT = 500  # rejects kept in memory for the page; the CSV report has them all


@dataclass(frozen=True)
class Reject:
    line: int
    urn: str
    name: str
    reason: str


@dataclass
class ImportResult:
    encoding: str = ""
    rows: int = 0
    created: int = 0
    updated: int = 0
    closed: int = 0
    unchanged: int = 0
    rejected: int = 0
    rejects: list[Reject] = field(default_factory=list)
    # Schools imported with a problem that does not reject them (a blank or malformed grid reference).
    noted: int = 0
    notes: list[Reject] = field(default_factory=list)
    reject_report: Path | None = None

    def summary(self) -> str:
        text = (
            f"{self.created} created, {self.updated} updated, {self.closed} closed, "
            f"{self.unchanged} unchanged, {self.rejected} rejected"
        )
        return text + (f", {self.noted} imported without a grid reference" if self.noted else "")


class _RejectReport:
    """Rejects written to a CSV under var/ as they come, so a bad file does not fill memory."""

    def __init__(self, directory: Path, result: ImportResult):
        self.directory = directory
        self.result = result
        self._handle = None
        self._writer = None

    def add(self, reject: Reject) -> None:
        self.result.rejected += 1
        if len(self.result.rejects) < REJECTS_KEPT:
            self.result.rejects.append(reject)
        self._write(reject)

    def note(self, note: Reject) -> None:
        """A school imported despite a problem: in the same report, its reason saying what was left out."""
        self.result.noted += 1
        if len(self.result.notes) < REJECTS_KEPT:
            self.result.notes.append(note)
        self._write(note)

    def _write(self, reject: Reject) -> None:
        if self._writer is None:
            self.directory.mkdir(parents=True, exist_ok=True)
            stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S-%f")
            self.result.reject_report = self.directory / f"gias-rejects-{stamp}.csv"
            # UTF-8 with BOM: spreadsheet programs then show accents correctly.
            self._handle = open(self.result.reject_report, "w", encoding="utf-8-sig", newline="")  # noqa: SIM115
            self._writer = csv.writer(self._handle)
            self._writer.writerow(["line", "URN", "EstablishmentName", "reason"])
        self._writer.writerow(spreadsheet_row([reject.line, reject.urn, reject.name, reject.reason]))

    def close(self) -> None:
        if self._handle is not None:
            self._handle.close()


class _Register:
    """Local authorities, trusts and regions by code, loaded once and upserted as the file names them."""

    def __init__(self):
        self.regions = {r.name: r.pk for r in Region.objects.all()}
        self.las = {la.code: la for la in LocalAuthority.objects.all()}
        self.trusts = {t.code: t for t in Trust.objects.all()}
        self.seen_las: set[str] = set()
        self.seen_trusts: set[str] = set()

    def _region_id(self, name: str) -> int | None:
        if not name:
            return None
        if name not in self.regions:
            region, _ = Region.objects.get_or_create(slug=slugify(name)[:100], defaults={"name": name})
            self.regions[name] = region.pk
        return self.regions[name]

    def upsert(self, rows: list[gias.SchoolRow]) -> None:
        """Create the local authorities and trusts these rows name, and update their names (first row wins)."""
        new_las, changed_las, new_trusts, changed_trusts = {}, [], {}, []
        for row in rows:
            if row.la_code and row.la_code not in self.seen_las:
                self.seen_las.add(row.la_code)
                region_id = self._region_id(row.region_name)
                la = self.las.get(row.la_code)
                if la is None:
                    new_las[row.la_code] = LocalAuthority(code=row.la_code, name=row.la_name, region_id=region_id)
                elif la.name != row.la_name or (region_id and la.region_id != region_id):
                    la.name, la.region_id = row.la_name, region_id or la.region_id
                    changed_las.append(la)
            if row.trust_code and row.trust_code not in self.seen_trusts:
                self.seen_trusts.add(row.trust_code)
                trust = self.trusts.get(row.trust_code)
                if trust is None:
                    new_trusts[row.trust_code] = Trust(code=row.trust_code, name=row.trust_name)
                elif trust.name != row.trust_name:
                    trust.name = row.trust_name
                    changed_trusts.append(trust)
        for la in LocalAuthority.objects.bulk_create(new_las.values()):
            self.las[la.code] = la
        for trust in Trust.objects.bulk_create(new_trusts.values()):
            self.trusts[trust.code] = trust
        if changed_las:
            LocalAuthority.objects.bulk_update(changed_las, ["name", "region"])
        if changed_trusts:
            Trust.objects.bulk_update(changed_trusts, ["name"])

    def values(self, row: gias.SchoolRow) -> tuple:
        """The row's values in ``SCHOOL_FIELDS`` order."""
        la = self.las.get(row.la_code)
        trust = self.trusts.get(row.trust_code)
        return (
            row.name,
            row.phase,
            row.type_name,
            row.status,
            la.pk if la else None,
            trust.pk if trust else None,
            row.postcode,
            row.number_of_pupils,
            row.percentage_fsm,
            row.ofsted_rating,
            row.easting,
            row.northing,
        )


@transaction.atomic
def _write_batch(rows: list[gias.SchoolRow], register: _Register, result: ImportResult) -> None:
    register.upsert(rows)
    existing = {
        values[1]: values
        for values in School.objects.filter(urn__in=[row.urn for row in rows]).values_list("pk", "urn", *SCHOOL_FIELDS)
    }
    now = timezone.now()
    to_create, to_update = [], []
    for row in rows:
        values = register.values(row)
        current = existing.get(row.urn)
        if current is None:
            to_create.append(School(urn=row.urn, **dict(zip(SCHOOL_FIELDS, values, strict=True))))
            result.created += 1
        elif current[2:] == values:
            result.unchanged += 1
        else:
            to_update.append(School(pk=current[0], updated_at=now, **dict(zip(SCHOOL_FIELDS, values, strict=True))))
            old_status = current[2 + SCHOOL_FIELDS.index("status")]
            if row.status == EstablishmentStatus.CLOSED and old_status != EstablishmentStatus.CLOSED:
                result.closed += 1
            else:
                result.updated += 1
    if to_create:
        _insert_schools(to_create, now=now)
    if to_update:
        _update_schools(to_update)


def _postgres_fast_path() -> bool:
    """PostgreSQL's staged path, unless settings.GIAS_IMPORT_FAST_PATH is False (the tests exercise both)."""
    return connection.vendor == "postgresql" and getattr(settings, "GIAS_IMPORT_FAST_PATH", True)


def _insert_schools(schools: list[School], *, now) -> None:
    for school in schools:
        school.updated_at = now
    School.objects.bulk_create(schools)


def _update_schools(schools: list[School]) -> None:
    School.objects.bulk_update(schools, [*SCHOOL_FIELDS, "updated_at"], batch_size=500)


@transaction.atomic
def _close_missing(seen_urns: set[int]) -> int:
    """Mark closed every school not closed yet whose URN the file did not name. Never deletes."""
    missing = [
        pk
        for pk, urn in School.objects.exclude(status=EstablishmentStatus.CLOSED).values_list("pk", "urn").iterator()
        if urn not in seen_urns
    ]
    now = timezone.now()
    for start in range(0, len(missing), 900):
        School.objects.filter(pk__in=missing[start : start + 900]).update(
            status=EstablishmentStatus.CLOSED, updated_at=now
        )
    return len(missing)


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
    report = _RejectReport(report_dir or Path(settings.VAR_DIR) / "gias-rejects", result)
    seen: dict[int, int] = {}  # URN -> line of its first row, rejected or not
    stage = None
    try:
        with gias.open_text(path, check.encoding) as handle:
            reader = csv.reader(handle)
            columns = gias.read_header(reader)
            if _postgres_fast_path():
                stage = staging.Stage(SCHOOL_FIELDS)
                write = stage.copy
            else:
                register = _Register()

                def write(rows):
                    _write_batch(rows, register, result)

            batch: list[gias.SchoolRow] = []
            for line, record in gias.iter_records(reader):
                result.rows += 1
                if record is None:
                    report.add(Reject(line, "", "", "not a valid CSV record"))
                    continue
                raw_urn = gias.cell(record, columns, "URN")
                name = gias.cell(record, columns, "EstablishmentName")
                if gias.is_urn(raw_urn):
                    urn = int(raw_urn)
                    if urn in seen:
                        report.add(Reject(line, raw_urn, name, f"duplicate URN, already on line {seen[urn]}"))
                        continue
                    seen[urn] = line
                try:
                    row = gias.parse_row(record, columns, line)
                except gias.RowRejected as rejected:
                    report.add(Reject(line, raw_urn, name, str(rejected)))
                else:
                    batch.append(row)
                    if row.note:
                        report.note(Reject(line, raw_urn, name, row.note))
                if len(batch) >= batch_size:
                    write(batch)
                    batch = []
                    if progress:
                        progress(result.rows, max(check.approx_rows, result.rows))
            if batch:
                write(batch)
        # The last writes, the closing of the schools the file leaves out and the recount of what the register
        # feeds (``schools.signals``) in one transaction: no report reads counts of a register half written.
        with transaction.atomic():
            if stage is not None:
                staging.write_staged(school_fields=SCHOOL_FIELDS, result=result)
            # A file whose every row was rejected names no school: closing "the others" would close them all.
            if close_missing and seen:
                result.closed += _close_missing(set(seen))
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


# The browser upload: a run row the page polls, executed by a Celery task.


class ImportAlreadyRunning(Exception):
    """Another browser import is queued or running."""


# A run still "running" after this long is taken to have died with its worker.
STALE_RUN_AFTER = datetime.timedelta(hours=1)


# Any fixed number: the key of the PostgreSQL advisory lock that serialises the creation of browser import runs.
RUN_CREATION_LOCK_KEY = 4_242_001


def _lock_run_creation() -> None:
    """Serialise run creation until the caller's transaction ends.

    Locking the queued or running rows cannot do it: when there are none, two uploads both find nothing to lock
    and both start. PostgreSQL: a transaction-level advisory lock, released at commit or rollback. SQLite (the
    embedded default) runs every transaction ``IMMEDIATE`` (settings), so write transactions are serial already.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [RUN_CREATION_LOCK_KEY])


@transaction.atomic
def gias_import_run_create(*, uploaded_file, user, partial: bool = False) -> GiasImportRun:
    """Keep an uploaded extract privately and queue its import after commit.

    One browser import at a time (two would race to create the same URNs and to close schools):
    raises ``ImportAlreadyRunning`` while another run is queued or running. Holds for uploads that arrive
    together: creation is serialised by ``_lock_run_creation`` before the check, so the second upload sees the
    first's run once the first commits.
    """
    from schools.tasks import run_gias_import

    _lock_run_creation()
    busy = (
        GiasImportRun.objects.select_for_update()
        .filter(status__in=[ImportRunStatus.QUEUED, ImportRunStatus.RUNNING])
        .filter(created_at__gte=timezone.now() - STALE_RUN_AFTER)
    )
    if list(busy):
        raise ImportAlreadyRunning("Another import is under way; wait for it to finish, then upload again.")

    run = GiasImportRun.objects.create(
        uploaded_by=user, file=uploaded_file, original_name=uploaded_file.name[:255], partial=partial
    )
    transaction.on_commit(lambda: run_gias_import.delay(run.pk))
    return run


def gias_import_run_execute(*, run_id: int) -> GiasImportRun | None:
    """Run a queued browser import, recording progress, counts and rejects on the run as it goes.

    Runs once: a run that is not queued any more (a redelivered task) is left as it is, and a
    run deleted meanwhile is ignored (returns None).
    """
    claimed = GiasImportRun.objects.filter(pk=run_id, status=ImportRunStatus.QUEUED).update(
        status=ImportRunStatus.RUNNING, started_at=timezone.now()
    )
    run = GiasImportRun.objects.filter(pk=run_id).first()
    if not claimed or run is None:
        return run

    def progress(done: int, total: int) -> None:
        GiasImportRun.objects.filter(pk=run_id).update(rows_done=done, rows_total=total)

    try:
        result = schools_import_gias(
            path=run.file.path, progress=progress, close_missing=not run.partial, actor=run.uploaded_by
        )
    except gias.GiasFileRefused as refused:
        run.status, run.message = ImportRunStatus.REFUSED, str(refused)
    except Exception as error:  # noqa: BLE001 - the page must say it failed, whatever the cause
        run.status, run.message = ImportRunStatus.FAILED, f"The import failed: {error}"
        _finish(run)
        raise
    else:
        run.status = ImportRunStatus.DONE
        run.message = f"Import finished: {result.summary()}."
        run.rows_total = run.rows_done = result.rows
        run.created_count, run.updated_count, run.closed_count = result.created, result.updated, result.closed
        run.unchanged_count, run.rejected_count = result.unchanged, result.rejected
        run.rejects = [asdict(reject) for reject in result.rejects]
        run.noted_count = result.noted
        run.notes = [asdict(note) for note in result.notes]
        run.reject_report = str(result.reject_report or "")
    _finish(run)
    return run


def _finish(run: GiasImportRun) -> None:
    run.finished_at = timezone.now()
    # The extract has served its purpose (the counts, rejects and report stay); 60 MB a run adds up.
    if run.file:
        run.file.delete(save=False)
    run.save()
