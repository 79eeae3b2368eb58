"""allauth's forms, minus what our design system avoids: placeholders repeating labels.

Kept apart from forms.py, which allauth itself imports (ACCOUNT_SIGNUP_FORM_CLASS).
"""

from allauth.account import forms as allauth_forms
from allauth.core import context
from allauth.mfa.base import forms as mfa_forms
from allauth.mfa.totp import forms as totp_forms
from django.utils.translation import gettext_lazy as _

from .two_factor import ENROLLED_SESSION_KEY


class _NoPlaceholders:
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            field.widget.attrs.pop("placeholder", None)
            if name in ("email", "login"):
                field.label = _("Adresse e-mail")
                field.widget.attrs.setdefault("autocomplete", "email")


class LoginForm(_NoPlaceholders, allauth_forms.LoginForm):
    pass


class SignupForm(_NoPlaceholders, allauth_forms.SignupForm):
    pass


class ResetPasswordForm(_NoPlaceholders, allauth_forms.ResetPasswordForm):
    pass


class ResetPasswordKeyForm(_NoPlaceholders, allauth_forms.ResetPasswordKeyForm):
    pass


class ChangePasswordForm(_NoPlaceholders, allauth_forms.ChangePasswordForm):
    pass


class AddEmailForm(_NoPlaceholders, allauth_forms.AddEmailForm):
    pass


# --- two-factor authentication (allauth.mfa, through MFA_FORMS) ----------------------------


class _CodeField:
    """A one-time code: its own label, no placeholder, digits on phones."""

    code_label = _("Code")
    code_help = ""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["code"]
        field.label = self.code_label
        field.help_text = self.code_help
        field.widget.attrs.pop("placeholder", None)
        field.widget.attrs.update(
            {"autocomplete": "one-time-code", "spellcheck": "false", "autocapitalize": "off"}
        )


class AuthenticateForm(_CodeField, mfa_forms.AuthenticateForm):
    code_label = _("Code de vérification")
    code_help = _(
        "Le code à 6 chiffres affiché par votre application d'authentification, ou l'un de "
        "vos codes de secours à 8 chiffres."
    )


class ReauthenticateForm(_CodeField, mfa_forms.ReauthenticateForm):
    code_label = _("Code de vérification")
    code_help = AuthenticateForm.code_help


class ActivateTOTPForm(_CodeField, totp_forms.ActivateTOTPForm):
    code_label = _("Code affiché par l'application")
    code_help = _("6 chiffres, sans espace. Le code change toutes les 30 secondes.")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"].widget.attrs["inputmode"] = "numeric"

    def clean_code(self) -> str:
        code = super().clean_code()
        # The right code proves the person holds the app, as a code at sign-in would: this
        # session has passed the second factor (see two_factor.session_passed_second_factor).
        context.request.session[ENROLLED_SESSION_KEY] = True
        return code
