"""Keeping the reports' count of open schools per hub (``hubs.models.OpenSchoolCount``) current.

The reports' denominators (open schools by hub, region, phase and most disadvantaged) were counted from the
register on every read: some 24,000 open schools, two or three times a page. They change only when the register
changes (a GIAS import opens, closes or moves schools; a bulk load) or when who serves whom changes (a hub's area,
a school moved to another hub), so those changes recount them, inside their own transaction: a report never reads
a stale count, and reads a few hundred rows.
"""

from django.db import transaction
from django.db.models import BooleanField, Count, ExpressionWrapper, Q, Value
from django.utils import timezone

from hubs.models import OpenSchoolCount, SchoolRegisterSummary, served_hub
from schools.enums import OPEN_STATUSES
from schools.models import School
from schools.selectors import most_disadvantaged_threshold
from workgroups.services.school_years import school_years_register_refresh


def open_school_counts_recount(
    *, school_model=School, count_model=OpenSchoolCount, summary_model=SchoolRegisterSummary
):
    """The recount itself, for any version of the models (the migration that adds the counts passes its own)."""
    summary, _ = summary_model.objects.select_for_update().get_or_create(pk=1)
    threshold = most_disadvantaged_threshold(school_model.objects.all())
    if threshold is None:
        disadvantaged = Value(False)
    else:
        disadvantaged = ExpressionWrapper(Q(percentage_fsm__gt=threshold), output_field=BooleanField())
    rows = (
        school_model.objects.filter(status__in=OPEN_STATUSES)
        .annotate(serving_hub=served_hub())
        .filter(serving_hub__isnull=False)
        .values("serving_hub", "phase", is_disadvantaged=disadvantaged)
        .annotate(schools=Count("pk"))
        .order_by()
    )
    cells: dict[tuple, int] = {}
    for row in rows:  # "above the threshold" is NULL for a school without a figure: not disadvantaged
        key = (row["serving_hub"], row["phase"], bool(row["is_disadvantaged"]))
        cells[key] = cells.get(key, 0) + row["schools"]
    count_model.objects.all().delete()
    count_model.objects.bulk_create(
        count_model(hub_id=hub, phase=phase, disadvantaged=flag, schools=n) for (hub, phase, flag), n in cells.items()
    )
    summary.disadvantaged_threshold = threshold
    summary.refreshed_at = timezone.now()
    summary.save(update_fields=["disadvantaged_threshold", "refreshed_at"])


def open_school_counts_refresh() -> None:
    """Recount, now, the open schools each hub serves per phase and "most disadvantaged", and the threshold.

    Call it inside the transaction of a change to the register or to who serves whom, after the change: the GIAS
    import (through ``schools.signals.register_changed``), ``hub_update`` (areas, moved schools), the admin's
    edits of schools, hubs' areas and overrides, and bulk loads (``seed_network``, the demo). The summary's row is
    locked first, so two refreshes at once run one after the other and the second counts what the first
    committed: the counts always match the register as committed. Three queries and three writes (tens of
    milliseconds for 24,000 open schools). The kept school years carry each school's hub, phase and "most
    disadvantaged" as the register says, so theirs are rewritten after the counts, with their threshold, where
    they moved (``workgroups.services.school_years_register_refresh``). Raises ``TransactionManagementError``
    outside a transaction.
    """
    open_school_counts_recount()
    school_years_register_refresh()


def open_school_counts_rebuild() -> None:
    """The same recount in a transaction of its own: after loading or changing schools by hand (a repair)."""
    with transaction.atomic():
        open_school_counts_refresh()


def register_changed_receiver(sender, **kwargs) -> None:
    """``schools.signals.register_changed``: the schools app tells, without importing the hubs."""
    open_school_counts_refresh()
