"""Messages of validation that say what to do, in the words of the page's own hints."""

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.utils.formats import number_format
from django.utils.translation import gettext as _


class TextLengthValidator(MaxLengthValidator):
    """Django's "Assurez-vous que cette valeur comporte au plus 3000 caractères (actuellement
    3299)" becomes what the character counter under the field says: how many to remove."""

    def __call__(self, value):
        length, limit = len(value), self.limit_value
        if length <= limit:
            return
        excess = length - limit
        raise ValidationError(
            _("Ce texte fait %(length)s caractères pour %(limit)s au plus : retirez-en %(excess)s.")
            % {
                "length": number_format(length, force_grouping=True),
                "limit": number_format(limit, force_grouping=True),
                "excess": number_format(excess, force_grouping=True),
            },
            code="max_length",
        )


def explain_text_lengths(form) -> None:
    """Give every text field of `form` with a maximum length the message above."""
    for field in form.fields.values():
        limit = getattr(field, "max_length", None)
        if limit is None:
            continue
        field.validators = [
            TextLengthValidator(limit) if isinstance(v, MaxLengthValidator) else v
            for v in field.validators
        ]


EARLIEST_YEAR, LATEST_YEAR = 2000, 2100


def sensible_date(value) -> None:
    """Refuse a date outside 2000–2100: a slip of the keyboard (0202, 20266, 9999) would be
    kept and then break every calendar drawn from it."""
    if value is None:
        return
    if not EARLIEST_YEAR <= value.year <= LATEST_YEAR:
        raise ValidationError(
            _("Indiquez une date entre %(first)s et %(last)s.")
            % {"first": EARLIEST_YEAR, "last": LATEST_YEAR},
            code="out_of_range",
        )


class SensibleDateField(forms.DateField):
    """A date field that refuses dates outside 2000–2100 (`sensible_date`)."""

    default_validators = [sensible_date]
