"""A ceiling on password length, beside Django's own validators (which only set a floor)."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext


class MaximumLengthValidator:
    """Refuse passwords longer than `max_length` characters: a passphrase fits easily, a
    pasted megabyte does not reach the hasher."""

    def __init__(self, max_length: int = 128):
        self.max_length = max_length

    def validate(self, password: str, user=None) -> None:
        if len(password) > self.max_length:
            raise ValidationError(
                ngettext(
                    "Ce mot de passe est trop long : %(max_length)d caractère au plus.",
                    "Ce mot de passe est trop long : %(max_length)d caractères au plus.",
                    self.max_length,
                ),
                code="password_too_long",
                params={"max_length": self.max_length},
            )

    def get_help_text(self) -> str:
        return _("Votre mot de passe ne doit pas dépasser %(max_length)d caractères.") % {
            "max_length": self.max_length
        }
