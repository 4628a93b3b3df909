"""The national projects' form (NCETM staff)."""

from django import forms
from django.utils import timezone

from schools.enums import Phase
from workgroups.enums import JourneyStage
from workgroups.models import AcademicYear, NationalProject
from workgroups.models.projects import project_code_validator, project_code_year_error


def project_year_choices() -> list[tuple[int, str]]:
    """The years a project can be for: every year the portal holds, this one and the next (planned ahead)."""
    current = AcademicYear.start_year_for(timezone.localdate())
    years = set(AcademicYear.objects.values_list("start_year", flat=True)) | {current, current + 1}
    return [(year, AcademicYear(start_year=year).name) for year in sorted(years, reverse=True)]


class NationalProjectForm(forms.ModelForm):
    phases = forms.MultipleChoiceField(
        choices=Phase.choices, widget=forms.CheckboxSelectMultiple, help_text="Phases the project is for."
    )
    start_year = forms.TypedChoiceField(label="Academic year", coerce=int, choices=project_year_choices)
    journey_stage = forms.ChoiceField(
        label="Teaching for Mastery journey stage",
        required=False,
        choices=JourneyStage.choices,
        help_text="The stage of a school's Teaching for Mastery journey that completing this project marks.",
    )

    field_order = ["code", "title", "phases", "strand", "start_year"]

    class Meta:
        model = NationalProject
        fields = [
            "code",
            "title",
            "phases",
            "strand",
            "description",
            "default_sessions",
            "default_capacity",
            "default_min_schools",
            "default_teachers_per_school",
            "is_teaching_for_mastery",
            "journey_stage",
        ]
        help_texts = {"code": "The network's pattern NCP<yy>-<nn>, optionally a-d: e.g. NCP24-12 or NCP24-14b."}

    def clean_journey_stage(self):
        return self.cleaned_data["journey_stage"] or JourneyStage.NONE

    def clean_code(self):
        # "ncp24-14B" → "NCP24-14b": the prefix is upper case, the variant letter lower case.
        code = self.cleaned_data["code"].strip()
        if code[:3].upper() == "NCP":
            code = "NCP" + code[3:].lower()
        project_code_validator(code)
        return code

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial.setdefault("start_year", self.instance.academic_year.start_year)
        else:
            self.initial.setdefault("start_year", AcademicYear.start_year_for(timezone.localdate()))

    def clean(self):
        data = super().clean()
        if data.get("code") and data.get("start_year"):
            error = project_code_year_error(data["code"], data["start_year"])
            if error:
                self.add_error("code", error)
        return data
