import datetime

from django import forms
from django.utils import timezone

from workgroups.enums import JourneyStage

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME_INPUT = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


class SpecialistChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, specialist):
        return f"{specialist.user.full_name} ({specialist.user.school.name})"


class OpenLessonForm(forms.Form):
    """Plan an open lesson. ``specialists``: whom the person may plan for (one: a specialist for themself)."""

    specialist = SpecialistChoiceField(queryset=None, label="Host", help_text="The lesson is held at their school.")
    date = forms.DateField(widget=DATE_INPUT)
    start_time = forms.TimeField(widget=TIME_INPUT, help_text="UK time.")
    end_time = forms.TimeField(widget=TIME_INPUT, help_text="UK time.")
    class_or_year_group = forms.CharField(
        label="Class or year group", max_length=100, help_text="The class the visitors watch, e.g. Year 4 or 9X2."
    )
    focus = forms.CharField(max_length=255, help_text="What the lesson shows, e.g. “Reasoning with fractions”.")
    capacity = forms.IntegerField(
        label="Places", min_value=1, max_value=60, initial=8, help_text="How many visiting teachers can come."
    )
    details = forms.CharField(
        label="Details for visitors",
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Where to sign in, parking, what to bring.",
    )

    def __init__(self, *args, specialists, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["specialist"].queryset = specialists
        if len(specialists) == 1:
            self.fields["specialist"].initial = specialists[0].pk

    def clean(self):
        data = super().clean()
        if {"date", "start_time", "end_time"} <= data.keys():
            tz = timezone.get_current_timezone()
            data["starts_at"] = timezone.make_aware(datetime.datetime.combine(data["date"], data["start_time"]), tz)
            data["ends_at"] = timezone.make_aware(datetime.datetime.combine(data["date"], data["end_time"]), tz)
        return data

    def service_values(self) -> dict:
        names = ("specialist", "starts_at", "ends_at", "class_or_year_group", "focus", "capacity", "details")
        return {name: self.cleaned_data[name] for name in names}


class OpenLessonCancelForm(forms.Form):
    reason = forms.CharField(
        max_length=255, help_text="The teachers who booked read it in their e-mail, e.g. “The class is on a trip”."
    )


class MonthForm(forms.Form):
    """The hub calendar's month (``?month=2027-03``); anything else shows the current month."""

    month = forms.RegexField(regex=r"^\d{4}-(0[1-9]|1[0-2])$", required=False)

    def month_start(self) -> datetime.date:
        today = timezone.localdate()
        if self.is_valid() and self.cleaned_data["month"]:
            year, month = map(int, self.cleaned_data["month"].split("-"))
            if 2000 <= year <= 2100:
                return datetime.date(year, month, 1)
        return today.replace(day=1)


class SchoolStageForm(forms.Form):
    """A hub lead's record of a school's stage; "the stage its Work Groups give" removes the record."""

    stage = forms.ChoiceField(
        label="Stage",
        required=False,
        choices=[
            ("", "The stage its Work Groups give (remove the record)"),
            (JourneyStage.NONE, "Not started"),
            *[(v, label) for v, label in JourneyStage.choices if v != JourneyStage.NONE],
        ],
    )
    reason = forms.CharField(
        max_length=255, help_text="Kept with the stage and in the audit trail, e.g. “Development done in 2018/19”."
    )
