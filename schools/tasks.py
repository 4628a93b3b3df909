from celery import shared_task

from schools.services import gias_import_run_execute


@shared_task(name="schools.run_gias_import", acks_late=True)
def run_gias_import(run_id: int) -> None:
    """Import an extract uploaded in the browser (thin: the service records everything on the run)."""
    gias_import_run_execute(run_id=run_id)
