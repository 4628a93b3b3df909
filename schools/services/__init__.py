"""Writes to the schools register: the GIAS import (``gias_import``, with its report and its portable write path),
and the browser upload's run around it (``import_runs``). Callers write ``from schools.services import ...``."""

from schools.services.batch_writes import SCHOOL_FIELDS
from schools.services.gias_import import BATCH_SIZE, schools_import_gias
from schools.services.import_report import ImportResult, Reject
from schools.services.import_runs import (
    RUN_CREATION_LOCK_KEY,
    STALE_RUN_AFTER,
    ImportAlreadyRunning,
    gias_import_run_create,
    gias_import_run_execute,
)

__all__ = [
    "BATCH_SIZE",
    "RUN_CREATION_LOCK_KEY",
    "SCHOOL_FIELDS",
    "STALE_RUN_AFTER",
    "ImportAlreadyRunning",
    "ImportResult",
    "Reject",
    "gias_import_run_create",
    "gias_import_run_execute",
    "schools_import_gias",
]
