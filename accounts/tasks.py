from celery import shared_task

from accounts.personal_data import personal_data_retention_apply


@shared_task(name="accounts.personal_data_retention")
def personal_data_retention() -> dict:
    """Daily (beat): remove what the retention settings no longer keep."""
    return personal_data_retention_apply()
