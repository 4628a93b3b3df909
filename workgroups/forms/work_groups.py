"""A hub's forms for its Work Groups: their details, a new one from a national project, and completion."""

from django import forms
from django.utils import timezone

from accounts.models import User
from hubs_portal.widgets import DATE_INPUT
from schools.models import School
from workgroups.models import NationalProject, WorkGroup
from workgroups.models.workgroups import work_group_code_validator
from workgroups.selectors.lists import projects_open_for_work_groups


class LeadEmailsField(forms.CharField):
    """Work Group leads, entered as the e-mail addresses of their portal accounts."""

    def clean(self, value):
        value = super().clean(value)
        emails = [e.strip().lower() for e in value.replace(";", ",").replace("\n", ",").split(",") if e.strip()]
        users = list(User.objects.filter(email__in=emails))
        missing = sorted(set(emails) - {u.email for u in users})
        if missing:
            raise forms.ValidationError(
                f"No portal account has the e-mail {', '.join(missing)}. Save without it, then invite them with "
                "“Invite a lead” on the Work Group's page: they become a lead when they accept."
            )
        return users


class WorkGroupForm(forms.ModelForm):
    venue_school_urn = forms.IntegerField(
        label="Venue school (URN)",
        required=False,
        min_value=1,
        max_value=999_999_999,
        help_text="When the group meets at a school: its URN. Its name and grid reference come from the schools "
        "register. Otherwise leave it empty and type the venue's postcode and grid reference below.",
    )
    lead_emails = LeadEmailsField(
        label="Work Group leads",
        required=False,
        help_text="E-mail addresses of the leads' portal accounts, separated by commas. Someone without an account: "
        "invite them from the Work Group's page.",
    )

    class Meta:
        model = WorkGroup
        fields = [
            "title",
            "description",
            "phase",
            "format",
            "venue",
            "venue_postcode",
            "venue_easting",
            "venue_northing",
            "capacity",
            "min_schools",
            "teachers_per_school",
            "registration_deadline",
            "required_attendance_percent",
        ]
        widgets = {"registration_deadline": DATE_INPUT, "description": forms.Textarea(attrs={"rows": 3})}
        labels = {
            "min_schools": "Minimum schools",
            "required_attendance_percent": "Attendance needed to complete (%)",
            "venue": "Venue name",
            "venue_postcode": "Venue postcode",
            "venue_easting": "Venue easting (metres)",
            "venue_northing": "Venue northing (metres)",
        }
        help_texts = {
            "venue": "Empty with a venue school: the school's name.",
            "venue_easting": "The venue's British National Grid reference, e.g. 545120 (any postcode finder gives "
            "it). With the northing, it lets teachers see how far away the group meets.",
            "venue_northing": "e.g. 262410.",
        }

    field_order = ["title", "description", "phase", "format", "venue_school_urn", "venue"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["lead_emails"] = ", ".join(u.email for u in self.instance.leads.all())
            if self.instance.venue_school_id:
                self.initial["venue_school_urn"] = self.instance.venue_school.urn

    def clean_venue_school_urn(self):
        urn = self.cleaned_data.get("venue_school_urn")
        if urn is None:
            return None
        school = School.objects.filter(urn=urn).first()
        if school is None:
            raise forms.ValidationError(f"No school in the register has the URN {urn}.")
        return school

    def clean_venue_postcode(self):
        return " ".join(self.cleaned_data.get("venue_postcode", "").upper().split())

    def clean(self):
        data = super().clean()
        school = data.get("venue_school_urn")
        easting, northing = data.get("venue_easting"), data.get("venue_northing")
        if school is not None and (easting is not None or northing is not None or data.get("venue_postcode")):
            self.add_error(
                "venue_school_urn",
                "Give either a venue school or a postcode and grid reference, not both: a school's come from the "
                "schools register.",
            )
        elif (easting is None) != (northing is None):
            self.add_error(
                "venue_easting" if easting is None else "venue_northing",
                "Give both the easting and the northing of the venue.",
            )
        return data

    def clean_registration_deadline(self):
        deadline = self.cleaned_data.get("registration_deadline")
        if (
            deadline
            and deadline < timezone.localdate()
            and self.has_changed()
            and "registration_deadline" in self.changed_data
        ):
            raise forms.ValidationError("The registration deadline cannot be in the past.")
        return deadline

    def service_values(self) -> dict:
        values = {name: self.cleaned_data[name] for name in self.Meta.fields}
        values["venue_school"] = self.cleaned_data.get("venue_school_urn")
        return values


class WorkGroupCreateForm(WorkGroupForm):
    project = forms.ModelChoiceField(queryset=NationalProject.objects.none())
    code = forms.CharField(
        required=False,
        max_length=30,
        validators=[work_group_code_validator],
        help_text="Leave empty for one made from the project code and the hub.",
    )

    field_order = ["project", "code", "title", "description", "phase", "format", "venue_school_urn", "venue"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["project"].queryset = projects_open_for_work_groups().order_by("-academic_year__start_year", "code")

    def clean_code(self):
        code = self.cleaned_data["code"].strip()
        if code and WorkGroup.objects.filter(code=code).exists():
            raise forms.ValidationError("Another Work Group has this code.")
        return code


class WorkGroupCompleteForm(forms.Form):
    """The hub lead's confirmation on the completion page; asked for only when registers are missing."""

    missing_registers_confirmed = forms.BooleanField(
        required=True,
        label="Complete it without these registers (participants with no mark count as not attending)",
    )
