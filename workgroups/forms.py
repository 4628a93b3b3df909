"""Forms of the Work Groups pages. They validate input only; services apply the rules."""

import datetime

from django import forms
from django.utils import timezone

from accounts.models import User
from hubs.models import Hub, school_in_hub_q
from hubs_portal.input_guard import refuse_direction_overrides
from hubs_portal.widgets import QuickSelect
from schools.enums import Phase
from schools.models import School
from workgroups.enums import AttendanceStatus, Format, HalfTermName, JourneyStage
from workgroups.models import AcademicYear, Evaluation, NationalProject, WorkGroup
from workgroups.models.projects import project_code_validator, project_code_year_error
from workgroups.models.registrations import trn_validator
from workgroups.models.reminder_settings import validate_offset_days
from workgroups.models.workgroups import work_group_code_validator
from workgroups.selectors.find import FindFilters

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME_INPUT = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


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


def projects_open_for_work_groups():
    """Projects a hub can run a Work Group of: those of this academic year and the next."""
    current = AcademicYear.start_year_for(timezone.localdate())
    return NationalProject.objects.filter(academic_year__start_year__in=(current, current + 1)).select_related(
        "academic_year"
    )


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
        if {"date", "start_time", "end_time"} <= data.keys():
            tz = timezone.get_current_timezone()
            data["starts_at"] = timezone.make_aware(datetime.datetime.combine(data["date"], data["start_time"]), tz)
            data["ends_at"] = timezone.make_aware(datetime.datetime.combine(data["date"], data["end_time"]), tz)
        return data

    def service_values(self) -> dict:
        names = ("starts_at", "ends_at", "venue", "online_link", "agenda", "task", "holiday_confirmed")
        return {name: self.cleaned_data[name] for name in names}


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


# Phases a teacher's search starts from: their school's, when Work Groups are run for it (a middle or all-through
# school's teachers join primary or secondary groups, so they start from every phase).
FIND_DEFAULT_PHASES = (Phase.NURSERY, Phase.PRIMARY, Phase.SECONDARY, Phase.SIXTEEN_PLUS)
WITHIN_CHOICES = [("", "Any distance"), ("10", "Within 10 km"), ("20", "Within 20 km"), ("50", "Within 50 km")]


class FindForm(forms.Form):
    FILTER_NAMES = ("q", "hub", "phase", "project", "format", "within")

    q = forms.CharField(label="Search", required=False, max_length=200)
    # QuickSelect: a hundred national projects' options were most of the find page's time as Django's templates.
    # The projects offered are this year's and next year's, the only ones an open Work Group can be of.
    hub = forms.ModelChoiceField(queryset=None, required=False, empty_label="Any hub", widget=QuickSelect)
    phase = forms.ChoiceField(choices=[("", "Any phase"), *Phase.choices], required=False, widget=QuickSelect)
    project = forms.ModelChoiceField(
        queryset=NationalProject.objects.all(), required=False, empty_label="Any project", widget=QuickSelect
    )
    format = forms.ChoiceField(choices=[("", "Any format"), *Format.choices], required=False, widget=QuickSelect)
    within = forms.TypedChoiceField(
        label="Distance from your school",
        choices=WITHIN_CHOICES,
        coerce=int,
        empty_value=None,
        required=False,
        widget=QuickSelect,
    )

    def __init__(self, *args, near: bool = False, **kwargs):
        """``near``: the teacher's school has a grid reference, so the distance filter is offered."""
        super().__init__(*args, **kwargs)
        self.fields["hub"].queryset = Hub.objects.all()
        self.fields["project"].queryset = projects_open_for_work_groups()
        if not near:
            del self.fields["within"]
        for name, form_field in self.fields.items():
            form_field.widget.attrs["class"] = "form-control" if name == "q" else "form-select"

    @staticmethod
    def defaults_for(school) -> dict:
        """Where a teacher's search starts: their school's hub, and its phase when groups are run for it."""
        return {
            "hub": str(school.served_hub_id or ""),
            "phase": school.phase if school.phase in FIND_DEFAULT_PHASES else "",
        }

    def filters(self):
        """The filters for ``selectors.workgroups_find``; invalid input filters nothing rather than failing."""
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        return FindFilters(
            hub=data.get("hub"),
            phase=data.get("phase", ""),
            project=data.get("project"),
            format=data.get("format", ""),
            q=data.get("q", "").strip(),
            within_km=data.get("within"),
        )


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


class WorkGroupCompleteForm(forms.Form):
    """The hub lead's confirmation on the completion page; asked for only when registers are missing."""

    missing_registers_confirmed = forms.BooleanField(
        required=True,
        label="Complete it without these registers (participants with no mark count as not attending)",
    )


class ReminderScheduleForm(forms.Form):
    session_offset_days = forms.CharField(
        label="Remind participants and leads this many days before each session",
        max_length=40,
        help_text="Whole days separated by commas, e.g. 7,1.",
        validators=[validate_offset_days],
    )
