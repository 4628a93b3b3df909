"""A hub's own settings for its Work Groups: its half-terms and its reminder schedule."""

from django import forms

from hubs_portal.widgets import DATE_INPUT
from workgroups.enums import HalfTermName
from workgroups.models.reminder_settings import validate_offset_days


class HubHalfTermsForm(forms.Form):
    """A hub's six half-terms for one year; a row left empty uses the network's dates."""

    def __init__(self, *args, network=None, own=None, **kwargs):
        super().__init__(*args, **kwargs)
        network, own = network or {}, own or {}
        self.rows = []
        for number, label in HalfTermName.choices:
            start = forms.DateField(label=f"{label} starts", required=False, widget=DATE_INPUT)
            end = forms.DateField(label=f"{label} ends", required=False, widget=DATE_INPUT)
            self.fields[f"start_{number}"], self.fields[f"end_{number}"] = start, end
            if number in own:
                self.initial[f"start_{number}"], self.initial[f"end_{number}"] = own[number]
            self.rows.append((number, label, network.get(number)))

    def clean(self):
        data = super().clean()
        for number, label in HalfTermName.choices:
            start, end = data.get(f"start_{number}"), data.get(f"end_{number}")
            if bool(start) != bool(end):
                self.add_error(
                    f"start_{number}" if not start else f"end_{number}", f"Give both dates of {label}, or neither."
                )
        return data

    def dates(self) -> dict:
        data = self.cleaned_data
        return {
            number: (data[f"start_{number}"], data[f"end_{number}"]) if data.get(f"start_{number}") else None
            for number, _ in HalfTermName.choices
        }

    def bound_rows(self):
        return [(n, label, net, self[f"start_{n}"], self[f"end_{n}"]) for n, label, net in self.rows]


class ReminderScheduleForm(forms.Form):
    session_offset_days = forms.CharField(
        label="Remind participants and leads this many days before each session",
        max_length=40,
        help_text="Whole days separated by commas, e.g. 7,1.",
        validators=[validate_offset_days],
    )
