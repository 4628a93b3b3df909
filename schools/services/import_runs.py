"""The browser upload of an extract: a run row the page polls, executed by a Celery task.

The task lives here, beside the service it runs (as the outbox's delivery task does), so that queueing it needs no
import of ``schools.tasks``, which imports this module: ``schools.tasks`` names it for Celery's autodiscovery.
"""

import datetime
from dataclasses import asdict

from celery import shared_task
from django.db import connection, transaction
from django.utils import timezone

from schools import gias
from schools.enums import ImportRunStatus
from schools.models import GiasImportRun
from schools.services.gias_import import schools_import_gias


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


@shared_task(name="schools.run_gias_import", acks_late=True)
def run_gias_import(run_id: int) -> None:
    """Import an extract uploaded in the browser (thin: the service records everything on the run)."""
    gias_import_run_execute(run_id=run_id)
