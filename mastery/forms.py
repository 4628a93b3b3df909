import datetime

from django import forms
from django.utils import timezone

from hubs_portal.widgets import DATE_INPUT, TIME_INPUT, add_span_moments
from mastery.enums import (
    ACCREDITATION_MOVES,
    COHORT_PHASE_CHOICES,
    AccreditationKind,
    AccreditationPhase,
    AccreditationStatus,
    LaunchAttendee,
    ProgrammeYear,
)
from mastery.models import Cohort, MasterySpecialist
from mastery.models.specialists import TRAINING_DAYS_MAX
from workgroups.enums import JourneyStage


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
        add_span_moments(data)
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


class CohortForm(forms.Form):
    """NCETM staff's new cohort: the academic year its training starts in, and its phase."""

    start_year = forms.TypedChoiceField(label="Start year", coerce=int, help_text="The year of its training (year 1).")
    phase = forms.ChoiceField(label="Phase", choices=COHORT_PHASE_CHOICES)

    def __init__(self, *args, current_start_year: int, **kwargs):
        super().__init__(*args, **kwargs)
        years = range(current_start_year - 2, current_start_year + 3)
        self.fields["start_year"].choices = [(y, f"{y}/{(y + 1) % 100:02d}") for y in years]
        self.fields["start_year"].initial = current_start_year + 1


def _cohort_label(cohort: Cohort) -> str:
    return str(cohort)


class NominationForm(forms.Form):
    """A hub manager's nomination of a teacher of the hub's schools, by the e-mail address of their account."""

    email = forms.EmailField(
        label="The teacher's e-mail address",
        max_length=254,
        help_text="The address they log in with. They need an account linked to one of the hub's schools.",
    )
    cohort = forms.ModelChoiceField(label="Cohort", queryset=Cohort.objects.none(), empty_label=None)

    def __init__(self, *args, cohorts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cohort"].queryset = cohorts
        self.fields["cohort"].label_from_instance = _cohort_label


class MilestonesForm(forms.Form):
    """The hub's record of a specialist's milestones."""

    programme_year = forms.TypedChoiceField(label="Programme year", coerce=int, choices=ProgrammeYear.choices)
    training_days_attended = forms.IntegerField(
        label="Training days attended", min_value=0, max_value=TRAINING_DAYS_MAX, help_text="In year 1."
    )
    launch_attendee = forms.ChoiceField(
        label="Who from their school came to the launch",
        required=False,
        choices=[("", "Not recorded"), *LaunchAttendee.choices],
    )
    launch_attendee_name = forms.CharField(label="Their name", required=False, max_length=150)
    first_work_group = forms.ModelChoiceField(
        label="First Work Group led",
        required=False,
        queryset=MasterySpecialist.objects.none(),
        empty_label="None yet",
        help_text="The hub's Work Groups they lead or led.",
    )

    def __init__(self, *args, work_groups, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["first_work_group"].queryset = work_groups
        self.fields["first_work_group"].label_from_instance = lambda wg: f"{wg.code} {wg.title} ({wg.academic_year})"


class PlacementForm(forms.Form):
    """NCETM staff's placing of a specialist in another cohort."""

    cohort = forms.ModelChoiceField(label="Cohort", queryset=Cohort.objects.none(), empty_label=None)
    reason = forms.CharField(label="Reason (kept in the audit trail)", required=False, max_length=500)

    def __init__(self, *args, cohorts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cohort"].queryset = cohorts
        self.fields["cohort"].label_from_instance = _cohort_label


class AccreditationStartForm(forms.Form):
    """NCETM staff open an accreditation for a specialist: PD Lead in a phase, or School Development Lead."""

    kind = forms.ChoiceField(label="Accreditation", choices=AccreditationKind.choices, widget=forms.RadioSelect)
    phase = forms.ChoiceField(
        label="Phase (PD Lead)",
        required=False,
        choices=[("", "None (School Development Lead)"), *AccreditationPhase.choices],
        help_text="PD Lead accreditation is by phase; School Development Lead has none.",
    )


class AccreditationDecisionForm(forms.Form):
    """NCETM staff's decision on an accreditation. Any status is accepted here (the service judges the move, so a
    stale page gets the service's reason); the radio buttons offer only the moves allowed from ``current``."""

    status = forms.ChoiceField(label="Move to", choices=AccreditationStatus.choices, widget=forms.RadioSelect)
    on = forms.DateField(
        label="Date it took effect",
        widget=DATE_INPUT,
        help_text="Today or earlier: for accredited, the date of accreditation (re-registration falls due 3 years on).",
    )
    notes = forms.CharField(
        label="Evidence notes",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Kept on the accreditation and in its history, e.g. the sessions and gap tasks completed.",
    )
    document = forms.FileField(
        label="Evidence document (optional)",
        required=False,
        help_text="PDF, PNG, JPEG or Word (.docx), up to 5 MB; replaces the one kept. Only NCETM staff, the "
        "specialist and their hub's managers can download it.",
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.png,.jpg,.jpeg,.docx"}),
    )
    confirm = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, current: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].widget.choices = [
            (status, AccreditationStatus(status).label) for status in ACCREDITATION_MOVES[current]
        ]
