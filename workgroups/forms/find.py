"""The teachers' search for a Work Group."""

from django import forms

from hubs_portal.widgets import QuickSelect
from schools.enums import Phase
from workgroups.enums import Format
from workgroups.selectors.find import FindFilters
from workgroups.selectors.find_options import find_filter_options

# Phases a teacher's search starts from: their school's, when Work Groups are run for it (a middle or all-through
# school's teachers join primary or secondary groups, so they start from every phase).
FIND_DEFAULT_PHASES = (Phase.NURSERY, Phase.PRIMARY, Phase.SECONDARY, Phase.SIXTEEN_PLUS)
WITHIN_CHOICES = [("", "Any distance"), ("10", "Within 10 km"), ("20", "Within 20 km"), ("50", "Within 50 km")]


class FindForm(forms.Form):
    FILTER_NAMES = ("q", "hub", "phase", "project", "format", "within")

    q = forms.CharField(label="Search", required=False, max_length=200)
    # QuickSelect: a hundred national projects' options were most of the find page's time as Django's templates.
    # Hubs and projects are chosen by id from the cached lists (``find_filter_options``), not from querysets: the
    # lists cost no query, and the choice none either. The projects offered are this year's and next year's, the
    # only ones an open Work Group can be of.
    hub = forms.TypedChoiceField(coerce=int, empty_value=None, required=False, widget=QuickSelect)
    phase = forms.ChoiceField(choices=[("", "Any phase"), *Phase.choices], required=False, widget=QuickSelect)
    project = forms.TypedChoiceField(coerce=int, empty_value=None, required=False, widget=QuickSelect)
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
        options = find_filter_options()
        self.fields["hub"].choices = [("", "Any hub"), *options.hubs]
        self.fields["project"].choices = [("", "Any project"), *options.projects]
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
