"""allauth's log-in, sign-up and password-reset forms in the portal's words: "E-mail address", "Remember me",
no placeholders standing in for labels, ``autocomplete`` on every personal field, and a failed log-in tied to
the fields it is about.

Kept apart from ``accounts/forms.py``: allauth imports that module (``ACCOUNT_SIGNUP_FORM_CLASS``) while it
defines the forms subclassed here.
"""

from allauth.account.forms import LoginForm, ResetPasswordForm, SignupForm
from django.core.exceptions import ValidationError

EMAIL_LABEL = "E-mail address"
LOGIN_MISMATCH = "The e-mail address or the password is not right. Check both and try again."


def _plain(field, *, label: str | None = None, autocomplete: str | None = None) -> None:
    if label:
        field.label = label
    field.widget.attrs.pop("placeholder", None)
    if autocomplete:
        field.widget.attrs["autocomplete"] = autocomplete


class PortalLoginForm(LoginForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _plain(self.fields["login"], label=EMAIL_LABEL, autocomplete="email")
        _plain(self.fields["password"])
        if "remember" in self.fields:
            self.fields["remember"].label = "Remember me"

    def clean(self):
        # A wrong e-mail or password is an error of both fields: shown at the e-mail address (which the error
        # summary links to) and the password marked invalid too, rather than floating above the form.
        try:
            return super().clean()
        except ValidationError as error:
            mismatch = (error.code or "").endswith("password_mismatch")
            self.add_error("login", LOGIN_MISMATCH if mismatch else error)
            self.fields["password"].widget.attrs["aria-invalid"] = "true"
            self.fields["password"].widget.attrs["class"] = "is-invalid"
            return self.cleaned_data


class PortalSignupForm(SignupForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _plain(self.fields["email"], label=EMAIL_LABEL, autocomplete="email")
        _plain(self.fields["full_name"])
        _plain(self.fields["password1"])
        _plain(self.fields["password2"])
        self.order_fields(["full_name", "email", "password1", "password2"])


class PortalResetPasswordForm(ResetPasswordForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _plain(self.fields["email"], label=EMAIL_LABEL, autocomplete="email")
