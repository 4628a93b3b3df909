"""Celery tasks of the schools register. The GIAS upload's task lives beside its service
(``schools.services.import_runs``), which queues it; it is named here so that Celery's autodiscovery finds it."""

from schools.services.import_runs import run_gias_import

__all__ = ["run_gias_import"]
