"""Forms about public bodies: choosing one in the referential (the combobox's two inputs),
adding a missing one, merging two."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .enums import ADDABLE_TYPES, DEPARTEMENT_CHOICES
from .models import Organisation
from .search import search
from .services import clean_siren

SEARCH_HINT = _(
    "Tapez son nom, son code postal, son code INSEE ou son SIREN, puis choisissez-le dans "
    "la liste. Par exemple : Pessac, 33600, CC Haute-Corrèze Communauté."
)


class OrganisationChoiceMixin:
    """Two inputs make one choice: `organisation` (the id, set by the combobox) and
    `organisation_query` (the text shown). Without JavaScript only the text changes: it is
    resolved when it designates exactly one body; when it designates several,
    `needs_choice` is set and the view sends the person to the search page."""

    query_field = "organisation_query"
    needs_choice = False

    def resolve_organisation(self, cleaned: dict) -> Organisation | None:
        organisation = cleaned.get("organisation")
        query = (cleaned.get(self.query_field) or "").strip()
        initial_pk = self.initial.get("organisation")
        if query == (self.initial.get(self.query_field) or "") and (
            (organisation.pk if organisation else None) == initial_pk
        ):
            # untouched: keep what was there (a dossier written before the referential
            # keeps its free text until someone picks a body)
            return organisation
        if organisation is not None and query and query != str(organisation):
            organisation = None  # the text was changed after the choice: it is a new search
        if organisation is None and query:
            found = search(query, limit=2)
            if len(found) == 1:
                organisation = found[0]
            elif not found:
                self.add_error(
                    self.query_field,
                    _(
                        "Aucun organisme ne correspond à « %(query)s ». Vérifiez l'orthographe, "
                        "essayez le code postal ou ajoutez votre organisme."
                    )
                    % {"query": query},
                )
            else:
                self.needs_choice = True
        cleaned["organisation"] = organisation
        return organisation


def organisation_fields(label, *, required: bool = False):
    return (
        forms.ModelChoiceField(
            queryset=Organisation.objects.filter(is_active=True),
            required=False,
            widget=forms.HiddenInput,
            error_messages={"invalid_choice": _("Choisissez un organisme dans la liste.")},
        ),
        forms.CharField(
            label=label,
            max_length=100,
            required=required,
            help_text=SEARCH_HINT,
            widget=forms.TextInput(
                attrs={"autocomplete": "off", "spellcheck": "false", "class": "combobox__input"}
            ),
        ),
    )


class OrganisationSearchForm(forms.Form):
    """The search page (without JavaScript, or to look around)."""

    q = forms.CharField(
        label=_("Nom, code postal, code INSEE ou SIREN"),
        max_length=100,
        required=False,
        widget=forms.TextInput(attrs={"type": "search"}),
    )


class OrganisationPickForm(forms.Form):
    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.filter(is_active=True),
        error_messages={
            "required": _("Choisissez un organisme dans la liste."),
            "invalid_choice": _("Choisissez un organisme dans la liste."),
        },
    )


class OrganisationAddForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Type d'organisme"),
        choices=[("", "")] + [(t.value, t.label) for t in ADDABLE_TYPES],
        error_messages={"required": _("Choisissez le type d'organisme.")},
    )
    name = forms.CharField(
        label=_("Nom de l'organisme"),
        max_length=200,
        help_text=_("Son nom complet, sans abréviation. Par exemple : SDIS du Calvados."),
        error_messages={"required": _("Indiquez le nom de l'organisme.")},
    )
    departement = forms.ChoiceField(
        label=_("Département de son siège"),
        choices=[("", ""), *DEPARTEMENT_CHOICES],
        error_messages={"required": _("Choisissez un département.")},
    )
    siren = forms.CharField(
        label=_("SIREN"),
        max_length=20,
        required=False,
        help_text=_(
            "9 chiffres, sur l'Annuaire des entreprises ou une fiche de paie. Facultatif, "
            "mais il évite les doublons."
        ),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )

    def clean_siren(self):
        try:
            return clean_siren(self.cleaned_data.get("siren") or "")
        except ValidationError as exc:
            raise forms.ValidationError(exc.messages[0]) from exc


class OrganisationMergeForm(OrganisationChoiceMixin, forms.Form):
    organisation, organisation_query = organisation_fields(
        _("Organisme qui reste (celui du référentiel officiel, le plus souvent)"), required=True
    )
    reason = forms.CharField(
        label=_("Motif"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Par exemple : doublon ajouté par un porteur de projet."),
    )

    def __init__(self, *args, source: Organisation, **kwargs):
        self.source = source
        super().__init__(*args, **kwargs)

    def clean(self):
        cleaned = super().clean()
        target = self.resolve_organisation(cleaned)
        if target is not None and target.pk == self.source.pk:
            self.add_error(
                "organisation_query",
                _("Choisissez un autre organisme que celui que vous fusionnez."),
            )
        return cleaned
