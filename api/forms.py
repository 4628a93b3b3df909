from django import forms

from api.enums import TOKEN_LIFETIMES, TokenScope
from reports.forms import ReportFilterForm, default_academic_year


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label="Name", max_length=100, help_text="What the token is for, e.g. “Hub CRM nightly sync”."
    )
    scope = forms.ChoiceField(
        label="What it may do",
        choices=TokenScope.choices,
        initial=TokenScope.READ,
        widget=forms.RadioSelect,
        help_text="Either way it sees only what you see. Read and write can also decide registrations, take "
        "registers and, for NCETM staff, change national projects.",
    )
    lifetime_days = forms.TypedChoiceField(
        label="Expires after", choices=list(TOKEN_LIFETIMES.items()), coerce=int, initial=90
    )


class ReportFilterApiForm(ReportFilterForm):
    """The report pages' filters, with the API's natural keys: ``year`` as 2025 or 2025/26, ``region`` and ``hub``
    by slug, ``project`` by code. The validation (a project of another year is refused) is the page's own."""

    def __init__(self, data=None, *, hub=None):
        data = data.copy() if data is not None else {}
        year = str(data.get("year") or "").strip()
        if year and "/" in year:
            data["year"] = year.split("/", 1)[0]
        elif not year:
            default = default_academic_year()
            if default is not None:
                data["year"] = str(default.start_year)
        super().__init__(data, hub=hub)
        self.fields["year"].to_field_name = "start_year"
        self.fields["year"].error_messages["invalid_choice"] = "The portal holds no such academic year (e.g. 2025/26)."
        for name, key in (("region", "slug"), ("hub", "slug"), ("project", "code")):
            if name in self.fields:
                self.fields[name].to_field_name = key
