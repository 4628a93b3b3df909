"""``{% load report_html %}``: the report pages' filters, figure sections and not-reached rows, written in Python.

The network report has eleven sections and five filters. Drawn by templates (crispy's bootstrap5 field template for
each filter, an include for each section, ``{% url %}`` for each link) they took longer than the rest of the page:
every lookup, filter and ``{% if %}`` is a few microseconds. The markup is the one those templates wrote (ids,
classes, labels, aria attributes, error messages); the accessibility and browser tests read it. Every value from a
table, a form or the database is escaped here (``format_html``, ``escape_text``).
"""

from django import template
from django.urls import reverse
from django.utils.html import format_html, format_html_join, json_script
from django.utils.safestring import SafeString, mark_safe

from hubs_portal.escaping import escape_text

register = template.Library()

# Ids no row has: a list's link is reversed once, and each row puts its own key in place of the mark.
_TABLE_MARK = "tablekeymark"
_SLUG_MARK = "hubslugmark"

_REQUIRED = mark_safe('<span class="asteriskField">*</span>')  # noqa: S308 - a constant


@register.simple_tag
def filter_field(field) -> SafeString:
    """One filter (a ``QuickSelect``): label, select and errors as crispy's bootstrap5 ``field.html`` wrote them.
    Django's own widget attributes stay: ``aria-invalid`` and ``aria-describedby`` naming the errors below."""
    required = field.field.required
    # The classes crispy gave the select: the widget's name, Bootstrap's, and "is-invalid" when it has errors.
    classes = "quickselect form-select is-invalid" if field.errors else "quickselect form-select"
    errors = ""
    if field.errors:
        errors = format_html(
            '<div id="{}_error" class="invalid-feedback">{}</div>',
            field.errors.field_id,
            format_html_join(
                "",
                '<p id="error_{}_{}"><strong>{}</strong></p>',
                ((number, field.auto_id, error) for number, error in enumerate(field.errors, 1)),
            ),
        )
    help_text = ""
    if field.help_text:
        help_text = format_html('<div id="{}_helptext" class="form-text">{}</div>', field.auto_id, field.help_text)
    return format_html(
        '<div id="div_{}" class="mb-3"><label for="{}" class="form-label{}">{}{}</label>{}{}{}</div>',
        field.auto_id,
        field.id_for_label,
        " requiredField" if required else "",
        field.label,
        _REQUIRED if required else "",
        field.as_widget(attrs={"class": classes}),
        errors,
        help_text,
    )


def _download_paths(hub) -> dict[str, tuple[str, str]]:
    """Each format's download link, around the table's key: (before, after)."""
    paths = {}
    for fmt in ("csv", "xlsx"):
        if hub is None:
            path = reverse("reports:network_download", args=[_TABLE_MARK, fmt])
        else:
            path = reverse("reports:hub_download", args=[hub.slug, _TABLE_MARK, fmt])
        before, _, after = path.partition(_TABLE_MARK)
        paths[fmt] = (before, after)
    return paths


def report_section(table, *, open_all: bool, caption: str, downloads: dict[str, tuple[str, str]], query: str) -> str:
    """One figure: its heading always in view; its definition, chart and table fold under it (open when the page has
    just this one). On wide screens the table sits beside the chart."""
    key = escape_text(table.key)
    title = escape_text(table.title)
    lower = escape_text(table.title.lower())
    query = escape_text(query)
    per_hub = ", hubs in order of the first figure" if table.per_hub else ""
    headers = "".join(
        ('<th scope="col">' if number == 0 else '<th scope="col" class="text-end">') + escape_text(h) + "</th>"
        for number, h in enumerate(table.headers)
    )
    left_out = ""
    if table.hubs_left_out:
        count = len(table.hubs_left_out)
        names = ", ".join(escape_text(name) for name in table.hubs_left_out)
        left_out = (
            f'\n        <p class="small" data-testid="hubs-left-out">Not listed: {count} hub{"" if count == 1 else "s"}'
            f" with no open school in this selection and no figures ({names}).</p>"
        )
    links = {
        fmt: escape_text(before) + key + escape_text(after) + "?" + query
        for fmt, (before, after) in downloads.items()
    }
    return (
        f'<section class="report-section" aria-labelledby="{key}-heading" id="{key}">\n'
        f'  <h2 id="{key}-heading" class="h4">{title}</h2>\n'
        f'  <details class="report-details"{" open" if open_all else ""}>\n'
        f'    <summary>Chart and table<span class="visually-hidden"> of {lower}</span></summary>\n'
        f'    <p class="small text-body-secondary portal-prose" data-testid="definition">'
        f"{escape_text(table.definition)}</p>\n"
        '    <div class="row g-4">\n'
        '      <div class="col-xl-5">\n'
        '        <div class="report-chart">\n'
        f'          <canvas data-chart="chart-data-{key}" role="img"\n'
        f'                  aria-label="Chart of {lower}{per_hub}; the same figures are in the table beside it."></canvas>\n'
        "        </div>\n"
        f"        {json_script(table.chart(), 'chart-data-' + table.key)}\n"
        "      </div>\n"
        '      <div class="col-xl-7">\n'
        '        <p class="table-scroll-cue small">The table scrolls sideways; the first column stays in view.</p>\n'
        f'        <div class="table-responsive" tabindex="0" role="region" aria-label="{title} (table)">\n'
        f'          <table class="table table-sm table-striped table-keyed" data-testid="table-{key}">\n'
        f'            <caption class="caption-top">{title}{escape_text(caption)}</caption>\n'
        "            <thead>\n"
        f"              <tr>{headers}</tr>\n"
        "            </thead>\n"
        "            <tbody>\n"
        f"              {table.body_html()}\n"
        "            </tbody>\n"
        "          </table>\n"
        f"        </div>{left_out}\n"
        '        <p class="small">\n'
        "          Download this table:\n"
        f'          <a href="{links["csv"]}">CSV<span class="visually-hidden"> of {lower}</span></a> ·\n'
        f'          <a href="{links["xlsx"]}">Excel (XLSX)<span class="visually-hidden"> of {lower}</span></a>\n'
        "        </p>\n"
        "      </div>\n"
        "    </div>\n"
        "  </details>\n"
        "</section>"
    )


@register.simple_tag
def report_sections(tables, *, hub=None, filters=None, query="") -> SafeString:
    """``{% report_sections tables hub=hub filters=filters query=query %}``: every table's section, in order."""
    caption = f", {filters.academic_year.name}" if filters else ""
    downloads = _download_paths(hub)
    sections = [
        report_section(table, open_all=len(tables) == 1, caption=caption, downloads=downloads, query=query)
        for table in tables
    ]
    return mark_safe("\n".join(sections))  # noqa: S308 - report_section escapes every value it writes


@register.simple_tag
def not_reached_rows(not_reached) -> SafeString:
    """The network report's "Schools not yet reached" rows: each hub, linked to its list, and its count."""
    before, _, after = reverse("hubs:not_reached", args=[_SLUG_MARK]).partition(_SLUG_MARK)
    before, after = escape_text(before), escape_text(after)
    rows = [
        f'<tr><td data-label="Hub"><a href="{before}{escape_text(hub.slug)}{after}">{escape_text(hub.name)}</a></td>'
        f'<td data-label="Schools not reached" class="text-end">{escape_text(count)}</td></tr>'
        for hub, count in not_reached
    ]
    return mark_safe("\n".join(rows))  # noqa: S308 - every value above is escaped
