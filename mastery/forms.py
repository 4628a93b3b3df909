from django import forms

from mastery.enums import COHORT_PHASE_CHOICES, LaunchAttendee, ProgrammeYear
from mastery.models import Cohort, MasterySpecialist
from mastery.models.specialists import TRAINING_DAYS_MAX


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
