"""Half-term dates of the network and of each hub."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction

from workgroups.enums import (
    HalfTermName,
)

# A typical English pattern (month, day) for each half-term's first and last day; hubs edit their own.
TYPICAL_HALF_TERMS = {
    1: ((9, 2), (10, 24)),
    2: ((11, 3), (12, 19)),
    3: ((1, 5), (2, 13)),
    4: ((2, 23), (3, 27)),
    5: ((4, 13), (5, 22)),
    6: ((6, 1), (7, 22)),
}


@transaction.atomic
def half_term_set(*, start_year: int, number: int, starts_on: datetime.date, ends_on: datetime.date, hub=None):
    """Set one half-term's dates for a hub (or, with no hub, the network's default). Creates the year if needed."""
    from workgroups.models import AcademicYear, HalfTerm

    year, _ = AcademicYear.objects.get_or_create(start_year=start_year)
    if not (year.starts_on <= starts_on <= ends_on <= year.ends_on):
        raise ValidationError(
            f"{HalfTermName(number).label if number in HalfTermName.values else number} must lie within "
            f"{year} (1 September to 31 August) and end after it starts."
        )
    if number not in range(1, 7):
        raise ValidationError("Half-terms are numbered 1 (Autumn 1) to 6 (Summer 2).")
    half_term, _ = HalfTerm.objects.update_or_create(
        academic_year=year, hub=hub, number=number, defaults={"starts_on": starts_on, "ends_on": ends_on}
    )
    return half_term


@transaction.atomic
def half_terms_set_for_hub(*, hub, start_year: int, dates: dict) -> None:
    """Set a hub's own half-term dates for a year: ``dates`` maps 1-6 to (start, end), or None to use the
    network's dates for that half-term. The hub's half-terms must follow one another without overlap."""
    from workgroups.models import HalfTerm

    given = sorted((number, span) for number, span in dates.items() if span)
    for (number, (_, ends_on)), (next_number, (starts_on, _)) in zip(given, given[1:], strict=False):
        if starts_on <= ends_on:
            raise ValidationError(
                f"{HalfTermName(next_number).label} must start after {HalfTermName(number).label} ends."
            )
    for number, span in dates.items():
        if span:
            half_term_set(start_year=start_year, number=number, starts_on=span[0], ends_on=span[1], hub=hub)
        else:
            HalfTerm.objects.filter(academic_year__start_year=start_year, hub=hub, number=number).delete()


def half_terms_seed_network_defaults(*, start_year: int) -> int:
    """Give the network default half-term dates for a year where it has none (weekdays; edit them per hub)."""
    from workgroups.models import HalfTerm

    created = 0
    for number, ((sm, sd), (em, ed)) in TYPICAL_HALF_TERMS.items():
        if HalfTerm.objects.filter(academic_year__start_year=start_year, hub__isnull=True, number=number).exists():
            continue
        calendar_year = start_year if number <= 2 else start_year + 1
        starts = datetime.date(calendar_year, sm, sd)
        if starts.weekday() >= 5:  # a weekend: the Monday after
            starts += datetime.timedelta(days=7 - starts.weekday())
        ends = datetime.date(calendar_year, em, ed)
        if ends.weekday() >= 5:  # a weekend: the Friday before
            ends -= datetime.timedelta(days=ends.weekday() - 4)
        half_term_set(start_year=start_year, number=number, starts_on=starts, ends_on=ends)
        created += 1
    return created
