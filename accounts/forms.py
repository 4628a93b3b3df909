from django import forms
from django.db.models import Q

from accounts.models import User
from hubs_portal.input_guard import refuse_direction_overrides
from schools.models import School


class SignupDetailsForm(forms.Form):
    """Extra fields on allauth's sign-up form."""

    full_name = forms.CharField(
        label="Full name",
        max_length=150,
        validators=[refuse_direction_overrides],
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )

    def signup(self, request, user):
        user.full_name = self.cleaned_data["full_name"].strip()
        user.save(update_fields=["full_name"])


class ProfileForm(forms.ModelForm):
    """Name and school. The school is chosen among search results (radio buttons, see the profile page)."""

    school = forms.ModelChoiceField(
        queryset=School.objects.none(),
        required=False,
        label="Your school",
        error_messages={"invalid_choice": "Choose an open school from the search results."},
    )

    # The profile page draws the school picker itself: an error about the school links to its fieldset.
    error_anchors = {"school": "school-picker"}

    class Meta:
        model = User
        fields = ["full_name", "school"]
        widgets = {"full_name": forms.TextInput(attrs={"autocomplete": "name"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Any open school, or the one already chosen even if it has closed since.
        current = Q(pk=self.instance.school_id) if self.instance.school_id else Q(pk__in=[])
        self.fields["school"].queryset = School.objects.filter(Q(pk__in=School.objects.open().values("pk")) | current)


class AuditFilterForm(forms.Form):
    """The audit trail's filters (GET). Hub choices are the hubs the reader may see."""

    hub = forms.TypedChoiceField(label="Hub", required=False, coerce=int, empty_value=None)
    action = forms.CharField(
        label="Action", required=False, max_length=60, help_text='e.g. "registration" or "hub.updated"'
    )
    q = forms.CharField(label="Person or object", required=False, max_length=100, help_text="Name, e-mail or object")
    date_from = forms.DateField(label="From", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label="To", required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, hubs=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["hub"].choices = [("", "Every hub you may see")] + [(hub.pk, hub.name) for hub in hubs]
        for name, field in self.fields.items():
            field.widget.attrs["class"] = (
                "form-select form-select-sm" if name == "hub" else "form-control form-control-sm"
            )


class AccountCloseForm(forms.Form):
    """Closing an account is confirmed with the password and a tick: it cannot be undone."""

    password = forms.CharField(
        label="Your password", widget=forms.PasswordInput(attrs={"autocomplete": "current-password"})
    )
    confirm = forms.BooleanField(
        label="I understand: my account closes, my name, e-mail, TRN, reflections and comments are removed, "
        "and this cannot be undone."
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError("That is not your password.")
        return password
