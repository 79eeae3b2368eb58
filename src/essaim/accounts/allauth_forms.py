"""allauth's forms, minus what our design system avoids: placeholders repeating labels.

Kept apart from forms.py, which allauth itself imports (ACCOUNT_SIGNUP_FORM_CLASS).
"""

from allauth.account import forms as allauth_forms
from django.utils.translation import gettext_lazy as _


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
