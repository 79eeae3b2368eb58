"""The confirmation asked before deleting an account."""

from django import forms
from django.utils.translation import gettext_lazy as _


class AccountDeleteForm(forms.Form):
    """Confirm with the password, or, for an account without one (signed in through
    ProConnect), by typing the account's e-mail address: either way a borrowed, unattended
    session is not enough to delete someone's account."""

    password = forms.CharField(
        label=_("Votre mot de passe"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": _("Saisissez votre mot de passe pour confirmer.")},
    )
    email = forms.CharField(
        label=_("Votre adresse e-mail"),
        max_length=254,
        help_text=_("Celle de votre compte, pour confirmer que vous voulez le supprimer."),
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
        error_messages={
            "required": _("Saisissez l'adresse e-mail de votre compte pour confirmer.")
        },
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        if user.has_usable_password():
            del self.fields["email"]
        else:
            del self.fields["password"]

    def clean_password(self):
        password = self.cleaned_data.get("password", "")
        if not self.user.check_password(password):
            raise forms.ValidationError(
                _("Ce n'est pas votre mot de passe : votre compte n'est pas supprimé.")
            )
        return password

    def clean_email(self):
        email = (self.cleaned_data.get("email") or "").strip()
        if email.lower() != self.user.email.lower():
            raise forms.ValidationError(
                _(
                    "Ce n'est pas l'adresse e-mail de votre compte : votre compte n'est pas supprimé."
                )
            )
        return email
