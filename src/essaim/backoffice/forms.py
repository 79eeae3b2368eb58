"""Helpers for the back-office's forms: one error summary for a form and its formsets,
service refusals put next to their fields, and re-displaying a form without judging it."""

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.forms.utils import ErrorDict


class ErrorSummary:
    """Looks like a form to core/includes/error_summary.html, and gathers the errors of a
    form and of its formsets (each formset field links to its own input)."""

    def __init__(self, form, *formsets):
        self.form = form
        self.formsets = [formset for formset in formsets if formset is not None]

    @property
    def errors(self) -> bool:
        return bool(self.form.errors) or any(
            formset.total_error_count() for formset in self.formsets
        )

    def non_field_errors(self) -> list:
        errors = list(self.form.non_field_errors())
        for formset in self.formsets:
            errors.extend(formset.non_form_errors())
            for form in formset.forms:
                errors.extend(form.non_field_errors())
        return errors

    def __iter__(self):
        yield from self.form
        for formset in self.formsets:
            for form in formset.forms:
                yield from form


def add_service_errors(form, error: ValidationError) -> None:
    """Put a service's refusal next to the fields it names, the rest at the top."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            target = name if name in form.fields and name != NON_FIELD_ERRORS else None
            for item in errors:
                form.add_error(target, item)
    else:
        for message in error.messages:
            form.add_error(None, message)


def silence(*forms) -> None:
    """Show bound forms or formsets as typed, without judging them (after "add a row")."""
    for item in forms:
        if item is None:
            continue
        if hasattr(item, "forms"):
            item._errors = []
            item._non_form_errors = item.error_class()
            silence(*item.forms)
        else:
            item._errors = ErrorDict()
            item.cleaned_data = {}
