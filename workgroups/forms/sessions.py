"""A Work Group's sessions: planning one, and its register."""


from django import forms
from django.utils import timezone

from hubs_portal.widgets import DATE_INPUT, TIME_INPUT, add_span_moments
from workgroups.enums import AttendanceStatus


class SessionForm(forms.Form):
    date = forms.DateField(widget=DATE_INPUT)
    start_time = forms.TimeField(widget=TIME_INPUT, help_text="UK time.")
    end_time = forms.TimeField(widget=TIME_INPUT, help_text="UK time.")
    venue = forms.CharField(required=False, max_length=255, help_text="Empty: the Work Group's venue.")
    online_link = forms.URLField(required=False, label="Online link", assume_scheme="https")
    agenda = forms.CharField(required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 3}))
    task = forms.CharField(
        max_length=5000,
        label="Classroom task before the next session",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    holiday_confirmed = forms.BooleanField(
        label="Hold it in the holiday",
        required=False,
        help_text="Only needed when the date falls outside the hub's half-terms.",
    )

    @classmethod
    def initial_for(cls, session) -> dict:
        start, end = timezone.localtime(session.starts_at), timezone.localtime(session.ends_at)
        return {
            "date": start.date(),
            "start_time": start.time(),
            "end_time": end.time(),
            "venue": session.venue,
            "online_link": session.online_link,
            "agenda": session.agenda,
            "task": session.task,
        }

    def clean(self):
        data = super().clean()
        add_span_moments(data)
        return data

    def service_values(self) -> dict:
        names = ("starts_at", "ends_at", "venue", "online_link", "agenda", "task", "holiday_confirmed")
        return {name: self.cleaned_data[name] for name in names}


class RegisterForm(forms.Form):
    """One radio group per participant: present, late, absent or apologies."""

    def __init__(self, *args, rows, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = rows
        for row in rows:
            self.fields[f"r{row.registration.pk}"] = forms.ChoiceField(
                label=str(row.registration.teacher),
                choices=AttendanceStatus.choices,
                widget=forms.RadioSelect,
                initial=row.status or None,
                required=False,
            )

    def marks(self) -> dict[int, str]:
        return {int(name[1:]): value for name, value in self.cleaned_data.items() if name.startswith("r") and value}

    def bound_rows(self):
        return [(row, self[f"r{row.registration.pk}"]) for row in self.rows]
