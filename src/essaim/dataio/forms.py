"""Staff forms: an export (format, columns grouped by theme, which dossiers) and an import
upload."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from .datasets import DatasetSpec
from .enums import SHEET_FORMATS, ExportFormat

SCOPE_CHOICES = [
    ("submitted", _("Les dossiers déposés (sans les brouillons)")),
    ("laureates", _("Les lauréats seulement")),
    ("all", _("Tous les dossiers, brouillons compris")),
]


class ExportForm(forms.Form):
    format = forms.ChoiceField(
        label=_("Format du fichier"),
        choices=[(value, ExportFormat(value).label) for value in SHEET_FORMATS],
        initial=ExportFormat.XLSX,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choisissez un format.")},
    )
    columns = forms.MultipleChoiceField(
        label=_("Colonnes"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("Cochez au moins une colonne."),
            "invalid_choice": _("Cette colonne n'existe pas : rechargez la page."),
        },
    )

    def __init__(self, *args, spec: DatasetSpec, call, **kwargs):
        super().__init__(*args, **kwargs)
        self.spec = spec
        self.spec_columns = spec.columns_for(call)
        self.fields["columns"].choices = [(c.key, c.label) for c in self.spec_columns]
        self.fields["columns"].initial = [c.key for c in self.spec_columns if c.default]
        if spec.key == "dossiers":
            self.fields["scope"] = forms.ChoiceField(
                label=_("Dossiers exportés"),
                choices=SCOPE_CHOICES,
                initial="submitted",
                widget=forms.RadioSelect,
            )

    def column_groups(self) -> list[dict]:
        """The column checkboxes by theme, in the definition's order: one fieldset each."""
        boxes = {box.data["value"]: box for box in self["columns"]}
        groups = []
        for index, group in enumerate(self.spec.groups):
            items = [boxes[c.key] for c in self.spec_columns if c.group == group]
            if items:
                groups.append({"label": group, "id": f"groupe-{index}", "boxes": items})
        return groups

    def filters(self) -> dict:
        scope = self.cleaned_data.get("scope")
        return {"scope": scope} if scope else {}


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Fichier à importer"),
        error_messages={
            "required": _("Choisissez le fichier à importer."),
            "empty": _("Ce fichier est vide."),
        },
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _(
            "Un fichier CSV (UTF-8, séparateur point-virgule) ou Excel (.xlsx) de %(mb)s Mo au "
            "plus, avec les colonnes du modèle. Rien n'est enregistré avant votre confirmation."
        ) % {"mb": settings.ESSAIM_IMPORT_MAX_BYTES // (1024 * 1024)}
