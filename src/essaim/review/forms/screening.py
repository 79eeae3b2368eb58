"""Forms of eligibility screening: one dossier against the call's checklist, or several
dossiers at once with the same decision."""

from django import forms
from django.utils.translation import gettext_lazy as _

from essaim.applications.enums import ApplicationState
from essaim.applications.models import Application

REASON_MAX_LENGTH = 3000
REASON_REQUIRED = _("Indiquez le motif : il sera communiqué à l'équipe du projet.")

OUTCOME_CHOICES = [
    (ApplicationState.ELIGIBLE, _("Recevable")),
    (ApplicationState.INELIGIBLE, _("Non recevable")),
]


class _DecisionFields(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Décision"),
        choices=OUTCOME_CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choisissez « Recevable » ou « Non recevable ».")},
    )
    reason = forms.CharField(
        label=_("Motif communiqué à l'équipe"),
        help_text=_("Obligatoire si le dossier n'est pas recevable. L'équipe du projet le lira."),
        max_length=REASON_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    internal_note = forms.CharField(
        label=_("Note interne"),
        help_text=_("Lue seulement par l'équipe du fonds, jamais par l'équipe du projet."),
        max_length=REASON_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean(self):
        cleaned = super().clean()
        reason = (cleaned.get("reason") or "").strip()
        cleaned["reason"] = reason
        cleaned["internal_note"] = (cleaned.get("internal_note") or "").strip()
        # a reason refused for its length is there: asking for it too would contradict
        if (
            cleaned.get("outcome") == ApplicationState.INELIGIBLE
            and not reason
            and "reason" not in self.errors
        ):
            self.add_error("reason", REASON_REQUIRED)
        return cleaned


class ScreeningForm(_DecisionFields):
    """One dossier: the call's checklist as boxes to tick, then the decision."""

    checklist = forms.MultipleChoiceField(
        label=_("Liste de vérification de l'appel"),
        help_text=_("Cochez chaque critère que le dossier remplit."),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    field_order = ["checklist", "outcome", "reason", "internal_note"]

    def __init__(self, *args, rules: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.rules = rules
        if rules:
            self.fields["checklist"].choices = [(str(i), rule) for i, rule in enumerate(rules)]
            self.fields["checklist"].hide_optional = True
        else:
            del self.fields["checklist"]

    def clean(self):
        cleaned = super().clean()
        ticked = set(cleaned.get("checklist") or [])
        if (
            self.rules
            and cleaned.get("outcome") == ApplicationState.ELIGIBLE
            and len(ticked) < len(self.rules)
            and "checklist" not in self.errors
        ):
            # recevable means every criterion met: one left unticked is a slip or a refusal
            self.add_error(
                "checklist",
                _(
                    "Un dossier recevable remplit chaque critère : cochez-les tous, ou "
                    "déclarez-le non recevable en indiquant celui qui manque."
                ),
            )
        return cleaned

    def checklist_answers(self) -> dict[str, bool]:
        ticked = set(self.cleaned_data.get("checklist") or [])
        return {rule: str(i) in ticked for i, rule in enumerate(self.rules)}


class BulkScreeningForm(_DecisionFields):
    """Several dossiers, ticked in the screening list, given the same decision."""

    applications = forms.ModelMultipleChoiceField(
        label=_("Dossiers cochés"),
        queryset=Application.objects.none(),
        widget=forms.MultipleHiddenInput,
        error_messages={
            "required": _("Cochez au moins un dossier dans la liste."),
            "invalid_choice": _("Un des dossiers cochés n'est pas un dossier de cet appel."),
            "invalid_pk_value": _("Un des dossiers cochés n'est pas un dossier de cet appel."),
        },
    )
    field_order = ["applications", "outcome", "reason", "internal_note"]

    def __init__(self, *args, queryset, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["applications"].queryset = queryset
        self.fields["reason"].help_text = _(
            "Obligatoire si les dossiers ne sont pas recevables. Chaque équipe le lira."
        )

    def selected_ids(self) -> set[str]:
        """The ticked boxes as sent, so that a page with errors keeps them ticked."""
        if not self.is_bound:
            return set()
        return set(self.data.getlist(self.add_prefix("applications")))
