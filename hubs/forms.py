import re

from django import forms

from hubs.enums import PersonRole
from hubs.models import Hub
from hubs.reach import DEFAULT_YEARS, MAX_YEARS, SORTS, NotReachedFilters
from hubs_portal.widgets import DATE_INPUT, QuickSelect
from schools.enums import Phase
from schools.models import LocalAuthority, School
from workgroups.enums import JourneyStage


class HubSchoolFilterForm(forms.Form):
    """The dashboard's filters (GET). Choices of local authority and trust come from the hub's own schools."""

    q = forms.CharField(label="Search", required=False, max_length=100, help_text="Name, URN or postcode")
    phase = forms.ChoiceField(
        label="Phase", required=False, choices=[("", "Any phase"), *Phase.choices], widget=QuickSelect
    )
    local_authority = forms.TypedChoiceField(
        label="Local authority", required=False, coerce=int, empty_value=None, widget=QuickSelect
    )
    trust = forms.TypedChoiceField(label="Trust", required=False, coerce=int, empty_value=None, widget=QuickSelect)
    engaged = forms.ChoiceField(
        label="Engaged this year",
        required=False,
        choices=[("", "Engaged or not"), ("yes", "Engaged"), ("no", "Not engaged")],
        widget=QuickSelect,
    )

    stage = forms.ChoiceField(
        label="TfM stage",
        required=False,
        choices=[
            ("", "Any stage"),
            (JourneyStage.NONE, "Not started"),
            *[(value, label) for value, label in JourneyStage.choices if value != JourneyStage.NONE],
        ],
    )

    def __init__(self, *args, local_authorities=(), trusts=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["local_authority"].choices = [("", "Any local authority")] + [
            (la.pk, la.name) for la in local_authorities
        ]
        self.fields["trust"].choices = [("", "Any trust")] + [(trust.pk, trust.name) for trust in trusts]

    def engaged_value(self) -> bool | None:
        return {"yes": True, "no": False}.get(self.cleaned_data.get("engaged") or "")


class HubDetailsForm(forms.ModelForm):
    """A hub lead's edit of their hub: contact details and lead schools (the area stays an NCETM decision)."""

    website = forms.URLField(label="Website", required=False, assume_scheme="https")
    lead_school_urns = forms.CharField(
        label="Lead schools (URNs)",
        required=False,
        help_text="The URNs of the hub's lead schools, separated by commas or spaces.",
    )
    confirm_removals = forms.BooleanField(
        label="Yes, remove them from the hub",
        required=False,
        help_text="Needed when the changes take lead schools away from the hub.",
    )
    reason = forms.CharField(
        label="Reason for the change (kept in the audit trail)",
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    class Meta:
        model = Hub
        fields = ["contact_email", "contact_phone", "website"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            leads = list(self.instance.lead_schools.order_by("urn").values_list("urn", "name"))
            self.fields["lead_school_urns"].initial = ", ".join(str(urn) for urn, _ in leads)
            if leads:
                self.fields["lead_school_urns"].help_text += " Now: " + "; ".join(
                    f"{name} ({urn})" for urn, name in leads
                )

    def clean_lead_school_urns(self) -> list[School]:
        schools = _schools_by_urn(self.cleaned_data["lead_school_urns"])
        closed = [school.name for school in schools if not school.is_open]
        if closed:
            raise forms.ValidationError(f"Closed schools cannot lead a hub: {', '.join(closed)}.")
        return schools

    def clean(self):
        cleaned = super().clean()
        if self.errors or not self.instance.pk:
            return cleaned
        removals = self.removals()
        if removals and not cleaned.get("confirm_removals"):
            # An empty or mistaken post must not wipe the hub: taking anything away is confirmed first.
            self.add_error(
                "confirm_removals",
                "These changes remove " + "; ".join(removals) + ". Tick the box to confirm, or put them back.",
            )
        return cleaned

    def removals(self) -> list[str]:
        """What the submitted form takes away from the hub, named for the confirmation."""
        kept = {school.pk for school in self.cleaned_data.get("lead_school_urns") or []}
        leads = [str(school) for school in self.instance.lead_schools.all() if school.pk not in kept]
        return ["the lead schools " + ", ".join(sorted(leads))] if leads else []

    def details(self) -> dict:
        """The plain Hub fields, for ``hub_update(details=...)``."""
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class HubEditForm(HubDetailsForm):
    """NCETM staff's edit of a hub: its area, lead schools and contact details."""

    local_authorities = forms.ModelMultipleChoiceField(
        label="Area (local authorities)",
        queryset=LocalAuthority.objects.order_by("name"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 14}),
        help_text="Hold Ctrl (⌘ on a Mac) to choose several. Each local authority is served by one hub.",
    )
    moved_school_urns = forms.CharField(
        label="Schools outside the area served by this hub (URNs)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Explicit choices that override the local authority's hub, e.g. a school nearer this hub. "
        "They survive every import of the schools register.",
    )

    field_order = [
        *HubDetailsForm.Meta.fields,
        "active_since",
        "local_authorities",
        "lead_school_urns",
        "moved_school_urns",
    ]

    class Meta(HubDetailsForm.Meta):
        fields = ["contact_email", "contact_phone", "website", "active_since"]
        widgets = {"active_since": DATE_INPUT}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        confirm = self.fields["confirm_removals"]
        confirm.help_text = (
            "Needed when the changes take local authorities, lead schools or moved schools away from the hub."
        )
        if self.instance.pk and not self.is_bound:
            self.fields["local_authorities"].initial = list(
                self.instance.area.values_list("local_authority_id", flat=True)
            )
            self.fields["moved_school_urns"].initial = ", ".join(
                str(urn)
                for urn in self.instance.school_overrides.order_by("school__urn").values_list("school__urn", flat=True)
            )

    def clean_moved_school_urns(self) -> list[School]:
        return _schools_by_urn(self.cleaned_data["moved_school_urns"])

    def removals(self) -> list[str]:
        hub, cleaned = self.instance, self.cleaned_data
        kept_las = {la.pk for la in cleaned.get("local_authorities") or []}
        kept_moved = {school.pk for school in cleaned.get("moved_school_urns") or []}
        las = [
            area.local_authority.name
            for area in hub.area.select_related("local_authority")
            if area.local_authority_id not in kept_las
        ]
        moved = [str(o.school) for o in hub.school_overrides.select_related("school") if o.school_id not in kept_moved]
        parts = ["the local authorities " + ", ".join(sorted(las))] if las else []
        parts += super().removals()
        if moved:
            parts.append("the moved schools " + ", ".join(sorted(moved)))
        return parts


def _schools_by_urn(raw: str) -> list[School]:
    """The schools whose URNs are listed (commas, spaces or new lines). Raises ValidationError naming bad ones."""
    tokens = [token for token in re.split(r"[\s,;]+", raw) if token]
    bad = [token for token in tokens if not (token.isascii() and token.isdigit() and len(token) <= 9)]
    if bad:
        raise forms.ValidationError(f"Not a URN: {', '.join(bad)}.")
    urns = {int(token) for token in tokens}
    schools = list(School.objects.filter(urn__in=urns))
    unknown = sorted(urns - {school.urn for school in schools})
    if unknown:
        raise forms.ValidationError(f"No school with URN {', '.join(map(str, unknown))}.")
    return schools


class InvitationForm(forms.Form):
    """Invite someone by e-mail to a role. The roles offered are those the inviter may give (``hubs.rules``);
    the hub is chosen on the network's page (hub leads), the Work Group for a Work Group lead."""

    email = forms.EmailField(label="E-mail address", max_length=254)
    name = forms.CharField(label="Name", max_length=150, required=False, help_text="Used to greet them.")
    role = forms.ChoiceField(label="Role")
    hub = forms.ModelChoiceField(label="Hub", queryset=Hub.objects.none(), required=False)
    work_group = forms.ModelChoiceField(
        label="Work Group", queryset=Hub.objects.none(), required=False, help_text="For a Work Group lead."
    )
    title = forms.CharField(
        label="Title in the hub", max_length=150, required=False, help_text="Optional, e.g. 'Secondary lead'."
    )

    def __init__(self, *args, roles, hubs=None, work_groups=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = [(role, PersonRole(role).label) for role in roles]
        if len(roles) == 1:
            self.fields["role"].initial = roles[0]
        if hubs is None:
            del self.fields["hub"]
        else:
            self.fields["hub"].queryset = hubs
        if work_groups is None:
            del self.fields["work_group"]
        else:
            self.fields["work_group"].queryset = work_groups
            self.fields["work_group"].label_from_instance = lambda wg: f"{wg.code} {wg.title} ({wg.academic_year})"
        if PersonRole.NCETM_STAFF in roles or hubs is not None:
            del self.fields["title"]

    def clean(self):
        cleaned = super().clean()
        role = cleaned.get("role")
        if role == PersonRole.WORK_GROUP_LEAD and "work_group" in self.fields and not cleaned.get("work_group"):
            self.add_error("work_group", "Choose the Work Group they will lead.")
        if role == PersonRole.LEAD and "hub" in self.fields and not cleaned.get("hub"):
            self.add_error("hub", "Choose the hub they will lead.")
        return cleaned


class NotReachedFilterForm(forms.Form):
    """The not-reached list's filters and order (GET); bad values fall back to the defaults."""

    years = forms.IntegerField(
        label="Not reached in the last (years)",
        required=False,
        min_value=1,
        max_value=MAX_YEARS,
        help_text="Academic years, this one included.",
    )
    phase = forms.ChoiceField(label="Phase", required=False, choices=[("", "Any phase"), *Phase.choices])
    local_authority = forms.TypedChoiceField(label="Local authority", required=False, coerce=int, empty_value=None)
    sort = forms.ChoiceField(label="Order", required=False, choices=[(key, label) for key, (label, _) in SORTS.items()])

    def __init__(self, *args, local_authorities=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["local_authority"].choices = [("", "Any local authority")] + [
            (la.pk, la.name) for la in local_authorities
        ]

    def filters(self) -> NotReachedFilters:
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        return NotReachedFilters(
            years=data.get("years") or DEFAULT_YEARS,
            phase=data.get("phase", ""),
            local_authority=data.get("local_authority"),
            sort=data.get("sort") or "fsm",
        )
