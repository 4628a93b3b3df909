from django import forms

from notifications.enums import OutboxStatus
from notifications.registry import kinds


class OutboxFilterForm(forms.Form):
    kind = forms.ChoiceField(
        label="Kind of e-mail", required=False, widget=forms.Select(attrs={"class": "form-select"})
    )
    status = forms.ChoiceField(
        label="State",
        required=False,
        choices=[("", "Any state"), *OutboxStatus.choices],
        widget=forms.Select(attrs={"class": "form-select"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", "Every kind"), *((k.name, k.label) for k in kinds())]


class PreferencesForm(forms.Form):
    kinds = forms.MultipleChoiceField(
        label="Send me these e-mails",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Untick a kind to stop it. E-mails of it already queued are not sent.",
    )

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kinds"].choices = choices
