from django import forms
from django.utils import timezone

from hubs.models import Hub
from hubs_portal.widgets import QuickSelect
from reports.enums import QuestionKind
from reports.models import ImpactSurveyQuestion
from reports.selectors import ReportFilters
from schools.enums import Phase
from schools.models import Region
from workgroups.models import AcademicYear, NationalProject

# The phases a report can be filtered by (every school's but "not applicable").
PHASES = [(value, label) for value, label in Phase.choices if value != Phase.NOT_APPLICABLE]


def default_academic_year() -> AcademicYear | None:
    """This academic year if the portal holds it, else the latest one held."""
    current = AcademicYear.start_year_for(timezone.localdate())
    return (
        AcademicYear.objects.filter(start_year__lte=current).order_by("-start_year").first()
        or AcademicYear.objects.order_by("start_year").first()
    )


class ReadOnceChoiceIterator(forms.models.ModelChoiceIterator):
    """The choices read with one plain query, kept by the form's own copy of the queryset. Django's iterator reads
    them through a server-side cursor on PostgreSQL (declare, fetch until empty, close: four round trips) every
    time, and a required select is iterated twice (once to ask whether its first choice is empty): twenty round
    trips for the network report's four model filters, four now."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in self.queryset:
            yield self.choice(obj)


class FilterChoiceField(forms.ModelChoiceField):
    iterator = ReadOnceChoiceIterator


class ProjectChoiceField(FilterChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.code} {obj.title}"


class ReportFilterForm(forms.Form):
    """The report's filters, read from the query string. A hub's report has no region or hub choice."""

    year = FilterChoiceField(
        label="Academic year",
        queryset=AcademicYear.objects.order_by("-start_year"),
        empty_label=None,
        widget=QuickSelect,
    )
    region = FilterChoiceField(
        label="Region", queryset=Region.objects.all(), required=False, empty_label="All", widget=QuickSelect
    )
    hub = FilterChoiceField(
        label="Hub", queryset=Hub.objects.all(), required=False, empty_label="All", widget=QuickSelect
    )
    phase = forms.ChoiceField(label="Phase", choices=[("", "All"), *PHASES], required=False, widget=QuickSelect)
    project = ProjectChoiceField(
        label="National project",
        # Five years of projects: their descriptions are long, and neither the choices nor the report read them.
        queryset=NationalProject.objects.only("code", "title", "academic_year").order_by(
            "-academic_year__start_year", "code"
        ),
        required=False,
        empty_label="All",
        widget=QuickSelect,
    )

    def __init__(self, data=None, *, hub: Hub | None = None):
        self.fixed_hub = hub
        data = data.copy() if data is not None else {}
        if not data.get("year"):
            year = default_academic_year()
            if year is not None:
                data["year"] = str(year.pk)
        super().__init__(data)
        if hub is not None:
            del self.fields["region"], self.fields["hub"]

    def clean(self):
        cleaned = super().clean()
        year, project = cleaned.get("year"), cleaned.get("project")
        if year and project and project.academic_year_id != year.pk:
            self.add_error("project", f"{project.code} is a project of {project.academic_year}, not {year}.")
        return cleaned

    def filters(self) -> ReportFilters:
        data = self.cleaned_data
        return ReportFilters(
            academic_year=data["year"],
            region=data.get("region"),
            hub=self.fixed_hub or data.get("hub"),
            phase=data.get("phase") or "",
            project=data.get("project"),
        )


class ImpactSurveyForm(forms.Form):
    """The headteacher's answers: the fixed positive-impact question, then the year's questions."""

    respondent_name = forms.CharField(
        label="Your name", max_length=150, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    positive_impact = forms.TypedChoiceField(
        label="Has the Teaching for Mastery programme had a positive impact on your school?",
        choices=[("yes", "Yes"), ("no", "No")],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, questions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        for question in self.questions:
            name = f"question_{question.pk}"
            if question.kind == QuestionKind.YES_NO:
                field = forms.ChoiceField(choices=[("yes", "Yes"), ("no", "No")], widget=forms.RadioSelect)
            elif question.kind == QuestionKind.SCALE:
                field = forms.ChoiceField(
                    choices=[(str(n), str(n)) for n in range(1, 6)],
                    widget=forms.RadioSelect,
                    help_text="1 is the lowest, 5 the highest.",
                )
            else:
                field = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), max_length=4000)
            field.label = question.text
            field.required = question.required
            self.fields[name] = field

    def answers(self) -> dict:
        return {q: self.cleaned_data.get(f"question_{q.pk}") or "" for q in self.questions}


class ImpactSurveyQuestionForm(forms.ModelForm):
    class Meta:
        model = ImpactSurveyQuestion
        fields = ["text", "kind", "position", "required"]
        labels = {"text": "Question", "required": "An answer is required"}


QuestionFormSet = forms.modelformset_factory(
    ImpactSurveyQuestion, form=ImpactSurveyQuestionForm, extra=2, can_delete=True
)


class SurveyYearForm(forms.Form):
    year = forms.ModelChoiceField(
        label="Academic year",
        queryset=AcademicYear.objects.order_by("-start_year"),
        empty_label=None,
        widget=QuickSelect,
    )


class SchoolLinkRequestForm(forms.Form):
    """ "E-mail me my school's link": the headteacher types their address (the page never says whether it matched)."""

    email = forms.EmailField(
        label="Your school e-mail address",
        max_length=254,
        help_text="The address you confirmed a teacher's place from.",
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
