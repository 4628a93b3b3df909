"""``{% find_items rows near=results.near %}``: the find page's Work Groups, one link each (the rows of
``selectors.workgroups_find``).

Written here rather than as a template included for each row: Django's templates spent longer on the page's thirty
rows than on the rest of the page (every lookup, filter and ``{% if %}`` is a few microseconds, and a row had
forty). The markup is the one the page had; the accessibility and browser tests read it.
"""

from django import template
from django.urls import reverse
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from schools.enums import Phase
from schools.grid import kilometres
from workgroups.enums import Format

register = template.Library()

_PK_MARK = "2147483647"  # an id no row has: the detail path is reversed once per list, each row puts its id in
_FULL = mark_safe('<span class="badge text-bg-warning">Full: waitlist</span>')
_ITEM = (
    '<a class="list-group-item list-group-item-action" href="{}">\n'
    '  <div class="d-flex justify-content-between flex-wrap">\n'
    '    <h3 class="h5 mb-1">{}</h3>\n'
    "    <span>{}</span>\n"
    "  </div>{}\n"
    '  <p class="mb-1">{} Maths Hub · {} {} · {} · {}</p>\n'
    "  <small>{}</small>\n"
    "</a>"
)


def _label(choices, value) -> str:
    # As get_FOO_display: a value the choices no longer have shows as it is stored.
    return choices(value).label if value in choices.values else value


def _distance(row) -> SafeString | str:
    if row.distance_m is None:
        text = "Distance not known (no grid reference for its venue)"
    else:
        text = f"{kilometres(row.distance_m)} km from your school"
    return format_html('\n  <p class="mb-1 fw-semibold" data-testid="distance">{}</p>', text)


def _when(row) -> str:
    if row.first_session:
        parts = [f"First session {date_format(timezone.localtime(row.first_session), 'j F Y')}"]
    else:
        parts = ["Dates to follow"]
    if row.venue:
        parts.append(row.venue)
    if row.registration_deadline:
        parts.append(f"Register by {date_format(row.registration_deadline, 'j F Y')}")
    return " · ".join(parts)


def find_item(row, *, near: bool, detail_path: tuple[str, str]) -> SafeString:
    """One Work Group's link: title, places, distance (``near``, not online), hub, project, phase, format, dates."""
    if row.places_taken >= row.capacity:
        places = _FULL
    else:
        places = format_html(
            '<span class="badge text-bg-success">{} places, {} taken</span>', row.capacity, row.places_taken
        )
    return format_html(
        _ITEM,
        f"{detail_path[0]}{row.pk}{detail_path[1]}",
        row.title,
        places,
        _distance(row) if near and row.format != Format.ONLINE else "",
        row.hub_name,
        row.project_code,
        row.project_title,
        _label(Phase, row.phase),
        _label(Format, row.format),
        _when(row),
    )


@register.simple_tag
def find_items(rows, near=False) -> SafeString:
    """Every row's link, one a line."""
    before, _, after = reverse("workgroups:detail", args=[_PK_MARK]).partition(_PK_MARK)
    items = [find_item(row, near=bool(near), detail_path=(before, after)) for row in rows]
    return mark_safe("\n".join(items))  # noqa: S308 - each item is built by format_html
