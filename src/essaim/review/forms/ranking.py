"""Forms of the ranking page: its filters (a GET form whose words show in the address bar)
and the shortlist decision taken on the ticked dossiers."""

from django import forms
from django.utils.translation import gettext_lazy as _

from essaim.applications.enums import ApplicationState
from essaim.core.widgets import FastSelect
from essaim.funds.models import Call

# sort key in the address -> (column header, descending first when clicked)
SORT_COLUMNS: dict[str, tuple[str, bool]] = {
    "rang": (_("Rang"), False),
    "reference": (_("Référence"), False),
    "titre": (_("Titre du projet"), False),
    "organisme": (_("Organisme"), False),
    "theme": (_("Thématique"), False),
    "etat": (_("État"), False),
    "avis": (_("Évaluations"), True),
    "moyenne": (_("Moyenne /20"), True),
    "mediane": (_("Médiane /20"), True),
    "ecart": (_("Écart-type /20"), True),
    "normalise": (_("Score normalisé"), True),
    "desaccord": (_("Désaccord"), True),
}
DEFAULT_SORT = "rang"
SORT_CHOICES = [(key, key) for key in SORT_COLUMNS] + [
    (f"-{key}", f"-{key}") for key in SORT_COLUMNS
]
FILTER_NAMES = ("theme", "etat", "desaccord", "min_avis")


class RankingFilterForm(forms.Form):
    theme = forms.ModelChoiceField(
        label=_("Thématique"),
        queryset=None,
        required=False,
        empty_label=_("Toutes"),
        widget=FastSelect,
    )
    etat = forms.ChoiceField(
        label=_("État du dossier"),
        choices=[("", _("Tous")), *ApplicationState.choices],
        required=False,
        widget=FastSelect,
    )
    desaccord = forms.BooleanField(label=_("Seulement les désaccords"), required=False)
    min_avis = forms.IntegerField(
        label=_("Nombre minimum d'évaluations"),
        min_value=0,
        max_value=99,
        required=False,
        error_messages={
            "invalid": _("Saisissez un nombre entier, par exemple 2."),
            "min_value": _("Saisissez un nombre positif ou nul."),
            "max_value": _("Saisissez un nombre inférieur à 100."),
        },
        widget=forms.NumberInput(attrs={"class": "input--short"}),
    )
    tri = forms.ChoiceField(choices=SORT_CHOICES, required=False, widget=forms.HiddenInput)

    def __init__(self, data=None, *, call: Call):
        super().__init__(data)
        self.fields["theme"].queryset = call.themes.all()
        for field in self.fields.values():
            field.hide_optional = True  # every filter is optional: no "(facultatif)" noise

    def value(self, name: str):
        """A filter's valid value, or None (an invalid one is shown beside its field and
        ignored)."""
        if not self.is_bound or name in self.errors:
            return None
        return self.cleaned_data.get(name) or None

    @property
    def sort(self) -> str:
        return self.value("tri") or DEFAULT_SORT

    @property
    def is_filtered(self) -> bool:
        return any(self.value(name) for name in FILTER_NAMES)


class ShortlistForm(forms.Form):
    """The decision for the ticked dossiers. `dossiers` offers the ids the page may decide."""

    dossiers = forms.TypedMultipleChoiceField(
        label=_("Dossiers"),
        coerce=int,
        error_messages={
            "required": _("Cochez au moins un dossier."),
            "invalid_choice": _("Un dossier coché ne peut plus être décidé : rechargez la page."),
        },
    )
    decision = forms.TypedChoiceField(
        choices=[
            (ApplicationState.SHORTLISTED, _("Présélectionner")),
            (ApplicationState.NOT_SHORTLISTED, _("Ne pas présélectionner")),
        ],
        error_messages={"required": _("Choisissez la décision.")},
    )
    reason = forms.CharField(
        label=_("Motif communiqué aux équipes"),
        help_text=_(
            "Obligatoire pour « Ne pas présélectionner » : chaque équipe concernée le lira."
        ),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=3000,
        required=False,
    )
    internal_note = forms.CharField(
        label=_("Note interne"),
        help_text=_("Seule l'équipe du fonds la lit."),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=3000,
        required=False,
    )

    def __init__(self, data=None, *, choices: list[int]):
        super().__init__(data)
        self.fields["dossiers"].choices = [(pk, pk) for pk in choices]
        self.fields["reason"].hide_optional = True

    def clean(self):
        data = super().clean()
        if (
            data.get("decision") == ApplicationState.NOT_SHORTLISTED
            and not (data.get("reason") or "").strip()
        ):
            self.add_error(
                "reason",
                _("Indiquez le motif : il sera communiqué aux équipes non présélectionnées."),
            )
        return data

    @property
    def selected(self) -> set[int]:
        """The ticked ids as typed (valid or not), to tick them again."""
        if not self.is_bound:
            return set()
        selected = set()
        for value in self.data.getlist("dossiers"):
            try:
                selected.add(int(value))
            except ValueError:
                continue
        return selected
