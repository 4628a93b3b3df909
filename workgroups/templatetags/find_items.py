"""``{% find_items rows near=results.near %}``: the find page's Work Groups, one link each (the rows of
``selectors.workgroups_find``).

Written here rather than as a template included for each row: Django's templates spent longer on the page's thirty
rows than on the rest of the page (every lookup, filter and ``{% if %}`` is a few microseconds, and a row had
forty). The markup is the one the page had; the accessibility and browser tests read it.
"""

from django import template
from django.urls import reverse
from django.utils import timezone
from django.utils.dates import MONTHS
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from schools.enums import Phase
from schools.grid import kilometres
from workgroups.enums import Format

register = template.Library()

_PK_MARK = "2147483647"  # an id no row has: the detail path is reversed once per list, each row puts its id in
_FULL = '<span class="badge text-bg-warning">Full: waitlist</span>'
_UNKNOWN_DISTANCE = "Distance not known (no grid reference for its venue)"


# Value to label (translated when shown); as get_FOO_display, a value the choices no longer have shows as stored.
_PHASE_LABELS = dict(Phase.choices)
_FORMAT_LABELS = dict(Format.choices)


def _day(value) -> str:
    """The ``date`` filter's "j F Y" (1 December 2026), written directly: the filter took twice as long."""
    return f"{value.day} {MONTHS[value.month]} {value.year}"


def _when(row) -> str:
    parts = [f"First session {_day(timezone.localtime(row.first_session))}" if row.first_session else "Dates to follow"]
    if row.venue:
        parts.append(row.venue)
    if row.registration_deadline:
        parts.append(f"Register by {_day(row.registration_deadline)}")
    return " · ".join(parts)


def find_item(row, *, near: bool, detail_path: tuple[str, str]) -> str:
    """One Work Group's link, as HTML: title, places, distance (``near``, not online), hub, project, phase,
    format, dates. Every value from the row is escaped here."""
    if row.places_taken >= row.capacity:
        places = _FULL
    else:
        places = f'<span class="badge text-bg-success">{row.capacity} places, {row.places_taken} taken</span>'
    distance = ""
    if near and row.format != Format.ONLINE:
        text = _UNKNOWN_DISTANCE if row.distance_m is None else f"{kilometres(row.distance_m)} km from your school"
        distance = f'\n  <p class="mb-1 fw-semibold" data-testid="distance">{text}</p>'
    phase, format_ = _PHASE_LABELS.get(row.phase, row.phase), _FORMAT_LABELS.get(row.format, row.format)
    about = f"{row.hub_name} Maths Hub · {row.project_code} {row.project_title} · {phase} · {format_}"
    return (
        f'<a class="list-group-item list-group-item-action" href="{escape(detail_path[0])}{int(row.pk)}'
        f'{escape(detail_path[1])}">\n'
        '  <div class="d-flex justify-content-between flex-wrap">\n'
        f'    <h3 class="h5 mb-1">{escape(row.title)}</h3>\n'
        f"    <span>{places}</span>\n"
        f"  </div>{distance}\n"
        f'  <p class="mb-1">{escape(about)}</p>\n'
        f"  <small>{escape(_when(row))}</small>\n"
        "</a>"
    )


@register.simple_tag
def find_items(rows, near=False) -> SafeString:
    """Every row's link, one a line."""
    before, _, after = reverse("workgroups:detail", args=[_PK_MARK]).partition(_PK_MARK)
    items = [find_item(row, near=bool(near), detail_path=(before, after)) for row in rows]
    return mark_safe("\n".join(items))  # noqa: S308 - find_item escapes every value it writes
