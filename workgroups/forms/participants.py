"""What a teacher fills in: their registration, the classroom task's reflection, the evaluation."""

from django import forms

from hubs.models import school_in_hub_q
from hubs_portal.input_guard import refuse_direction_overrides
from schools.models import School
from workgroups.models import Evaluation
from workgroups.models.registrations import trn_validator


class RegistrationForm(forms.Form):
    school = forms.ModelChoiceField(queryset=School.objects.none(), help_text="The school you teach at.")
    role_in_school = forms.CharField(
        label="Your role in school",
        max_length=150,
        help_text="e.g. Year 4 teacher, maths lead.",
        validators=[refuse_direction_overrides],
        widget=forms.TextInput(attrs={"autocomplete": "organization-title"}),
    )
    trn = forms.CharField(
        label="Teacher reference number (TRN)",
        required=False,
        max_length=7,
        validators=[trn_validator],
        help_text="Optional: seven digits.",
    )
    # Someone else's name and address: the browser must not fill in the teacher's own.
    headteacher_name = forms.CharField(
        label="Headteacher's name",
        max_length=150,
        validators=[refuse_direction_overrides],
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    headteacher_email = forms.EmailField(
        label="Headteacher's e-mail",
        help_text="We e-mail your headteacher a link to confirm your place.",
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )

    def __init__(self, *args, work_group, teacher, **kwargs):
        super().__init__(*args, **kwargs)
        schools = School.objects.open().filter(school_in_hub_q(work_group.hub))
        if teacher.school_id:
            schools = School.objects.filter(pk=teacher.school_id) | schools
            self.fields["school"].initial = teacher.school_id
        self.fields["school"].queryset = schools.select_related(None).order_by("name")

    def service_values(self) -> dict:
        return dict(self.cleaned_data)


class TaskResponseForm(forms.Form):
    reflection = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=10000,
        help_text="How did the task go? What did your students do?",
    )
    file = forms.FileField(
        label="Student work (optional)",
        required=False,
        help_text="PDF, PNG, JPEG or Word (.docx), up to 5 MB. Only you, your Work Group leads and your hub see it.",
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.png,.jpg,.jpeg,.docx"}),
    )


class EvaluationForm(forms.ModelForm):
    SCORES = [(n, str(n)) for n in range(1, 6)]
    overall = forms.TypedChoiceField(
        label="Overall, how useful was the Work Group? (1 = not at all, 5 = very)",
        choices=SCORES,
        coerce=int,
        widget=forms.RadioSelect,
    )
    impact_on_practice = forms.TypedChoiceField(
        label="How much has it changed your classroom practice? (1 = not at all, 5 = a lot)",
        choices=SCORES,
        coerce=int,
        widget=forms.RadioSelect,
    )

    class Meta:
        model = Evaluation
        fields = ["overall", "impact_on_practice", "comments"]
        widgets = {"comments": forms.Textarea(attrs={"rows": 4})}
