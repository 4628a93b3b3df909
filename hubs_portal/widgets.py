"""Form widgets of the portal's own: the browser's date and time pickers, and a ``<select>`` written in Python.

Django renders each ``<option>`` through a template of its own (and each option's attributes through another):
for the filter forms of the find page and the reports, whose lists hold every hub and every national project of
five years, that was the largest part of the page's time. ``QuickSelect`` writes the same markup directly.
"""

import datetime

from django import forms
from django.forms.utils import flatatt
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from hubs_portal.escaping import escape_text

# The browser's own pickers; their values are ISO dates and 24-hour times whatever the page's locale.
DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME_INPUT = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


class QuickSelect(forms.Select):
    """``forms.Select`` with the same HTML (attributes, optgroups, the selected option), rendered without templates
    and without the option dictionaries ``Select.get_context`` builds for them."""

    def render(self, name, value, attrs=None, renderer=None):
        values = self.format_value(value)
        parts = [format_html('<select name="{}"{}>', name, flatatt(self.build_attrs(self.attrs, attrs)))]
        selected_one = False  # as Select.optgroups: one option selected, the first whose value matches
        for group_value, group_label in self.choices:
            grouped = isinstance(group_label, list | tuple)
            if grouped and group_value:
                parts.append(format_html('<optgroup label="{}">', group_value))
            for option_value, option_label in group_label if grouped else ((group_value, group_label),):
                option_value = "" if option_value is None else str(option_value)
                selected = not selected_one and option_value in values
                selected_one |= selected
                parts.append(
                    '<option value="'
                    + escape_text(option_value)
                    + ('" selected>' if selected else '">')
                    + escape_text(option_label)
                    + "</option>"
                )
            if grouped and group_value:
                parts.append("</optgroup>")
        parts.append("</select>")
        return mark_safe("".join(parts))  # noqa: S308 - every value above is escaped


def add_span_moments(data: dict) -> None:
    """A form's ``date``, ``start_time`` and ``end_time`` (the pickers above) as ``starts_at`` and ``ends_at``, aware
    in the current time zone; nothing when one of the three is missing or invalid."""
    if {"date", "start_time", "end_time"} <= data.keys():
        tz = timezone.get_current_timezone()
        data["starts_at"] = timezone.make_aware(datetime.datetime.combine(data["date"], data["start_time"]), tz)
        data["ends_at"] = timezone.make_aware(datetime.datetime.combine(data["date"], data["end_time"]), tz)
