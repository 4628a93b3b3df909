"""Signing in: e-mail logins and sign-up (django-allauth), passwords, two-factor authentication, rate limits."""

from .environment import env

# E-mail is the login (django-allauth).
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
ACCOUNT_LOGOUT_REDIRECT_URL = "home"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = env.str("ACCOUNT_EMAIL_VERIFICATION", default="mandatory")
ACCOUNT_UNIQUE_EMAIL = True
# Sign-up and password reset answer alike whether or not an address has an account (the owner is e-mailed).
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_SIGNUP_FORM_CLASS = "accounts.forms.SignupDetailsForm"
# The portal's wording and autocomplete on allauth's forms ("Log in", "Remember me", "E-mail address").
ACCOUNT_ADAPTER = "accounts.adapter.PortalAccountAdapter"
ACCOUNT_FORMS = {
    "login": "accounts.entrance_forms.PortalLoginForm",
    "signup": "accounts.entrance_forms.PortalSignupForm",
    "reset_password": "accounts.entrance_forms.PortalResetPasswordForm",
}
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Maths Hubs] "
ACCOUNT_RATE_LIMITS = {
    "login_failed": "5/5m/ip,5/5m/key",
    "signup": "20/h/ip",
    "reset_password": "20/m/ip,5/m/key",
    "confirm_email": "1/3m/key",
}
ACCOUNT_DEFAULT_HTTP_PROTOCOL = env.str("ACCOUNT_DEFAULT_HTTP_PROTOCOL", default="http")
# Two-factor authentication (allauth.mfa): an authenticator app (TOTP) and recovery codes, offered to everyone.
# With MFA_REQUIRED_FOR_STAFF (on in production, off in the demo so its printed logins work with the password
# alone) site administrators and NCETM staff must set one up before using the portal (accounts/mfa.py).
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Maths Hubs Portal"
MFA_REQUIRED_FOR_STAFF = env.bool("MFA_REQUIRED_FOR_STAFF", default=False)
# Who the client is, for the rate limits above. Behind N reverse proxies that each append to X-Forwarded-For,
# set TRUSTED_PROXY_COUNT=N (production's default is 1); or name the one header your proxy sets to the client's
# address (e.g. TRUSTED_CLIENT_IP_HEADER=X-Real-IP). Without either every client is the proxy's address, and
# five wrong passwords from anyone would lock everyone out.
ALLAUTH_TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
ALLAUTH_TRUSTED_CLIENT_IP_HEADER = env.str("TRUSTED_CLIENT_IP_HEADER", default="") or None
